// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.json.JsonReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests the project commands: new, build and the parts of dev that need no node. */
class ProjectCommandsTest {
    @TempDir Path tmp;

    @Test
    void newWritesAProjectFromTheTemplate() throws Exception {
        Path dir = tmp.resolve("notes");
        CliRun r = CliRun.run("new", "org.example.my-notes", "--dir", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("created org.example.my-notes (My notes, as)"), r.out());
        Map<?, ?> m =
                (Map<?, ?>)
                        JsonReader.parse(
                                Files.readAllBytes(dir.resolve("manifest.json")),
                                JsonReader.Limits.MANIFEST);
        assertEquals("org.example.my-notes", m.get("id"));
        assertEquals("My notes", m.get("name"));
        for (String f :
                new String[] {
                    ".gitignore",
                    ".npmrc",
                    "package.json",
                    "package-lock.json",
                    "src/index.ts",
                    "ui/index.html",
                    "ui/app.js",
                    "ui/app-api.js",
                    "test/app.test.mjs",
                    "sdk/index.ts",
                    "sdk/http.ts",
                    "sdk/testing.mjs"
                }) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
        assertTrue(Files.isExecutable(dir.resolve("build.sh")));
        try (var files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(p)) {
                    assertFalse(Files.readString(p).contains("__APP_"), p + " keeps a placeholder");
                }
            }
        }
        assertTrue(
                Files.readString(dir.resolve(".npmrc"))
                        .contains("omit-lockfile-registry-resolved=true"));
    }

    @Test
    void newWritesACProject() throws Exception {
        Path dir = tmp.resolve("c");
        CliRun r = CliRun.run("new", "org.example.c", "--lang", "c", "--dir", dir.toString());
        assertEquals(0, r.code(), r.err());
        for (String f :
                new String[] {
                    "manifest.json",
                    "build.sh",
                    "src/app.c",
                    "ui/index.html",
                    "test/app.test.mjs",
                    "sdk/elastos_pdk.h",
                    "sdk/elastos_http.h",
                    "sdk/testing.mjs",
                    "package-lock.json"
                }) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
        assertTrue(Files.readString(dir.resolve("src/app.c")).contains("/apps/org.example.c/api"));
    }

    @Test
    void newRefusesBadInput() throws Exception {
        assertEquals(2, CliRun.run("new").code());
        assertEquals(2, CliRun.run("new", "Hello", "--dir", tmp.resolve("a").toString()).code());
        assertEquals(2, CliRun.run("new", "../x.y", "--dir", tmp.resolve("b").toString()).code());
        assertEquals(
                2,
                CliRun.run("new", "org.example.x", "--lang", "rust", "--dir", tmp.toString())
                        .code());
        Files.createDirectories(tmp.resolve("c"));
        Files.writeString(tmp.resolve("c/keep.txt"), "mine");
        CliRun r = CliRun.run("new", "org.example.x", "--dir", tmp.resolve("c").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("already exists"), r.err());
        assertEquals("mine", Files.readString(tmp.resolve("c/keep.txt")));
        CliRun n =
                CliRun.run(
                        "new",
                        "org.example.y",
                        "--name",
                        "<script>\"x\"",
                        "--dir",
                        tmp.resolve("d").toString());
        assertEquals(0, n.code(), n.err());
        assertTrue(Files.readString(tmp.resolve("d/ui/index.html")).contains("<h1>scriptx</h1>"));
    }

    @Test
    void buildRunsTheScriptAndChecksItsOutput() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("p"));
        Files.writeString(
                dir.resolve("build.sh"),
                """
                mkdir -p build
                printf '{"format":1,"id":"org.example.p","name":"P","version":"1.2.0",\
                "abi":"extism/1","entry":"app.wasm","capabilities":[]}' > build/manifest.json
                printf 'wasm' > build/app.wasm
                echo compiled
                """);
        CliRun ok = CliRun.run("build", dir.toString());
        assertEquals(0, ok.code(), ok.err());
        assertTrue(
                ok.out().contains("built org.example.p 1.2.0 into " + dir.resolve("build")),
                ok.out());
        assertTrue(ok.err().contains("compiled"), "the script's output is shown");

        Files.writeString(dir.resolve("build.sh"), "echo broken >&2; exit 3\n");
        CliRun failed = CliRun.run("build", dir.toString());
        assertEquals(1, failed.code());
        assertTrue(failed.err().contains("build.sh exited with 3"), failed.err());

        Files.writeString(dir.resolve("build.sh"), "rm -f build/app.wasm\n");
        CliRun noEntry = CliRun.run("build", dir.toString());
        assertEquals(1, noEntry.code());
        assertTrue(noEntry.err().contains("entry module"), noEntry.err());

        CliRun notProject = CliRun.run("build", tmp.resolve("nothing").toString());
        assertEquals(1, notProject.code());
        assertTrue(notProject.err().contains("not a mini-app project"), notProject.err());
    }

    @Test
    void devVersionsSortAfterEachOtherAndTheManifestKeepsItsBytes() throws Exception {
        String a = DevLoop.devVersion("1.2.0");
        Thread.sleep(2);
        String b = DevLoop.devVersion("1.2.0+build.7");
        assertTrue(a.startsWith("1.2.0-dev.") && b.startsWith("1.2.0-dev."), a + " " + b);
        assertTrue(Long.parseLong(b.substring(10)) > Long.parseLong(a.substring(10)));
        assertTrue(DevLoop.devVersion("2.0.0-rc.1").startsWith("2.0.0-rc.1.dev."));

        Path m = tmp.resolve("manifest.json");
        Files.writeString(m, "{\n  \"id\": \"a.b\",\n  \"version\" : \"1.0.0\",\n  \"x\": 1\n}\n");
        DevLoop.setVersion(m, "1.0.0-dev.5");
        assertEquals(
                "{\n  \"id\": \"a.b\",\n  \"version\" : \"1.0.0-dev.5\",\n  \"x\": 1\n}\n",
                Files.readString(m));
    }

    @Test
    void devSeesSourceChangesButNotBuildOutput() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("w"));
        Files.createDirectories(dir.resolve("src"));
        Files.createDirectories(dir.resolve("build"));
        Files.writeString(dir.resolve("src/index.ts"), "a");
        long before = DevLoop.fingerprint(dir);
        Files.writeString(dir.resolve("build/app.wasm"), "changed");
        assertEquals(before, DevLoop.fingerprint(dir));
        Files.writeString(dir.resolve("src/index.ts"), "ab");
        assertNotEquals(before, DevLoop.fingerprint(dir));
    }

    @Test
    void devWithoutANodeSaysSo() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("p"));
        Files.writeString(
                dir.resolve("build.sh"),
                """
                mkdir -p build
                printf '{"format":1,"id":"org.example.p","name":"P","version":"1.0.0",\
                "abi":"extism/1","entry":"app.wasm","capabilities":[]}' > build/manifest.json
                printf '\\0asm\\1\\0\\0\\0' > build/app.wasm
                """);
        Path key = tmp.resolve("k");
        assertEquals(0, CliRun.run("keygen", "--out", key.toString()).code());
        assertEquals(2, CliRun.run("dev", dir.toString(), "--once").code(), "--key is required");
        CliRun r =
                CliRun.run(
                        "dev",
                        dir.toString(),
                        "--key",
                        key.toString(),
                        "--once",
                        "--node",
                        "http://127.0.0.1:9",
                        "--token",
                        "t");
        assertEquals(3, r.code(), r.err());
    }
}
