// SPDX-License-Identifier: Apache-2.0
package io.elastos.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The developer guide ({@code docs/developers/mini-apps.md}) works as written: its {@code sh}
 * blocks run in order, literally, in one shell with a fresh home directory, and reach a running,
 * then updated, app. And {@code elastos app dev} hot-updates an app when its source changes.
 */
class DeveloperGuideIT {
    private static final Path GUIDE = Path.of("..", "docs", "developers", "mini-apps.md");

    @TempDir Path tmp;

    @Test
    void theGuidesCommandsReachARunningApp() throws Exception {
        GuideScript guide = new GuideScript(GUIDE, 5);
        guide.run(tmp.resolve("home"), tmp, 15);
        String out = guide.output;
        assertTrue(out.contains("{\"message\":\"Hello, Ada!\",\"visits\":1}"), out);
        assertTrue(out.contains("{\"message\":\"Hi, Ada!\",\"visits\":2}"), out);

        int created = guide.indexOf("elastos app new");
        int running = guide.indexOf("elastos app install");
        long millis = guide.startedAt[running + 1] - guide.startedAt[created];
        System.out.printf(
                "developer guide: from 'elastos app new' to a running app in %.1f s (new, build, npm"
                        + " test, pack, install, call)%n",
                millis / 1000.0);
        assertTrue(millis < 5 * 60_000, "a new app runs within minutes: " + millis + " ms");
    }

    @Test
    void devRebuildsAndUpdatesTheAppOnChange() throws Exception {
        try (MiniAppNode node = new MiniAppNode(tmp.resolve("node"))) {
            node.start();
            Path key = tmp.resolve("publisher.key");
            node.app("trust", node.app("keygen", "--out", key.toString()).strip());
            Path project = tmp.resolve("live");
            node.app("new", "org.example.live", "--dir", project.toString());
            Path out = tmp.resolve("dev.out");
            Process dev =
                    new ProcessBuilder(
                                    MiniAppNode.SCRIPT.toString(),
                                    "app",
                                    "dev",
                                    project.toString(),
                                    "--key",
                                    key.toString(),
                                    "--interval",
                                    "200",
                                    "--node",
                                    node.url(),
                                    "--data",
                                    node.data.toString())
                            .redirectErrorStream(true)
                            .redirectOutput(out.toFile())
                            .start();
            try {
                waitFor(out, "installed org.example.live 0.1.0-dev.", 1, dev);
                assertEquals("{\"message\":\"Hello, world!\",\"visits\":1}", hello(node));

                Path src = project.resolve("src/index.ts");
                long edited = System.nanoTime();
                Files.writeString(src, Files.readString(src).replace("\"Hello, \"", "\"Hey, \""));
                waitFor(out, "updated org.example.live 0.1.0-dev.", 1, dev);
                assertEquals("{\"message\":\"Hey, world!\",\"visits\":2}", hello(node));
                System.out.printf(
                        "elastos app dev: source change to the updated app answering in %.1f s%n",
                        (System.nanoTime() - edited) / 1e9);

                // A change that does not compile is reported; the running version stays.
                Files.writeString(src, Files.readString(src) + "\nthis is not AssemblyScript\n");
                waitFor(out, "build failed", 1, dev);
                assertEquals("{\"message\":\"Hey, world!\",\"visits\":3}", hello(node));
            } finally {
                dev.descendants().forEach(ProcessHandle::destroy);
                dev.destroy();
                dev.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private static String hello(MiniAppNode node) throws Exception {
        HttpResponse<String> r = node.admin("GET", "/apps/org.example.live/api/hello", null);
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    private static void waitFor(Path file, String text, int times, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            String s = read(file);
            if (s.split(Pattern.quote(text), -1).length - 1 >= times) {
                return;
            }
            assertTrue(p.isAlive(), "elastos app dev ended:\n" + s);
            Thread.sleep(200);
        }
        throw new AssertionError("no '" + text + "' from elastos app dev:\n" + read(file));
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
