// SPDX-License-Identifier: Apache-2.0
package io.elastos.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample mini-apps on the real node: hello and notes are built from {@code mini-apps/} with
 * {@code elastos app build}, signed and installed with the CLI, and used over HTTP by a signed-in
 * owner (session cookie and CSRF token). Their data lands in the app's encrypted scope: it survives
 * a restart and a removal with kept data, goes with a removal without, and never appears in clear
 * in the data directory.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MiniAppsIT {
    private static final String HELLO = "/apps/org.elastos.hello";
    private static final String NOTES = "/apps/org.elastos.notes";

    private Path tmp;
    private MiniAppNode node;
    private MiniAppNode.Browser owner;
    private Path notesPkg;

    @BeforeAll
    void startAndInstall(@TempDir Path dir) throws Exception {
        tmp = dir;
        node = new MiniAppNode(tmp.resolve("node"));
        node.start();
        Path key = tmp.resolve("publisher.key");
        String did = node.app("keygen", "--out", key.toString()).strip();
        node.app("trust", did);
        Path hello = MiniAppNode.buildSample("hello", tmp, node);
        Path notes = MiniAppNode.buildSample("notes", tmp, node);
        Path helloPkg = tmp.resolve("hello.wapp");
        notesPkg = tmp.resolve("notes.wapp");
        node.app(
                "pack",
                hello.resolve("build").toString(),
                "--key",
                key.toString(),
                "--out",
                helloPkg.toString());
        node.app(
                "pack",
                notes.resolve("build").toString(),
                "--key",
                key.toString(),
                "--out",
                notesPkg.toString());
        assertTrue(
                node.app("install", helloPkg.toString()).contains("installed org.elastos.hello"));
        assertTrue(
                node.app("install", notesPkg.toString()).contains("installed org.elastos.notes"));
        owner = node.owner("alice", "a long enough secret");
    }

    @AfterAll
    void stop() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    @Test
    @Order(1)
    void helloGreetsTheSignedInUserAndServesItsPage() throws Exception {
        assertEquals(
                401, node.new Browser().send("GET", HELLO + "/api/hello", null, null).statusCode());
        HttpResponse<String> r = owner.send("GET", HELLO + "/api/hello?name=Ada", null, null);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("{\"message\":\"Hello, Ada!\",\"visits\":1}", r.body());
        assertEquals("application/json", r.headers().firstValue("content-type").orElse(""));
        assertEquals(
                "{\"message\":\"Hello, Jürgen \\u003cb\\u003e!\",\"visits\":2}",
                owner.send("GET", HELLO + "/api/hello?name=J%C3%BCrgen+%3Cb%3E", null, null)
                        .body());
        assertEquals(
                400,
                owner.send("GET", HELLO + "/api/hello?name=" + "x".repeat(101), null, null)
                        .statusCode());
        String page = owner.send("GET", HELLO + "/", null, null).body();
        assertTrue(page.contains("<h1>Hello</h1>") && page.contains("src=\"app.js\""), page);
        HttpResponse<String> js = owner.send("GET", HELLO + "/app.js", null, null);
        assertTrue(
                js.headers().firstValue("content-type").orElse("").startsWith("text/javascript"));
    }

    @Test
    @Order(2)
    void notesCrudAndSearchAsTheOwner() throws Exception {
        HttpResponse<String> created =
                owner.json(
                        "POST",
                        NOTES + "/api/notes",
                        "{\"title\":\"Shopping\",\"body\":\"# List\\n- milk\",\"tags\":[\"Home\",\"todo\"]}");
        assertEquals(201, created.statusCode(), created.body());
        assertEquals(
                "{\"id\":\"n1\",\"title\":\"Shopping\",\"tags\":[\"home\",\"todo\"],\"rev\":1,\"seq\":1,"
                        + "\"body\":\"# List\\n- milk\"}",
                created.body());
        owner.json(
                "POST",
                NOTES + "/api/notes",
                "{\"title\":\"Books\",\"body\":\"Dune\",\"tags\":[\"home\"]}");
        HttpResponse<String> edited =
                owner.json(
                        "PUT", NOTES + "/api/notes/n1", "{\"body\":\"# List\\n- milk\\n- bread\"}");
        assertEquals(200, edited.statusCode(), edited.body());
        assertTrue(edited.body().contains("\"rev\":2"), edited.body());

        String all = owner.send("GET", NOTES + "/api/notes", null, null).body();
        assertTrue(all.indexOf("\"n1\"") < all.indexOf("\"n2\""), "last edited first: " + all);
        String found = owner.send("GET", NOTES + "/api/notes?q=BREAD", null, null).body();
        assertTrue(found.contains("\"n1\"") && !found.contains("\"n2\""), found);
        String tagged = owner.send("GET", NOTES + "/api/notes?tag=todo", null, null).body();
        assertTrue(tagged.contains("\"n1\"") && !tagged.contains("\"n2\""), tagged);
        assertEquals(
                "[{\"tag\":\"home\",\"count\":2},{\"tag\":\"todo\",\"count\":1}]",
                owner.send("GET", NOTES + "/api/tags", null, null).body());

        // The session's CSRF token is needed for changes made with its cookie.
        String csrf = owner.csrf;
        owner.csrf = null;
        assertEquals(403, owner.json("DELETE", NOTES + "/api/notes/n2", null).statusCode());
        owner.csrf = csrf;
        assertEquals(204, owner.json("DELETE", NOTES + "/api/notes/n2", null).statusCode());
        assertEquals(404, owner.send("GET", NOTES + "/api/notes/n2", null, null).statusCode());

        String ui = owner.send("GET", NOTES + "/", null, null).body();
        assertTrue(ui.contains("id=\"editor\"") && ui.contains("id=\"list\""), ui);
    }

    @Test
    @Order(3)
    void hostileInputsAreRefusedAndChangeNothing() throws Exception {
        String before = owner.send("GET", NOTES + "/api/notes", null, null).body();
        List<String> bodies =
                List.of(
                        "{",
                        "[]",
                        "{\"title\":\"a\",\"title\":\"b\"}",
                        "{\"title\":\"" + "x".repeat(201) + "\"}",
                        "{\"title\":\"t\",\"body\":\"" + "x".repeat(100_001) + "\"}",
                        "{\"title\":\"t\",\"body\":"
                                + "[".repeat(50_000)
                                + "]".repeat(50_000)
                                + "}",
                        "{\"title\":\"t\",\"tags\":[\"../x\"]}",
                        "{\"title\":\"t\",\"id\":\"n1\"}",
                        "{\"title\":\"a\\u0000b\"}");
        for (String body : bodies) {
            HttpResponse<String> r = owner.json("POST", NOTES + "/api/notes", body);
            assertEquals(
                    400,
                    r.statusCode(),
                    body.substring(0, Math.min(60, body.length())) + ": " + r.body());
        }
        assertEquals(
                400,
                owner.send("POST", NOTES + "/api/notes", "{\"title\":\"t\"}", "text/plain")
                        .statusCode());
        for (String id : List.of("meta", "N1", "%E2%80%AE", "n" + "1".repeat(40))) {
            assertEquals(
                    404,
                    owner.send("GET", NOTES + "/api/notes/" + id, null, null).statusCode(),
                    id);
        }
        assertEquals(405, owner.json("PATCH", NOTES + "/api/notes", "{}").statusCode());
        // Too large for the app (it answers before parsing), and for the node.
        assertEquals(
                413,
                owner.json(
                                "POST",
                                NOTES + "/api/notes",
                                "{\"title\":\"t\",\"body\":\"" + "x".repeat(1_000_000) + "\"}")
                        .statusCode());
        assertEquals(
                413,
                owner.json("POST", NOTES + "/api/notes", "x".repeat((4 << 20) + 1)).statusCode());

        HttpResponse<String> xss =
                owner.json(
                        "POST",
                        NOTES + "/api/notes",
                        "{\"title\":\"<img src=x onerror=alert(1)>\"}");
        assertEquals(201, xss.statusCode(), xss.body());
        assertFalse(xss.body().contains("<"), "markup comes back escaped: " + xss.body());
        String id = xss.body().replaceAll(".*\"id\":\"(n[0-9a-z]+)\".*", "$1");
        assertEquals(204, owner.json("DELETE", NOTES + "/api/notes/" + id, null).statusCode());
        assertEquals(before, owner.send("GET", NOTES + "/api/notes", null, null).body());
    }

    @Test
    @Order(4)
    void notesLiveEncryptedInTheAppsScope() throws Exception {
        String marker = "zebra-" + UUID.randomUUID();
        HttpResponse<String> r =
                owner.json(
                        "POST",
                        NOTES + "/api/notes",
                        "{\"title\":\"" + marker + "\",\"body\":\"secret " + marker + "\"}");
        assertEquals(201, r.statusCode(), r.body());

        node.stop();
        assertEquals(
                List.of(),
                filesContaining(node.data, marker),
                "the note is never in clear on disk");
        node.start();
        assertTrue(
                node.admin("GET", NOTES + "/api/notes?q=" + marker, null).body().contains(marker),
                "kept across a restart");

        node.app("remove", "org.elastos.notes", "--keep-data");
        node.app("install", notesPkg.toString());
        assertTrue(
                node.admin("GET", NOTES + "/api/notes", null).body().contains(marker),
                "kept with --keep-data");

        node.app("remove", "org.elastos.notes");
        node.app("install", notesPkg.toString());
        assertEquals(
                "[]", node.admin("GET", NOTES + "/api/notes", null).body(), "removed with the app");
        assertTrue(
                node.admin("GET", HELLO + "/api/hello", null).body().contains("\"visits\":3"),
                "hello keeps its own scope");
    }

    @Test
    @Order(5)
    void theCTemplateRunsToo() throws Exception {
        Path project = tmp.resolve("chello");
        node.app("new", "org.example.chello", "--lang", "c", "--dir", project.toString());
        node.app("build", project.toString());
        Path pkg = tmp.resolve("chello.wapp");
        node.app(
                "pack",
                project.resolve("build").toString(),
                "--key",
                tmp.resolve("publisher.key").toString(),
                "--out",
                pkg.toString());
        node.app("install", pkg.toString());
        assertEquals(
                "{\"message\":\"Hello, Ada \\u003cb\\u003e!\",\"visits\":1}",
                owner.send("GET", "/apps/org.example.chello/api/hello?name=Ada+%3Cb%3E", null, null)
                        .body());
        assertEquals(
                404,
                owner.send("GET", "/apps/org.example.chello/api/nope", null, null).statusCode());
    }

    @Test
    @Order(6)
    void theNotesUiWorksInChromium() throws Exception {
        BrowserJourneys browser = new BrowserJourneys(Path.of("").toAbsolutePath());
        browser.requireTools();
        browser.installPackages();
        Path script = MiniAppNode.MINI_APPS.resolve("notes/ui-test/notes-ui.mjs");
        Path playwright =
                Path.of("src/test/js/browser/node_modules/playwright-core").toAbsolutePath();
        Process p =
                new ProcessBuilder(
                                "node",
                                script.toString(),
                                node.url(),
                                "alice",
                                "a long enough secret",
                                playwright.toString(),
                                BrowserJourneys.chromium().toString())
                        .redirectErrorStream(true)
                        .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean done = p.waitFor(3, java.util.concurrent.TimeUnit.MINUTES);
        if (!done) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        assertTrue(done && p.exitValue() == 0, "the notes UI test failed:\n" + out);
    }

    private static List<Path> filesContaining(Path dir, String marker) throws Exception {
        byte[] needle = marker.getBytes(StandardCharsets.UTF_8);
        List<Path> hits = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isRegularFile(p)
                        && Files.size(p) < 256L << 20
                        && contains(Files.readAllBytes(p), needle)) {
                    hits.add(p);
                }
            }
        }
        return hits;
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
