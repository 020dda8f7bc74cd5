// SPDX-License-Identifier: Apache-2.0
package io.elastos.distribution;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs {@code src/test/js/browser/journeys.mjs}, which drives the desktop in Chromium with
 * playwright-core: installs its npm packages from the lock file when they are missing (as {@code
 * LocalChain} does for the EVM fixture), runs it with a time limit, and kills it and every process
 * it started if it overruns.
 */
final class BrowserJourneys {
    private static final long NPM_TIMEOUT_MINUTES = 5;

    private final Path dir;
    private final Path log;

    BrowserJourneys(Path distributionDir) {
        this.dir = distributionDir.resolve("src/test/js/browser");
        this.log = distributionDir.resolve("target/desktop-journeys.log");
    }

    /**
     * Chromium's executable: {@code -Delastos.chromium}, else Debian's {@code /usr/bin/chromium}.
     */
    static Path chromium() {
        return Path.of(System.getProperty("elastos.chromium", "/usr/bin/chromium"));
    }

    /** Aborts the test (fails it under CI) when Node.js, npm or Chromium is missing. */
    void requireTools() throws InterruptedException {
        String missing = null;
        if (!Files.isExecutable(chromium())) {
            missing = "Chromium at " + chromium() + " (apt-get install chromium)";
        } else if (!runs("node", "--version")) {
            missing = "Node.js";
        } else if (!runs("npm", "--version")) {
            missing = "npm";
        }
        if (missing == null) {
            return;
        }
        if (System.getenv("CI") != null) {
            throw new IllegalStateException("the desktop tests need " + missing);
        }
        Assumptions.abort("the desktop tests need " + missing);
    }

    /** {@code npm ci} unless node_modules matches the lock file; serialised across JVMs. */
    void installPackages() throws IOException, InterruptedException {
        Files.createDirectories(log.getParent());
        Path lockFile = Path.of(System.getProperty("java.io.tmpdir"), "elastos-browser-npm.lock");
        try (FileChannel channel =
                        FileChannel.open(
                                lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = channel.lock()) {
            Path installed = dir.resolve("node_modules/.package-lock.json");
            if (Files.isDirectory(dir.resolve("node_modules/playwright-core"))
                    && Files.exists(installed)
                    && Files.getLastModifiedTime(installed)
                                    .compareTo(
                                            Files.getLastModifiedTime(
                                                    dir.resolve("package-lock.json")))
                            >= 0) {
                return;
            }
            Process npm =
                    new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                            .directory(dir.toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                            .start();
            if (!npm.waitFor(NPM_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                kill(npm);
                throw new IllegalStateException("npm ci timed out; see " + log);
            }
            if (npm.exitValue() != 0) {
                throw new IllegalStateException("npm ci failed; see " + log);
            }
        }
    }

    /** Runs the journeys with a config file; answers the exit code (output in the log file). */
    int run(Path config, long timeoutSeconds) throws IOException, InterruptedException {
        return run("journeys.mjs", config, timeoutSeconds);
    }

    /** Runs another script of the folder (such as wechat.mjs) the same way. */
    int run(String script, Path config, long timeoutSeconds)
            throws IOException, InterruptedException {
        Files.deleteIfExists(log);
        Process p =
                new ProcessBuilder("node", script, config.toString())
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new IllegalStateException(
                        "the browser journeys took longer than " + timeoutSeconds + " s");
            }
            return p.exitValue();
        } finally {
            kill(p);
        }
    }

    String output() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "(no output)";
    }

    /** Chromium runs as children of node: end them too, whatever happened. */
    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    private static boolean runs(String... cmd) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
