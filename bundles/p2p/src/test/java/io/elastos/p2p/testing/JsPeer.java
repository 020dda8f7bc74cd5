// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.testing;

import io.elastos.json.JsonException;
import io.elastos.json.JsonNumber;
import io.elastos.json.JsonReader;
import io.elastos.json.JsonWriter;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real js-libp2p 3 / Helia 7 peer on 127.0.0.1, started from {@code src/test/js/peer.mjs} with
 * the Node 22 binary that {@code npm ci} installs there (package {@code node}).
 *
 * <p>The peer prints one ready line, then answers one JSON command per line; see the README in that
 * folder. It exits when its stdin closes, so it never outlives the JVM.
 */
public final class JsPeer implements AutoCloseable {

    private static final long NPM_TIMEOUT_MINUTES = 5;
    private static final long READY_TIMEOUT_SECONDS = 60;
    private static final long STOP_TIMEOUT_SECONDS = 10;

    /** Marks the end of stdout in the line queue; compared by identity. */
    @SuppressWarnings("StringOperationCanBeSimplified")
    private static final String EOF = new String("<eof>");

    private static final Object NPM_LOCK = new Object();

    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> lines;
    private final Path logFile;
    private final String peerId;
    private final String address;
    private long nextId = 1;
    private boolean closed;

