// SPDX-License-Identifier: Apache-2.0
package io.elastos.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts and stops the real assembled node with bin/elastos, as a user would. */
class DistributionIT {

    private static final Path HOME = Path.of(System.getProperty("elastos.home"));
    private static final Path SCRIPT = HOME.resolve("bin/elastos");

    @TempDir Path tmp;
    private final List<Path> started = new ArrayList<>();

    /** What a finished command printed and returned. */
    record Result(int exit, String output) {}

    @AfterEach
    void stopLeftovers() throws Exception {
        for (Path data : started) {
            elastos(Map.of(), "stop", "--data", data.toString());
        }
    }

    @Test
    void startServesHealthThenStopEndsTheNode() throws Exception {
        Path data = tmp.resolve("node");
        int port = freePort();
        Result start = start(data, port);
        assertEquals(0, start.exit(), start.output());
        assertTrue(
                start.output().contains("ready at http://127.0.0.1:" + port + "/"), start.output());

        HttpResponse<String> health = get(port, "/api/health");
        assertEquals(200, health.statusCode(), health.body());
        assertTrue(health.body().contains("\"status\":\"UP\""), health.body());
        assertTrue(health.body().contains("\"jit\":\"JIT\""), "JIT expected: " + health.body());

        Result status = elastos(Map.of(), "status", "--data", data.toString());
        assertEquals(0, status.exit(), status.output());
        assertTrue(status.output().contains("running"), status.output());
        assertTrue(Files.readString(data.resolve("logs/node.log")).contains("JIT"));
        assertTrue(Files.exists(data.resolve("keys/node.key")));
        assertTrue(Files.isDirectory(data.resolve("db/metadata")));

        Result stop = elastos(Map.of(), "stop", "--data", data.toString());
        assertEquals(0, stop.exit(), stop.output());
        assertThrows(ConnectException.class, () -> get(port, "/api/health"));
        assertEquals(3, elastos(Map.of(), "status", "--data", data.toString()).exit());
        assertEquals("stopped", Files.readString(data.resolve("run/status")).trim());
    }

    @Test
    void restartKeepsTheNodeIdentity() throws Exception {
        Path data = tmp.resolve("node");
        assertEquals(0, start(data, freePort()).exit());
        byte[] key = Files.readAllBytes(data.resolve("keys/node.key"));
        elastos(Map.of(), "stop", "--data", data.toString());
        assertEquals(0, start(data, freePort()).exit());
        assertArrayEquals(key, Files.readAllBytes(data.resolve("keys/node.key")));
    }

    @Test
    void occupiedPortIsRefusedWithOneClearLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Result r = start(tmp.resolve("node"), taken.getLocalPort());
            assertNotEquals(0, r.exit());
            assertTrue(r.output().contains("elastos: port " + taken.getLocalPort()), r.output());
            assertTrue(r.output().contains("--port"), r.output());
        }
    }

    @Test
    void dataDirectoryThatIsAFileIsRefused() throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");
        Result r = start(file, freePort());
        assertNotEquals(0, r.exit());
        assertTrue(r.output().contains("is a file, not a directory"), r.output());
        assertEquals("x", Files.readString(file));
    }

    @Test
    void badConfigValueIsRefusedWithTheFileAndKey() throws Exception {
        Path conf = Files.createDirectories(tmp.resolve("conf"));
        Files.writeString(conf.resolve("io.elastos.node.cfg"), "http.port = eighty\n");
        Path data = tmp.resolve("node");
        Result r = elastos(Map.of(), "start", "--data", data.toString(), "--conf", conf.toString());
        assertNotEquals(0, r.exit());
        assertTrue(r.output().contains("http.port is 'eighty'"), r.output());
        assertTrue(r.output().contains("1 to 65535"), r.output());
    }

    @Test
    void damagedNodeKeyStopsTheStartAndIsLeftUntouched() throws Exception {
        Path data = tmp.resolve("node");
        assertEquals(0, start(data, freePort()).exit());
        elastos(Map.of(), "stop", "--data", data.toString());
        Path key = data.resolve("keys/node.key");
        byte[] damaged = "not a key".getBytes(StandardCharsets.US_ASCII);
        Files.write(key, damaged);

        Result r = start(data, freePort());
        assertNotEquals(0, r.exit());
        assertTrue(r.output().contains("node key file"), r.output());
        assertTrue(r.output().contains("is damaged"), r.output());
        assertArrayEquals(damaged, Files.readAllBytes(key));
    }

    @Test
    void tooOldJavaHomeIsRefused() throws Exception {
        Path jdk17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
        assumeTrue(Files.isExecutable(jdk17.resolve("bin/java")), "no JDK 17 on this machine");
        Result r =
                elastos(
                        Map.of("JAVA_HOME", jdk17.toString()),
                        "start",
                        "--data",
                        tmp.resolve("node").toString());
        assertNotEquals(0, r.exit());
        assertTrue(r.output().contains("needs Java 21 or newer"), r.output());
        assertTrue(Files.notExists(tmp.resolve("node/run/node.pid")));
    }

    @Test
    void wasmCallRunsAPluginFromTheCommandLine() throws Exception {
        Path guests = Path.of(System.getProperty("elastos.test.guests"));
        Result r =
                elastos(
                        Map.of(),
                        "wasm",
                        "call",
                        guests.resolve("count_vowels_c.wasm").toString(),
                        "count_vowels",
                        "--input",
                        "Hello, World!");
        assertEquals(0, r.exit(), r.output());
        assertEquals("{\"count\":3,\"total\":3,\"vowels\":\"aeiouAEIOU\"}", r.output().trim());
        Result spin =
                elastos(
                        Map.of(),
                        "wasm",
                        "call",
                        guests.resolve("spin.wasm").toString(),
                        "run",
                        "--timeout",
                        "200");
        assertEquals(1, spin.exit(), spin.output());
        assertTrue(spin.output().contains("deadline exceeded"), spin.output());
    }

    @Test
    void filesCidComputesTheIpfsCidOffline(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path empty = java.nio.file.Files.write(dir.resolve("empty"), new byte[0]);
        Result r = elastos(Map.of(), "files", "cid", empty.toString());
        assertEquals(0, r.exit(), r.output());
        // The well-known CID of zero bytes as a raw leaf.
        assertEquals(
                "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku", r.output().trim());
        byte[] big = new byte[600_000];
        new java.util.Random(7).nextBytes(big);
        Path file = java.nio.file.Files.write(dir.resolve("big.bin"), big);
        String expected =
                io.elastos.storage.internal.ipfs.FileImporter.importFile(
                                new java.io.ByteArrayInputStream(big), (cid, block) -> {})
                        .root()
                        .toString();
        assertEquals(expected, elastos(Map.of(), "files", "cid", file.toString()).output().trim());
        Result missing = elastos(Map.of(), "files", "cid", dir.resolve("nope").toString());
        assertTrue(missing.exit() != 0 && missing.output().contains("nope"), missing.output());
    }

    private Result start(Path data, int port) throws Exception {
        started.add(data);
        return elastos(
                Map.of(), "start", "--data", data.toString(), "--port", Integer.toString(port));
    }

    private static Result elastos(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(SCRIPT.toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "bin/elastos did not finish");
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> get(int port, String path)
            throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        return client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
