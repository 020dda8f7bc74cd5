// SPDX-License-Identifier: Apache-2.0
package io.elastos.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The owner's files on the real node: upload with the CLI, list, ranged download, publish to the
 * shared partition with the same CID as the offline tool, the IPFS gateway, CAR export and import,
 * the trash, kill -9 in the middle of uploads, and nothing readable on disk.
 */
class FilesIT {
    private static final Path SCRIPT = Path.of(System.getProperty("elastos.home"), "bin/elastos");
    private static final byte[] MARKER =
            "FILES-IT-PLAINTEXT-MARKER".getBytes(StandardCharsets.UTF_8);

    @TempDir Path tmp;
    private Path data;
    private int port;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() throws Exception {
        if (data != null) {
            script("stop", "--data", data.toString());
        }
    }

    @Test
    void uploadPublishGatewayCarTrashAndNothingInClear() throws Exception {
        data = tmp.resolve("node");
        port = freePort();
        start();
        byte[] content = new byte[700_000];
        new Random(3).nextBytes(content);
        System.arraycopy(MARKER, 0, content, 1000, MARKER.length);
        Path local = Files.write(tmp.resolve("holiday.bin"), content);

        cli("put", local.toString(), "/Secret Trip/holiday.bin");
        cli("put", local.toString(), "/Secret Trip/holiday.bin");
        String ls = cli("ls", "/Secret Trip");
        assertTrue(ls.contains("holiday.bin") && ls.contains("700000") && ls.contains(" 2"), ls);

        Path back = tmp.resolve("back.bin");
        cli("get", "/Secret Trip/holiday.bin", back.toString());
        assertArrayEquals(content, Files.readAllBytes(back));
        HttpResponse<byte[]> range =
                send(
                        "GET",
                        "/api/files/content?path=" + enc("/Secret Trip/holiday.bin"),
                        "bytes=262140-262150");
        assertEquals(206, range.statusCode());
        assertArrayEquals(Arrays.copyOfRange(content, 262140, 262151), range.body());

        String cid = cli("publish", "/Secret Trip/holiday.bin").trim();
        assertEquals(script("files", "cid", local.toString()).trim(), cid, "same CID as offline");
        HttpResponse<byte[]> file = send("GET", "/ipfs/" + cid, null);
        assertEquals(200, file.statusCode());
        assertArrayEquals(content, file.body());
        HttpResponse<byte[]> raw = send("GET", "/ipfs/" + cid + "?format=raw", null);
        assertEquals(200, raw.statusCode());
        assertEquals(
                "application/vnd.ipld.raw", raw.headers().firstValue("Content-Type").orElse(""));
        assertEquals(
                401,
                http.send(
                                HttpRequest.newBuilder(URI.create(base() + "/ipfs/" + cid)).build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode(),
                "owner-only by default");

        Path car = tmp.resolve("holiday.car");
        cli("car", "export", cid, car.toString());
        assertTrue(Files.size(car) > content.length);
        cli("car", "import", car.toString());

        cli("mv", "/Secret Trip/holiday.bin", "/Secret Trip/renamed.bin");
        assertTrue(cli("ls", "/Secret Trip").contains("renamed.bin"));
        cli("mv", "/Secret Trip/renamed.bin", "/Secret Trip/holiday.bin");
        cli("rm", "/Secret Trip/holiday.bin");
        assertFalse(cli("ls", "/Secret Trip").contains("holiday.bin"));
        assertEquals(
                200,
                send("POST", "/api/files/restore?path=" + enc("/Secret Trip/holiday.bin"), null)
                        .statusCode());
        assertTrue(cli("ls", "/Secret Trip").contains("holiday.bin"));
        assertEquals(403, send("GET", "/api/files/list?path=" + enc("/.apps"), null).statusCode());
        assertEquals(400, send("GET", "/api/files/list?path=" + enc("/a/../b"), null).statusCode());

        script("stop", "--data", data.toString());
        // The private partition holds the marker and the folder name only encrypted. (The shared
        // partition holds the published file as IPFS blocks, in clear by design.)
        try (Stream<Path> s = Files.walk(data)) {
            for (Path f :
                    s.filter(Files::isRegularFile)
                            .filter(p -> !p.startsWith(data.resolve("shared")))
                            .toList()) {
                byte[] bytes = Files.readAllBytes(f);
                assertFalse(contains(bytes, MARKER), "plaintext in " + data.relativize(f));
                assertFalse(
                        contains(bytes, "Secret Trip".getBytes(StandardCharsets.UTF_8)),
                        "a name in " + data.relativize(f));
            }
        }
    }

    @Test
    void killDuringUploadsLeavesEveryCommittedFileIntact() throws Exception {
        data = tmp.resolve("crash");
        port = freePort();
        start();
        List<byte[]> committed = new ArrayList<>();
        List<String> published = new ArrayList<>();
        int kills = 0;
        for (int round = 0; round < 6; round++) {
            byte[] content = new byte[300_000 + round * 50_000];
            new Random(round).nextBytes(content);
            Path local = Files.write(tmp.resolve("f" + round), content);
            cli("put", local.toString(), "/crash/f" + round);
            committed.add(content);
            String cid = cli("publish", "/crash/f" + round).trim();
            published.add(cid);
            // An upload, a publish or a garbage collection in flight when the node is killed.
            Path big = Files.write(tmp.resolve("big" + round), new byte[3_000_000]);
            int kind = round % 3;
            Thread upload =
                    Thread.ofPlatform()
                            .start(() -> {
                                try {
                                    switch (kind) {
                                        case 0 -> runCli("put", big.toString(), "/crash/inflight");
                                        case 1 -> runCli("publish", "/crash/f0");
                                        default -> send("POST", "/api/files/gc", null);
                                    }
                                } catch (Exception e) {
                                    // the node dies under it
                                }
                            });
            Thread.sleep(30L * round);
            long pid = Long.parseLong(Files.readString(data.resolve("run/node.pid")).trim());
            new ProcessBuilder("kill", "-9", Long.toString(pid))
                    .start()
                    .waitFor(10, TimeUnit.SECONDS);
            upload.join();
            ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());
            kills++;
            start();
            for (int i = 0; i < committed.size(); i++) {
                Path back = tmp.resolve("back" + i);
                cli("get", "/crash/f" + i, back.toString());
                assertArrayEquals(
                        committed.get(i),
                        Files.readAllBytes(back),
                        "f" + i + " after kill " + kills);
            }
            assertEquals(200, send("POST", "/api/files/gc", null).statusCode());
            for (int i = 0; i < published.size(); i++) {
                HttpResponse<byte[]> shared = send("GET", "/ipfs/" + published.get(i), null);
                assertEquals(200, shared.statusCode(), "published " + i + " after kill " + kills);
                assertArrayEquals(committed.get(i), shared.body());
            }
            HttpResponse<byte[]> inflight =
                    send("GET", "/api/files/content?path=" + enc("/crash/inflight"), null);
            assertTrue(
                    inflight.statusCode() == 404
                            || (inflight.statusCode() == 200
                                    && inflight.body().length == 3_000_000),
                    "in-flight upload is whole or absent: "
                            + inflight.statusCode()
                            + " "
                            + inflight.body().length);
        }
    }

    private String cli(String... args) throws Exception {
        CliResult r = runCli(args);
        assertEquals(0, r.code, "elastos files " + String.join(" ", args) + ": " + r.out + r.err);
        return r.out;
    }

    record CliResult(int code, String out, String err) {}

    private CliResult runCli(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(SCRIPT.toString(), "files"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--node", base(), "--data", data.toString()));
        Process p = new ProcessBuilder(cmd).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "elastos files hung");
        return new CliResult(p.exitValue(), out, err);
    }

    private void start() throws Exception {
        String out = script("start", "--data", data.toString(), "--port", Integer.toString(port));
        assertTrue(out.contains("ready"), out);
    }

    private String script(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(SCRIPT.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(180, TimeUnit.SECONDS);
        return out;
    }

    private HttpResponse<byte[]> send(String method, String path, String range) throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(base() + path))
                        .timeout(Duration.ofSeconds(60))
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .header(
                                "Authorization",
                                "Bearer "
                                        + Files.readString(data.resolve("run/admin.token")).trim());
        if (range != null) {
            b.header("Range", range);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
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

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
