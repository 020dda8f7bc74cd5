// SPDX-License-Identifier: Apache-2.0
package io.elastos.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
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
    private static final Pattern SH_BLOCK =
            Pattern.compile("(?m)^```sh\\n(.*?)^```", Pattern.DOTALL);
    private static final Pattern MARK = Pattern.compile("@@block (\\d+) (\\d+)");

    @TempDir Path tmp;

    @Test
    void theGuidesCommandsReachARunningApp() throws Exception {
        List<String> blocks = new ArrayList<>();
        Matcher m = SH_BLOCK.matcher(Files.readString(GUIDE));
        while (m.find()) {
            blocks.add(m.group(1));
        }
        assertTrue(blocks.size() >= 5, "the guide has its sh blocks: " + blocks.size());
        StringBuilder script = new StringBuilder("set -euo pipefail\n");
        for (int i = 0; i < blocks.size(); i++) {
            // Only markers are added between the blocks: the guide's commands run as written.
            script.append("echo \"@@block ").append(i).append(" $(date +%s%3N)\"\n");
            script.append(blocks.get(i));
        }
        script.append("echo \"@@block ").append(blocks.size()).append(" $(date +%s%3N)\"\n");

        Path home = Files.createDirectories(tmp.resolve("home"));
        ProcessBuilder pb =
                new ProcessBuilder("bash", "-c", script.toString()).directory(home.toFile());
        Map<String, String> env = pb.environment();
        env.remove("ELASTOS_NODE");
        env.remove("ELASTOS_TOKEN");
        env.put("HOME", home.toString());
        env.put("PATH", MiniAppNode.SCRIPT.getParent() + ":" + env.get("PATH"));
        env.put("PORT", Integer.toString(MiniAppNode.freePort()));
        // Without --data the launcher takes the JVM's user.home, not $HOME (bin/elastos passes no
        // --data then): point it at the same home so the test never touches the real ~/.elastos.
        env.put(
                "ELASTOS_JAVA_OPTS",
                "-XX:+UseSerialGC -Xms32m -Xmx1g -XX:ReservedCodeCacheSize=128m -Duser.home="
                        + home);
        // The npm cache of the user running the tests, so the pinned compiler is not fetched again.
        env.put("npm_config_cache", Path.of(System.getProperty("user.home"), ".npm").toString());
        Path log = tmp.resolve("guide.log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        String out;
        try {
            Process p = pb.start();
            boolean done = p.waitFor(15, TimeUnit.MINUTES);
            out = Files.readString(log);
            if (!done) {
                p.destroyForcibly();
            }
            assertTrue(done && p.exitValue() == 0, "the guide's commands failed:\n" + out);
        } finally {
            new ProcessBuilder(
                            MiniAppNode.SCRIPT.toString(),
                            "stop",
                            "--data",
                            home.resolve(".elastos").toString())
                    .redirectErrorStream(true)
                    .start()
                    .waitFor(120, TimeUnit.SECONDS);
        }
        assertTrue(out.contains("{\"message\":\"Hello, Ada!\",\"visits\":1}"), out);
        assertTrue(out.contains("{\"message\":\"Hi, Ada!\",\"visits\":2}"), out);

        long[] at = new long[blocks.size() + 1];
        Matcher mark = MARK.matcher(out);
        while (mark.find()) {
            at[Integer.parseInt(mark.group(1))] = Long.parseLong(mark.group(2));
        }
        int created = indexOf(blocks, "elastos app new");
        int running = indexOf(blocks, "elastos app install");
        long millis = at[running + 1] - at[created];
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

    private static int indexOf(List<String> blocks, String command) {
        for (int i = 0; i < blocks.size(); i++) {
            if (blocks.get(i).contains(command)) {
                return i;
            }
        }
        throw new AssertionError("the guide has no block with " + command);
    }
}