    private JsPeer(Process process, BlockingQueue<String> lines, Path logFile, Map<?, ?> ready) {
        this.process = process;
        this.stdin =
                new BufferedWriter(
                        new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.lines = lines;
        this.logFile = logFile;
        this.peerId = (String) ready.get("peerId");
        this.address = (String) ((List<?>) ready.get("addrs")).get(0);
    }

    /**
     * Installs the npm packages if needed and starts a peer.
     *
     * @return the running peer; close it to stop the process
     */
    public static JsPeer start() {
        return start(Map.of());
    }

    /**
     * Starts a JS peer with extra environment variables, such as {@code PEER_MDNS=1} to run
     * js-libp2p's mDNS discovery.
     *
     * @param env the variables
     * @return the running peer
     */
    public static JsPeer start(Map<String, String> env) {
        Path target = Path.of("target").toAbsolutePath();
        Path logFile = target.resolve("js-peer.log");
        Path dir = Path.of("src/test/js").toAbsolutePath();
        try {
            Files.createDirectories(target);
            installPackages(dir, logFile);
            ProcessBuilder pb =
                    new ProcessBuilder(node(dir).toString(), "peer.mjs").directory(dir.toFile());
            pb.environment().putAll(env);
            pb.redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            Process process = pb.start();
            BlockingQueue<String> lines = readLines(process);
            try {
                String line = lines.poll(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                if (line == null || line == EOF) {
                    throw new IllegalStateException("JS peer did not start; see " + logFile);
                }
                return new JsPeer(process, lines, logFile, (Map<?, ?>) parse(line));
            } catch (RuntimeException e) {
                kill(process);
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the JS peer in " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the JS peer", e);
        }
    }

    /** The peer's base58 peer id. */
    public String peerId() {
        return peerId;
    }

    /** The peer's listen address with {@code /p2p/<id>}. */
    public String address() {
        return address;
    }

    /** The file receiving the peer's stderr and npm output. */
    public Path logFile() {
        return logFile;
    }

    /**
     * Runs a command and waits for its answer.
     *
     * @param name the command
     * @param fields its arguments
     * @return the result as plain Java values (Long for integers)
     * @throws IllegalStateException if the peer answers with an error or not in time
     */
    public Object command(String name, Map<String, ?> fields) {
        return command(name, fields, Duration.ofSeconds(60));
    }

    /** {@link #command(String, Map)} with an explicit timeout. */
    public synchronized Object command(String name, Map<String, ?> fields, Duration timeout) {
        if (closed) {
            throw new IllegalStateException("the JS peer is closed");
        }
        long id = nextId++;
        Map<String, Object> cmd = new LinkedHashMap<>();
        cmd.put("id", id);
        cmd.put("cmd", name);
        cmd.putAll(fields);
        try {
            stdin.write(JsonWriter.write(cmd) + "\n");
            stdin.flush();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new IllegalStateException(name + " timed out; see " + logFile);
                }
                if (line == EOF) {
                    throw new IllegalStateException("JS peer exited; see " + logFile);
                }
                Map<?, ?> answer = (Map<?, ?>) parse(line);
                if (!Long.valueOf(id).equals(answer.get("id"))) {
                    continue; // a late answer to a command that timed out
                }
                if (!Boolean.TRUE.equals(answer.get("ok"))) {
                    throw new IllegalStateException(name + " failed: " + answer.get("error"));
                }
                return answer.get("result");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("JS peer stdin closed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Stops the peer politely, then forcibly. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (process.isAlive()) {
                try {
                    stdin.write("{\"id\":0,\"cmd\":\"stop\"}\n");
                    stdin.flush();
                    stdin.close();
                } catch (IOException ignored) {
                    // Already gone.
                }
                process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            kill(process);
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static Path node(Path dir) {
        boolean windows = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("win");
        return dir.resolve(
                windows ? "node_modules/node/bin/node.exe" : "node_modules/node/bin/node");
    }

    /** Runs {@code npm ci} when node_modules is missing or older than package-lock.json. */
    private static void installPackages(Path dir, Path logFile)
            throws IOException, InterruptedException {
        synchronized (NPM_LOCK) {
            Path lockFile = Path.of(System.getProperty("java.io.tmpdir"), "elastos-p2p-npm.lock");
            try (FileChannel channel =
                            FileChannel.open(
                                    lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = channel.lock()) {
                if (installed(dir)) {
                    return;
                }
                String npm =
                        System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("win")
                                ? "npm.cmd"
                                : "npm";
                Process p;
                try {
                    p =
                            new ProcessBuilder(npm, "ci", "--no-audit", "--no-fund")
                                    .directory(dir.toFile())
                                    .redirectErrorStream(true)
                                    .redirectOutput(
                                            ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                                    .start();
                } catch (IOException e) {
                    if (System.getenv("CI") != null) {
                        throw e;
                    }
                    Assumptions.abort("the JS peer needs npm: " + e.getMessage());
                    return;
                }
                if (!p.waitFor(NPM_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                    kill(p);
                    throw new IllegalStateException("npm ci timed out; see " + logFile);
                }
                if (p.exitValue() != 0 || !Files.isExecutable(node(dir))) {
                    throw new IllegalStateException(
                            "npm ci failed (" + p.exitValue() + "); see " + logFile);
                }
            }
        }
    }

    private static boolean installed(Path dir) throws IOException {
        Path installed = dir.resolve("node_modules/.package-lock.json");
        Path wanted = dir.resolve("package-lock.json");
        return Files.isExecutable(node(dir))
                && Files.exists(installed)
                && Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(wanted))
                        >= 0;
    }

    private static BlockingQueue<String> readLines(Process process) {
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        Thread reader =
                new Thread(
                        () -> {
                            try (BufferedReader in =
                                    new BufferedReader(
                                            new InputStreamReader(
                                                    process.getInputStream(),
                                                    StandardCharsets.UTF_8))) {
                                String line;
                                while ((line = in.readLine()) != null) {
                                    if (line.startsWith("{")) {
                                        queue.add(line);
                                    }
                                }
                            } catch (IOException ignored) {
                                // The process ended.
                            } finally {
                                queue.add(EOF);
                            }
                        },
                        "js-peer-stdout");
        reader.setDaemon(true);
        reader.start();
        return queue;
    }

    private static Object parse(String line) {
        try {
            return plain(
                    JsonReader.parse(
                            line.getBytes(StandardCharsets.UTF_8), JsonReader.Limits.DOCUMENT));
        } catch (JsonException e) {
            throw new IllegalStateException("JS peer wrote invalid JSON: " + line, e);
        }
    }

    private static Object plain(Object v) {
        if (v == JsonReader.NULL) {
            return null;
        }
        if (v instanceof JsonNumber n) {
            return n.isInteger()
                    ? (Object) n.bigDecimalValue().longValueExact()
                    : n.bigDecimalValue().doubleValue();
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(k, plain(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(plain(x)));
            return out;
        }
        return v;
    }
}
