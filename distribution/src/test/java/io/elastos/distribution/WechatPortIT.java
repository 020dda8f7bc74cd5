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
        String ported = node.app(args.toArray(String[]::new));
        assertTrue(ported.contains("next:"), ported);
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
            Path key = tmp.resolve("publisher.key");
            node.app("trust", node.app("keygen", "--out", key.toString()).strip());
            portAndInstall(node, key, "todo", "org.example.todo");
            Path project = tmp.resolve("todo");
            assertTrue(
                    Files.readString(project.resolve("PORT-REPORT.md")).contains("org.example.todo")
                            || Files.exists(project.resolve("port-report.json")));

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
            config.put("hostileId", portAndInstall(node, key, "hostile", "org.example.hostile"));
            config.put("galleryId", portAndInstall(node, key, "gallery", "org.example.gallery"));
            // The larger program: port, build, sign and install timed (the worked port's figure).
            long started = System.nanoTime();
            config.put("diaryId", portAndInstall(node, key, "diary", "org.example.diary"));
            System.out.printf(
                    "[wechat] diary (5 pages, 2 components): port + build + pack + install %.1f s%n",
                    (System.nanoTime() - started) / 1e9);
            String report = Files.readString(tmp.resolve("diary/PORT-REPORT.md"));
            for (String listed :
                    new String[] {"`wx://form-field`", "`wx.vibrateShort`", "`<map>`"}) {
                assertTrue(report.contains(listed), listed + " in the diary's report");
            }
            assertTrue(!report.contains("TabBarBadge"), "tab bar badges are supported: " + report);
            config.put("hostileName", "Hostile");
            // The owner's photo the postcard picks (the node hands out a scaled JPEG of it).
            Path photo = Files.write(tmp.resolve("beach.jpg"), jpeg(2400, 1600));
            HttpResponse<String> put =
                    owner.putFile("/api/files/content?path=%2FPhotos%2Fbeach.jpg", photo);
            assertTrue(put.statusCode() / 100 == 2, put.body());

            // The form and postcard fixtures talk to the developer's server: here a local one,
            // granted by host.
            try (DeveloperServer server = new DeveloperServer()) {
                config.put(
                        "signupId",
                        portAndInstall(
                                node,
                                key,
                                pointedAt(server, "signup", "https://tea.example.com/api"),
                                "org.example.signup",
                                "--allow-host",
                                "127.0.0.1"));
                config.put("signupExpectId", DeveloperServer.ID);
                config.put(
                        "postcardId",
                        portAndInstall(
                                node,
                                key,
                                pointedAt(server, "postcard", "https://postcards.example.com/api"),
                                "org.example.postcard",
                                "--allow-host",
                                "127.0.0.1"));
                runBrowser(browser, config);

                String sent = server.text("POST /api/signups");
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
                assertTrue(server.count("GET /api/stamp.png") >= 1, "the stamp was downloaded");
                checkPostcard(server.request("POST /api/postcards"));
            }
        }
    }

    /** A copy of fixture NAME whose API base points at the local developer server. */
    private Path pointedAt(DeveloperServer server, String name, String base) throws Exception {
        Path copy = tmp.resolve(name + "-src/" + name);
        MiniAppNode.copyProject(
                MiniAppNode.MINI_APPS.resolve("wechat-runtime/fixtures/" + name), copy);
        Path appJs = copy.resolve("app.js");
        Files.writeString(appJs, Files.readString(appJs).replace(base, server.base() + "/api"));
        return copy;
    }

    /** The uploaded postcard: its form fields and the photo as the node's scaled JPEG. */
    private static void checkPostcard(DeveloperServer.Received r) throws Exception {
        String type = r.contentType();
        assertTrue(type.startsWith("multipart/form-data; boundary="), type);
        String boundary = type.substring(type.indexOf('=') + 1);
        String body = new String(r.body(), java.nio.charset.StandardCharsets.ISO_8859_1);
        String[] parts = body.split("--" + java.util.regex.Pattern.quote(boundary));
        java.util.Map<String, String> fields = new java.util.HashMap<>();
        byte[] photo = null;
        String fileName = null;
        for (String part : parts) {
            int headEnd = part.indexOf("\r\n\r\n");
            if (headEnd < 0) {
                continue;
            }
            String head = part.substring(0, headEnd);
            String content = part.substring(headEnd + 4, part.length() - 2);
            java.util.regex.Matcher name =
                    java.util.regex.Pattern.compile("name=\"([^\"]*)\"").matcher(head);
            assertTrue(name.find(), head);
            if (head.contains("filename=")) {
                java.util.regex.Matcher f =
                        java.util.regex.Pattern.compile("filename=\"([^\"]*)\"").matcher(head);
                assertTrue(f.find());
                fileName = f.group(1);
                photo = content.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            } else {
                fields.put(
                        name.group(1),
                        new String(
                                content.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                                java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        assertEquals("Greetings 你好", fields.get("message"), fields.toString());
        assertEquals("31.23, 121.47", fields.get("place"), fields.toString());
        assertEquals("beach.jpg", fileName);
        java.awt.image.BufferedImage img =
                javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(photo));
        assertTrue(img != null, "the uploaded photo is a JPEG");
        assertEquals(2048, Math.max(img.getWidth(), img.getHeight()), "scaled by the node");
    }

    static byte[] jpeg(int w, int h) throws Exception {
        java.awt.image.BufferedImage img =
                new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = img.createGraphics();
        g.setColor(new java.awt.Color(30, 120, 200));
        g.fillRect(0, 0, w, h);
        g.setColor(java.awt.Color.YELLOW);
        g.fillOval(w / 3, h / 4, w / 4, w / 4);
        g.dispose();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(img, "jpeg", out);
        return out.toByteArray();
    }

    private void runBrowser(BrowserJourneys browser, java.util.Map<String, Object> config)
            throws Exception {
        Path file = tmp.resolve("wechat.json");
        Files.writeString(file, io.elastos.json.JsonWriter.write(config));
        int exit = browser.run("wechat.mjs", file, 300);
        assertEquals(0, exit, "the ported mini-program in Chromium:\n" + browser.output());
        System.out.print(browser.output()); // what was checked, for the CI log
    }

    /**
     * The fixtures' developer backend on 127.0.0.1: POST /api/signups answers 201 {"id":…}, GET
     * /api/stamp.png a PNG, POST /api/postcards 201 {"id":…}; every request is kept.
     */
    static final class DeveloperServer implements AutoCloseable {
        static final int ID = 4217;

        record Received(String line, String contentType, byte[] body) {}

        private final java.util.List<Received> received =
                java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        private final com.sun.net.httpserver.HttpServer http;

        DeveloperServer() throws Exception {
            byte[] stamp = stamp();
            http =
                    com.sun.net.httpserver.HttpServer.create(
                            new java.net.InetSocketAddress(
                                    java.net.InetAddress.getLoopbackAddress(), 0),
                            0);
            http.createContext(
                    "/api/",
                    ex -> {
                        String line = ex.getRequestMethod() + " " + ex.getRequestURI().getPath();
                        String type = ex.getRequestHeaders().getFirst("content-type");
                        received.add(
                                new Received(
                                        line,
                                        type == null ? "" : type,
                                        ex.getRequestBody().readAllBytes()));
                        byte[] answer;
                        int status = 201;
                        String answerType = "application/json";
                        switch (line) {
                            case "POST /api/signups", "POST /api/postcards" ->
                                    answer = ("{\"id\":" + ID + "}").getBytes();
                            case "GET /api/stamp.png" -> {
                                answer = stamp;
                                status = 200;
                                answerType = "image/png";
                            }
                            default -> {
                                answer = "{\"error\":\"no such route\"}".getBytes();
                                status = 404;
                            }
                        }
                        ex.getResponseHeaders().set("content-type", answerType);
                        ex.sendResponseHeaders(status, answer.length);
                        ex.getResponseBody().write(answer);
                        ex.close();
                    });
            http.start();
        }

        private static byte[] stamp() throws java.io.IOException {
            java.awt.image.BufferedImage img =
                    new java.awt.image.BufferedImage(
                            60, 70, java.awt.image.BufferedImage.TYPE_INT_ARGB);
            java.awt.Graphics2D g = img.createGraphics();
            g.setColor(java.awt.Color.RED);
            g.fillRect(5, 5, 50, 60);
            g.dispose();
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            javax.imageio.ImageIO.write(img, "png", out);
            return out.toByteArray();
        }

        String base() {
            return "http://127.0.0.1:" + http.getAddress().getPort();
        }

        int count(String line) {
            return (int) received.stream().filter(r -> r.line().equals(line)).count();
        }

        /** The one request LINE ("POST /api/x") received; fails when there was not exactly one. */
        Received request(String line) {
            java.util.List<Received> hits =
                    received.stream().filter(r -> r.line().equals(line)).toList();
            assertEquals(1, hits.size(), line + " received once");
            return hits.get(0);
        }

        String text(String line) {
            return new String(request(line).body(), java.nio.charset.StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            http.stop(0);
        }
    }
}
