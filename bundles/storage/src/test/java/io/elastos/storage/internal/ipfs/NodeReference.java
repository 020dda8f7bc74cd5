// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.ipfs;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs {@code src/test/js/ipfs-reference.mjs}, the real js-ipfs importer and {@code @ipld/car}, so
 * the tests compare the Java code with the implementation IPFS users actually run.
 *
 * <p>Without Node.js the interop tests are skipped on a developer machine but fail on CI (when the
 * {@code CI} environment variable is set), so a CI image missing Node cannot pass silently.
 */
public final class NodeReference {

    private static final Path JS_DIR = Path.of("src", "test", "js").toAbsolutePath();
    private static boolean ready;

    private NodeReference() {}

    /**
     * Runs the script and returns its standard output.
     *
     * @param args the script's command and arguments
     * @return standard output, trimmed
     */
    public static String run(String... args) throws IOException, InterruptedException {
        ensureReady();
        List<String> command = new ArrayList<>(List.of("node", "ipfs-reference.mjs"));
        command.addAll(List.of(args));
        Result r = exec(command, 600);
        if (r.status != 0) {
            throw new AssertionError("node " + String.join(" ", args) + " failed: " + r.stderr);
        }
        return r.stdout.trim();
    }

    /** Runs the script expecting failure and returns its standard error. */
    static String runFailing(String... args) throws IOException, InterruptedException {
        ensureReady();
        List<String> command = new ArrayList<>(List.of("node", "ipfs-reference.mjs"));
        command.addAll(List.of(args));
        Result r = exec(command, 600);
        if (r.status == 0) {
            throw new AssertionError("node " + String.join(" ", args) + " succeeded: " + r.stdout);
        }
        return r.stderr.trim();
    }

    private static synchronized void ensureReady() throws IOException, InterruptedException {
        if (ready) {
            return;
        }
        Result version;
        try {
            version = exec(List.of("node", "--version"), 30);
        } catch (IOException e) {
            version = null;
        }
        if (version == null || version.status != 0) {
            if (System.getenv("CI") != null) {
                fail("Node.js is required for the IPFS interop tests on CI");
            }
            Assumptions.abort("Node.js not installed; skipping IPFS interop tests");
        }
        if (!Files.isDirectory(JS_DIR.resolve("node_modules"))) {
            Result ci = exec(List.of("npm", "ci", "--no-audit", "--no-fund"), 600);
            if (ci.status != 0) {
                fail("npm ci in " + JS_DIR + " failed: " + ci.stderr);
            }
        }
        ready = true;
    }

    private static Result exec(List<String> command, long timeoutSeconds)
            throws IOException, InterruptedException {
        Path err = Files.createTempFile("node-stderr", ".txt");
        try {
            Process p =
                    new ProcessBuilder(command)
                            .directory(JS_DIR.toFile())
                            .redirectError(err.toFile())
                            .start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(String.join(" ", command) + " timed out");
            }
            return new Result(
                    p.exitValue(),
                    new String(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(err);
        }
    }

    private record Result(int status, String stdout, String stderr) {}
}
