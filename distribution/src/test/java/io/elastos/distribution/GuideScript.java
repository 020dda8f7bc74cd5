// SPDX-License-Identifier: Apache-2.0
package io.elastos.distribution;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a developer guide's {@code sh} blocks in order, literally, in one bash with a fresh home
 * directory and the node's {@code bin/} on the PATH; only timing markers are added between blocks.
 * The node the guide starts in {@code ~/.elastos} is stopped afterwards, whatever happened.
 */
final class GuideScript {
    private static final Pattern SH_BLOCK =
            Pattern.compile("(?m)^```sh\\n(.*?)^```", Pattern.DOTALL);
    private static final Pattern MARK = Pattern.compile("@@block (\\d+) (\\d+)");

    final List<String> blocks = new ArrayList<>();
    String output;
    long[] startedAt;

    GuideScript(Path guide, int minBlocks) throws Exception {
        Matcher m = SH_BLOCK.matcher(Files.readString(guide));
        while (m.find()) {
            blocks.add(m.group(1));
        }
        assertTrue(blocks.size() >= minBlocks, "the guide has its sh blocks: " + blocks.size());
    }

    /** Runs the blocks with HOME at {@code home}; fails the test with the output if one fails. */
    void run(Path home, Path tmp, int minutes) throws Exception {
        StringBuilder script = new StringBuilder("set -euo pipefail\n");
        for (int i = 0; i < blocks.size(); i++) {
            script.append("echo \"@@block ").append(i).append(" $(date +%s%3N)\"\n");
            script.append(blocks.get(i));
        }
        script.append("echo \"@@block ").append(blocks.size()).append(" $(date +%s%3N)\"\n");
        Files.createDirectories(home);
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
        // The caches of the user running the tests, so pinned tools are not fetched again.
        env.put("npm_config_cache", Path.of(System.getProperty("user.home"), ".npm").toString());
        env.put(
                "MAVEN_OPTS",
                "-Dmaven.repo.local="
                        + Path.of(System.getProperty("user.home"), ".m2", "repository"));
        Path log = tmp.resolve("guide.log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        try {
            Process p = pb.start();
            boolean done = p.waitFor(minutes, TimeUnit.MINUTES);
            output = Files.readString(log);
            if (!done) {
                p.destroyForcibly();
            }
            assertTrue(done && p.exitValue() == 0, "the guide's commands failed:\n" + output);
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
        startedAt = new long[blocks.size() + 1];
        Matcher mark = MARK.matcher(output);
        while (mark.find()) {
            startedAt[Integer.parseInt(mark.group(1))] = Long.parseLong(mark.group(2));
        }
    }

    /** The first block holding {@code text}. */
    int indexOf(String text) {
        for (int i = 0; i < blocks.size(); i++) {
            if (blocks.get(i).contains(text)) {
                return i;
            }
        }
        throw new AssertionError("no guide block runs " + text);
    }
}
