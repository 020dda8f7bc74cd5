// SPDX-License-Identifier: Apache-2.0
package io.elastos.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.superexe.internal.pkg.KeyFiles;
import io.elastos.superexe.internal.pkg.PublisherKey;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app center on the real node over HTTP: trust a publisher, install and update a signed app,
 * serve its UI and API; and kill -9 during an update leaves the old or the new version, never a
 * broken one.
 */
class AppCenterIT {

    private static final Path SCRIPT = Path.of(System.getProperty("elastos.home"), "bin/elastos");
    private static final String APP = "org.example.center";

    @TempDir Path tmp;
    private Path data;
    private int port;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final PublisherKey key = KeyFiles.generate(PublisherKey.Type.ED25519, 0);

    @BeforeEach
    void start() throws Exception {
        data = tmp.resolve("node");
        port = freePort();
        startNode();
    }

    @AfterEach
    void stop() throws Exception {
        script("stop", "--data", data.toString());
    }

    @Test
    void installServeUpdateAndRefuse() throws Exception {
        assertEquals(401, send("GET", "/api/apps", null, false).statusCode());
        HttpResponse<String> r =
                send("POST", "/api/apps/-/trust?did=" + key.did().value(), new byte[0], true);
        assertEquals(200, r.statusCode(), r.body());

        r = send("POST", "/api/apps", pkg("1.0.0"), true);
        assertEquals(200, r.statusCode(), r.body());
        // The UI's static files are readable without a session (a sandboxed frame sends none);
        // the app's API is not.
        assertEquals(200, send("GET", "/apps/" + APP + "/", null, false).statusCode());
        assertEquals(401, send("GET", "/apps/" + APP + "/api/anything", null, false).statusCode());
        assertEquals("<p>center 1.0.0</p>", send("GET", "/apps/" + APP + "/", null, true).body());
        HttpResponse<String> api = send("GET", "/apps/" + APP + "/api/anything", null, true);
        assertEquals(201, api.statusCode(), api.body());
        assertEquals("center 1.0.0", api.body());
        String details = send("GET", "/api/apps/" + APP, null, true).body();
        assertTrue(
                details.contains("\"publisher\":\"" + key.did().value())
                        && details.contains("\"license\":null"),
                details);

        r = send("PUT", "/api/apps/" + APP, pkg("1.1.0"), true);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("center 1.1.0", send("GET", "/apps/" + APP + "/api/", null, true).body());

        byte[] tampered = pkg("1.2.0");
        tampered[tampered.length / 3] ^= 0x11;
        r = send("PUT", "/api/apps/" + APP, tampered, true);
        assertEquals(422, r.statusCode(), r.body());
        assertEquals("center 1.1.0", send("GET", "/apps/" + APP + "/api/", null, true).body());

        r = send("GET", "/api/audit?limit=50", null, true);
        assertTrue(r.body().contains("app.install") && r.body().contains("denied"), r.body());
        assertEquals(200, send("GET", "/api/audit/verify", null, true).statusCode());
    }

    @Test
    void killDuringUpdateLeavesOldOrNewVersion() throws Exception {
        send("POST", "/api/apps/-/trust?did=" + key.did().value(), new byte[0], true);
        assertEquals(200, send("POST", "/api/apps", pkg("1.0.0"), true).statusCode());
        String previous = "center 1.0.0";
        for (int round = 1; round <= 3; round++) {
            String next = "1." + round + ".0";
            byte[] update = pkg(next);
            Thread updater =
                    Thread.ofPlatform()
                            .start(() -> {
                                try {
                                    send("PUT", "/api/apps/" + APP, update, true);
                                } catch (Exception e) {
                                    // the node dies under it
                                }
                            });
            Thread.sleep(40L * round);
            long pid = Long.parseLong(Files.readString(data.resolve("run/node.pid")).trim());
            new ProcessBuilder("kill", "-9", Long.toString(pid))
                    .start()
                    .waitFor(10, TimeUnit.SECONDS);
            updater.join();
            ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());
            startNode();
            String now = send("GET", "/apps/" + APP + "/api/", null, true).body();
            assertTrue(
                    now.equals(previous) || now.equals("center " + next), "after kill -9: " + now);
            if (!now.equals("center " + next)) {
                assertEquals(200, send("PUT", "/api/apps/" + APP, update, true).statusCode());
            }
            previous = "center " + next;
        }
    }

    @Test
    void elastosAppCommandTakesAPackageFromKeyToRunningApp() throws Exception {
        Path project = Files.createDirectories(tmp.resolve("vowels"));
        Files.copy(
                Path.of(System.getProperty("elastos.test.guests"), "count_vowels_c.wasm"),
                project.resolve("plugin.wasm"));
        Files.writeString(
                project.resolve("manifest.json"),
                """
                {"format": 1, "id": "org.example.vowels", "name": "Vowels", "version": "1.0.0",
                 "abi": "extism/1", "entry": "plugin.wasm", "ui": null, "capabilities": []}
                """);
        Path keyFile = tmp.resolve("publisher.key");
        String did = cli("keygen", "--out", keyFile.toString()).trim();
        assertTrue(did.startsWith("did:key:z6Mk"), did);
        Path pkg = tmp.resolve("vowels.wapp");
        cli("pack", project.toString(), "--key", keyFile.toString(), "--out", pkg.toString());
        assertTrue(cli("verify", pkg.toString()).contains("org.example.vowels"));
        cli("trust", did);
        cli("install", pkg.toString());
        assertTrue(cli("list").contains("org.example.vowels"));
        String audit = cli("audit", "--limit", "20");
        assertTrue(audit.contains("app.install"), audit);
        assertTrue(cli("untrust", did).contains("no longer trusting publisher " + did));
        assertTrue(cli("audit", "--limit", "5").contains("publisher.untrust"));
    }

    /** Runs {@code bin/elastos app ARGS} against this test's node; fails unless it exits 0. */
    private String cli(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(SCRIPT.toString(), "app"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--node", "http://127.0.0.1:" + port, "--data", data.toString()));
        if (args[0].equals("keygen") || args[0].equals("pack") || args[0].equals("verify")) {
            cmd = cmd.subList(0, cmd.size() - 4);
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "elastos app " + args[0] + " hung");
        assertEquals(0, p.exitValue(), "elastos app " + String.join(" ", args) + ": " + out + err);
        return out;
    }

    private void startNode() throws Exception {
        Process p =
                new ProcessBuilder(
                                SCRIPT.toString(),
                                "start",
                                "--data",
                                data.toString(),
                                "--port",
                                Integer.toString(port))
                        .redirectErrorStream(true)
                        .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS) && p.exitValue() == 0, out);
    }

    private void script(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(SCRIPT.toString()));
        cmd.addAll(List.of(args));
        new ProcessBuilder(cmd).redirectErrorStream(true).start().waitFor(120, TimeUnit.SECONDS);
    }

    private HttpResponse<String> send(String method, String path, byte[] body, boolean auth)
            throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(60))
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (auth) {
            b.header(
                    "Authorization",
                    "Bearer " + Files.readString(data.resolve("run/admin.token")).trim());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private byte[] pkg(String version) throws Exception {
        return CenterPackages.pkg(key, APP, version, null);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
