// SPDX-License-Identifier: Apache-2.0
package io.elastos.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A WeChat mini-program ported with {@code elastos app port-wechat} (the todo fixture of
 * mini-apps/wechat-runtime), built, signed and installed on a real node: its page and runtime are
 * served, and the wx backend keeps storage in the app's encrypted scope with WeChat's limits and
 * answers login with the signed-in user's DID.
 */
class WechatPortIT {

    @TempDir Path tmp;

    /** Ports mini-apps/wechat-runtime/fixtures/NAME as ID, builds, signs and installs it. */
    String portAndInstall(MiniAppNode node, Path key, String name, String id) throws Exception {
        return portAndInstall(
                node, key, MiniAppNode.MINI_APPS.resolve("wechat-runtime/fixtures/" + name), id);
    }

    /**
     * Ports the mini-program in SOURCE as ID (extra port-wechat options), builds, signs, installs.
     */
    String portAndInstall(MiniAppNode node, Path key, Path source, String id, String... options)
            throws Exception {
        String name = source.getFileName().toString();
        Path project = tmp.resolve(name);
        java.util.List<String> args =
                new java.util.ArrayList<>(
                        java.util.List.of(
                                "port-wechat",
                                source.toString(),
                                "--out",
                                project.toString(),
                                "--id",
                                id));
        args.addAll(java.util.List.of(options));
        node.app(args.toArray(String[]::new));
        node.app("build", project.toString());
        Path pkg = tmp.resolve(name + ".wapp");
        node.app(
                "pack",
                project.resolve("build").toString(),
                "--key",
                key.toString(),
                "--out",
                pkg.toString());
        assertTrue(node.app("install", pkg.toString()).contains("installed " + id));
        return id;
    }

    @Test
    void aPortedMiniProgramRunsOnTheNode() throws Exception {
        try (MiniAppNode node = new MiniAppNode(tmp.resolve("node"))) {
            node.start();
            Path fixture = MiniAppNode.MINI_APPS.resolve("wechat-runtime/fixtures/todo");
            Path project = tmp.resolve("todo");
            String ported =
                    node.app(
                            "port-wechat",
                            fixture.toString(),
                            "--out",
                            project.toString(),
                            "--id",
                            "org.example.todo");
            assertTrue(ported.contains("next:"), ported);
            assertTrue(
                    Files.readString(project.resolve("PORT-REPORT.md")).contains("org.example.todo")
                            || Files.exists(project.resolve("port-report.json")));
            node.app("build", project.toString());
            Path key = tmp.resolve("publisher.key");
            node.app("trust", node.app("keygen", "--out", key.toString()).strip());
            Path pkg = tmp.resolve("todo.wapp");
            node.app(
                    "pack",
                    project.resolve("build").toString(),
                    "--key",
                    key.toString(),
                    "--out",
                    pkg.toString());
            assertTrue(node.app("install", pkg.toString()).contains("installed org.example.todo"));

            MiniAppNode.Browser owner = node.owner("alice", "a long enough secret");
            HttpResponse<String> page = owner.send("GET", "/apps/org.example.todo/", null, null);
            assertEquals(200, page.statusCode());
            assertEquals(
                    200,
                    owner.send("GET", "/apps/org.example.todo/boot.js", null, null).statusCode());

            String base = "/apps/org.example.todo/api/wx/storage/";
            assertEquals(
                    204,
                    owner.send(
                                    "PUT",
                                    base + "todos",
                                    "[{\"text\":\"买牛奶\",\"done\":false}]",
                                    "text/plain")
                            .statusCode());
            HttpResponse<String> got = owner.send("GET", base + "todos", null, null);
            assertEquals(200, got.statusCode(), got.body());
            assertTrue(got.body().contains("买牛奶"), got.body());
            HttpResponse<String> tooBig =
                    owner.send("PUT", base + "big", "x".repeat(1_100_000), "text/plain");
            assertEquals(413, tooBig.statusCode(), tooBig.body());
            assertTrue(tooBig.body().contains("exceed storage item max length"), tooBig.body());
            String info =
                    owner.send("GET", "/apps/org.example.todo/api/wx/storage", null, null).body();
            assertTrue(info.contains("\"keys\":[\"todos\"]"), info);
            String login =
                    owner.send("GET", "/apps/org.example.todo/api/wx/login", null, null).body();
            assertTrue(
                    login.contains("\"role\":\"owner\"") && login.contains("\"did\":\"did:"),
                    login);
            assertEquals(
                    401, node.new Browser().send("GET", base + "todos", null, null).statusCode());

            // The ported page itself, in Chromium under the node's CSP: it renders, takes a new
            // todo through its WXML events, and keeps it across a reload in the node's storage.
            assertEquals(
                    204,
                    owner.send("DELETE", "/apps/org.example.todo/api/wx/storage", null, null)
                            .statusCode());
            BrowserJourneys browser = new BrowserJourneys(MiniAppNode.HOME.getParent().getParent());
            browser.requireTools();
            browser.installPackages();
            java.util.Map<String, Object> config = new java.util.LinkedHashMap<>();
            config.put("chromium", BrowserJourneys.chromium().toString());
            config.put("url", node.url());
            config.put("appId", "org.example.todo");
            config.put("cookieName", "elastos_session");
            config.put("cookieValue", owner.cookies.get("elastos_session"));
            config.put("csrf", owner.csrf);
            config.put("shopId", portAndInstall(node, key, "shop", "org.example.shop"));
            // The form fixture talks to the developer's server: here a local one, granted by host.
            try (SignupServer server = new SignupServer()) {
                Path signup = tmp.resolve("signup-src/signup");
                copyTree(MiniAppNode.MINI_APPS.resolve("wechat-runtime/fixtures/signup"), signup);
                Path appJs = signup.resolve("app.js");
                Files.writeString(
                        appJs,
                        Files.readString(appJs)
                                .replace("https://tea.example.com/api", server.base() + "/api"));
                config.put(
                        "signupId",
                        portAndInstall(
                                node,
                                key,
                                signup,
                                "org.example.signup",
                                "--allow-host",
                                "127.0.0.1"));
                config.put("signupExpectId", SignupServer.ID);
                runBrowser(browser, config);
                assertEquals(1, server.received.size(), "one sign-up reached the server");
                String sent = server.received.get(0);
                for (String field :
                        new String[] {
                            "\"name\":\"Wu Yi 武夷\"",
                            "\"city\":\"bj\"",
                            "\"date\":\"2030-06-15\"",
                            "\"people\":3",
                            "\"vegetarian\":true",
                            "\"note\":\"No nuts\""
                        }) {
                    assertTrue(sent.contains(field), field + " in " + sent);
                }
            }
        }
    }

