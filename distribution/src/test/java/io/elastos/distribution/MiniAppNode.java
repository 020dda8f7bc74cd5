// SPDX-License-Identifier: Apache-2.0
package io.elastos.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real node for the mini-app tests: started with {@code bin/elastos start} on a free port, the
 * {@code elastos app} CLI against it, the sample apps of {@code mini-apps/} built from source, and
 * a signed-in browser session (cookie and CSRF token).
 */
final class MiniAppNode implements AutoCloseable {
    static final Path HOME = Path.of(System.getProperty("elastos.home"));
    static final Path SCRIPT = HOME.resolve("bin/elastos");
    static final Path MINI_APPS = Path.of("..", "mini-apps").toAbsolutePath().normalize();

    final Path data;
    final int port;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    MiniAppNode(Path data) throws IOException {
        this.data = data;
        this.port = freePort();
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    void start(String... extra) throws Exception {
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                SCRIPT.toString(),
                                "start",
                                "--data",
                                data.toString(),
                                "--port",
                                Integer.toString(port)));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS) && p.exitValue() == 0, out);
    }

    void stop() throws Exception {
        new ProcessBuilder(SCRIPT.toString(), "stop", "--data", data.toString())
                .redirectErrorStream(true)
                .start()
                .waitFor(120, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    /** Runs {@code bin/elastos app ARGS} (node options added for node commands); must exit 0. */
    String app(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(SCRIPT.toString(), "app"));
        cmd.addAll(List.of(args));
        if (!List.of("keygen", "pack", "verify", "new", "build", "port-wechat").contains(args[0])) {
            cmd.addAll(List.of("--node", url(), "--data", data.toString()));
        }
        Process p = new ProcessBuilder(cmd).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "elastos app " + args[0] + " hung");
        assertEquals(0, p.exitValue(), "elastos app " + String.join(" ", args) + ": " + out + err);
        return out;
    }

    /**
     * Copies {@code mini-apps/NAME} (its {@code sdk} link resolved) into {@code work}, builds it
     * with {@code elastos app build} and returns the project folder.
     */
    static Path buildSample(String name, Path work, MiniAppNode node) throws Exception {
        Path dst = work.resolve(name);
        copyProject(MINI_APPS.resolve(name), dst);
        node.app("build", dst.toString());
        return dst;
    }

    /**
     * Copies a mini-app or mini-program folder from the source tree into {@code dst}, links
     * resolved, without its {@code node_modules/} and {@code build/}.
     */
    static void copyProject(Path src, Path dst) throws java.io.IOException {
        try (Stream<Path> walk = Files.walk(src, FileVisitOption.FOLLOW_LINKS)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                String rel = src.relativize(p).toString();
                String top = rel.split("/", 2)[0];
                if (top.equals("node_modules") || top.equals("build")) {
                    continue;
                }
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dst.resolve(rel));
                } else {
                    Files.copy(p, dst.resolve(rel)); // links resolved: ui/app-api.js, sdk/
                }
            }
        }
    }

    /** An HTTP request with the admin token. */
    HttpResponse<String> admin(String method, String path, byte[] body) throws Exception {
        HttpRequest.Builder b = request(method, path, body);
        b.header(
                "Authorization",
                "Bearer " + Files.readString(data.resolve("run/admin.token")).trim());
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest.Builder request(String method, String path, byte[] body) {
        return HttpRequest.newBuilder(URI.create(url() + path))
                .timeout(Duration.ofSeconds(60))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
    }

    /** Claims the node with the setup code from its log and returns the owner's session. */
    Browser owner(String username, String password) throws Exception {
        Matcher m =
                Pattern.compile("Setup code: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})")
                        .matcher(Files.readString(data.resolve("logs/node.log")));
        assertTrue(m.find(), "the node logs its setup code");
        Browser b = new Browser();
        HttpResponse<String> r =
                b.send(
                        "POST",
                        "/api/auth/setup",
                        "{\"code\":\""
                                + m.group(1)
                                + "\",\"username\":\""
                                + username
                                + "\",\"password\":\""
                                + password
                                + "\"}",
                        "application/json");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(b.csrf != null, "sign-in answers a CSRF token");
        return b;
    }

    /** A browser: its cookies and the CSRF token of its session. */
    final class Browser {
        private static final Pattern SET_COOKIE = Pattern.compile("^([a-z_]+)=([^;]*)");
        final Map<String, String> cookies = new LinkedHashMap<>();
        String csrf;

        HttpResponse<String> send(String method, String path, String body, String contentType)
                throws Exception {
            HttpRequest.Builder b =
                    request(
                            method,
                            path,
                            body == null ? null : body.getBytes(StandardCharsets.UTF_8));
            if (contentType != null) {
                b.header("Content-Type", contentType);
            }
            if (!cookies.isEmpty()) {
                StringBuilder c = new StringBuilder();
                cookies.forEach((k, v) ->
                        c.append(c.length() == 0 ? "" : "; ").append(k).append('=').append(v));
                b.header("Cookie", c.toString());
            }
            if (csrf != null) {
                b.header("X-CSRF-Token", csrf);
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            for (String h : r.headers().allValues("Set-Cookie")) {
                Matcher m = SET_COOKIE.matcher(h);
                if (m.find()) {
                    if (m.group(2).isEmpty()) {
                        cookies.remove(m.group(1));
                    } else {
                        cookies.put(m.group(1), m.group(2));
                    }
                }
            }
            Matcher token = Pattern.compile("\"csrf\":\"([^\"]+)\"").matcher(r.body());
            if (path.startsWith("/api/auth/") && token.find()) {
                csrf = token.group(1);
            }
            return r;
        }

        /** PUT of a file streamed from disk, with this browser's session. */
        HttpResponse<String> putFile(String path, Path file) throws Exception {
            HttpRequest.Builder b =
                    HttpRequest.newBuilder(URI.create(url() + path))
                            .timeout(Duration.ofMinutes(10))
                            .PUT(HttpRequest.BodyPublishers.ofFile(file))
                            .header("Content-Type", "application/octet-stream");
            session(b);
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }

        /** A GET answered in bytes (images), with this browser's session if it has one. */
        HttpResponse<byte[]> bytes(String path) throws Exception {
            HttpRequest.Builder b = request("GET", path, null);
            session(b);
            return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        }

        private void session(HttpRequest.Builder b) {
            if (!cookies.isEmpty()) {
                StringBuilder c = new StringBuilder();
                cookies.forEach((k, v) ->
                        c.append(c.length() == 0 ? "" : "; ").append(k).append('=').append(v));
                b.header("Cookie", c.toString());
            }
            if (csrf != null) {
                b.header("X-CSRF-Token", csrf);
            }
        }

        HttpResponse<String> json(String method, String path, String json) throws Exception {
            return send(method, path, json, json == null ? null : "application/json");
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