    private void runBrowser(BrowserJourneys browser, java.util.Map<String, Object> config)
            throws Exception {
        Path file = tmp.resolve("wechat.json");
        Files.writeString(file, io.elastos.json.JsonWriter.write(config));
        int exit = browser.run("wechat.mjs", file, 300);
        assertEquals(0, exit, "the ported mini-program in Chromium:\n" + browser.output());
    }

    private static void copyTree(Path from, Path to) throws java.io.IOException {
        try (var paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    /** The signup fixture's backend: POST /api/signups answers 201 {"id":…}, keeping the body. */
    static final class SignupServer implements AutoCloseable {
        static final int ID = 4217;
        final java.util.List<String> received =
                java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        private final com.sun.net.httpserver.HttpServer http;

        SignupServer() throws java.io.IOException {
            http =
                    com.sun.net.httpserver.HttpServer.create(
                            new java.net.InetSocketAddress(
                                    java.net.InetAddress.getLoopbackAddress(), 0),
                            0);
            http.createContext(
                    "/api/signups",
                    ex -> {
                        byte[] body = ex.getRequestBody().readAllBytes();
                        boolean ok =
                                ex.getRequestMethod().equals("POST")
                                        && String.valueOf(
                                                        ex.getRequestHeaders()
                                                                .getFirst("content-type"))
                                                .startsWith("application/json");
                        if (ok) {
                            received.add(new String(body, java.nio.charset.StandardCharsets.UTF_8));
                        }
                        byte[] answer =
                                (ok ? "{\"id\":" + ID + "}" : "{\"error\":\"bad request\"}")
                                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                        ex.getResponseHeaders().set("content-type", "application/json");
                        ex.sendResponseHeaders(ok ? 201 : 400, answer.length);
                        ex.getResponseBody().write(answer);
                        ex.close();
                    });
            http.start();
        }

        String base() {
            return "http://127.0.0.1:" + http.getAddress().getPort();
        }

        @Override
        public void close() {
            http.stop(0);
        }
    }
}
