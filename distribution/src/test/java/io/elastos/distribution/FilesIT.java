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

    /** The CLI's threshold for resumable uploads (FilesCli.RESUMABLE_ABOVE). */
    private static final long FILES_RESUMABLE_ABOVE = 16L << 20;

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

        // A large file goes up in resumable pieces with the CLI.
        byte[] large = new byte[(int) (FILES_RESUMABLE_ABOVE + 3_000_000)];
        new Random(5).nextBytes(large);
        Path largeLocal = Files.write(tmp.resolve("large.bin"), large);
        assertTrue(cli("put", largeLocal.toString(), "/Large/large.bin").contains("resumable"));
        Path largeBack = tmp.resolve("large-back.bin");
        cli("get", "/Large/large.bin", largeBack.toString());
        assertArrayEquals(large, Files.readAllBytes(largeBack));

        // A folder moves with everything under it and publishes as UnixFS directories, with the
        // CID the offline tool computes for the same tree on disk.
        Path album = Files.createDirectories(tmp.resolve("album/sub"));
        Files.write(tmp.resolve("album/a.txt"), "hello".getBytes(StandardCharsets.UTF_8));
        Files.write(album.resolve("b.bin"), content);
        cli("put", tmp.resolve("album/a.txt").toString(), "/Album/a.txt");
        cli("put", album.resolve("b.bin").toString(), "/Album/sub/b.bin");
        cli("mv", "/Album", "/Albums/2026");
        assertTrue(cli("ls", "/Albums/2026").contains("sub/"));
        String folderCid = cli("publish", "/Albums/2026").trim();
        assertEquals(
                script("files", "cid", tmp.resolve("album").toString()).trim(),
                folderCid,
                "a published folder has the offline tool's CID");
        assertEquals(200, send("GET", "/ipfs/" + folderCid + "?format=car", null).statusCode());

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

    /**
     * 100 operations (plain uploads, resumable uploads, publishes, garbage collections) with the
     * node killed by {@code kill -9} at a random moment of every tenth one. After each restart
     * every file reads back byte-identical to its last committed version (an operation cut off by
     * the kill may have committed or not, but never half), every publish that was answered still
     * serves its bytes, a resumable upload goes on from the offset the node reports, and a garbage
     * collection then removes nothing that is still referenced.
     */
    @Test
    void killNineDuring100OperationsLosesNothingCommitted() throws Exception {
        data = tmp.resolve("crash");
        port = freePort();
        start();
        Random random = new Random(20261128);
        // path -> the contents it may hold: one when known, two while a cut-off write is unsure.
        java.util.Map<String, List<byte[]>> files = new java.util.LinkedHashMap<>();
        java.util.Map<String, byte[]> publishedCids = new java.util.LinkedHashMap<>();
        int kills = 0;
        int cutOff = 0;
        int[] done = new int[4];
        for (int op = 0; op < 100; op++) {
            int kind = op < 4 ? 0 : random.nextInt(4); // first a few files to publish
            String path = "/crash/f" + random.nextInt(12);
            byte[] content = new byte[random.nextInt(1_500_000)];
            random.nextBytes(content);
            Thread killer = null;
            long pid = Long.parseLong(Files.readString(data.resolve("run/node.pid")).trim());
            if (op % 10 == 9) {
                long delay = random.nextInt(120);
                killer =
                        Thread.ofPlatform()
                                .start(() -> {
                                    try {
                                        Thread.sleep(delay);
                                        new ProcessBuilder("kill", "-9", Long.toString(pid))
                                                .start()
                                                .waitFor(10, TimeUnit.SECONDS);
                                    } catch (Exception e) {
                                        throw new IllegalStateException(e);
                                    }
                                });
            }
            boolean answered;
            // null stands for "no such file": a new path may stay absent if cut off.
            List<byte[]> before =
                    files.getOrDefault(path, java.util.Collections.singletonList(null));
            if (kind <= 1) {
                // Until answered the file may hold its old content or the new one.
                List<byte[]> either = new ArrayList<>(before);
                either.add(content);
                files.put(path, either);
                answered = kind == 0 ? put(path, content) : putResumable(path, content);
                if (answered) {
                    files.put(path, List.of(content));
                }
            } else if (kind == 2 && !files.isEmpty()) {
                String source = new ArrayList<>(files.keySet()).get(random.nextInt(files.size()));
                HttpResponse<byte[]> r = quietly("POST", "/api/files/publish?path=" + enc(source));
                answered = r != null && r.statusCode() == 200;
                if (answered) {
                    String cid =
                            new String(r.body(), StandardCharsets.UTF_8)
                                    .replaceAll(".*\"cid\":\"([^\"]+)\".*", "$1");
                    // Files are settled before every operation, so the source is known.
                    publishedCids.put(cid, files.get(source).get(0));
                }
            } else {
                HttpResponse<byte[]> r = quietly("POST", "/api/files/gc");
                answered = r != null && r.statusCode() == 200;
            }
            if (answered) {
                done[kind]++;
            }
            if (killer != null) {
                killer.join();
                ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());
                kills++;
                cutOff += answered ? 0 : 1;
                start();
                verify(files, publishedCids, "after kill " + kills);
                assertEquals(200, send("POST", "/api/files/gc", null).statusCode());
                verify(files, publishedCids, "after kill " + kills + " and a GC");
            }
        }
        assertEquals(10, kills);
        System.out.printf(
                "crash run: 100 operations (%d uploads, %d resumable uploads, %d publishes, %d GCs"
                        + " answered), %d kill -9, %d operations cut off, %d files, %d CIDs%n",
                done[0],
                done[1],
                done[2],
                done[3],
                kills,
                cutOff,
                files.size(),
                publishedCids.size());
        assertTrue(done[0] + done[1] > 20 && done[2] > 5 && done[3] > 5, Arrays.toString(done));
    }

    /** Reads every file and published CID back; an unsure file is settled to what it holds. */
    private void verify(
            java.util.Map<String, List<byte[]>> files,
            java.util.Map<String, byte[]> published,
            String when)
            throws Exception {
        for (var e : files.entrySet()) {
            HttpResponse<byte[]> r =
                    send("GET", "/api/files/content?path=" + enc(e.getKey()), null);
            assertTrue(r.statusCode() == 200 || r.statusCode() == 404, e.getKey() + " " + when);
            byte[] body = r.statusCode() == 200 ? r.body() : null;
            boolean matched = false;
            for (byte[] allowed : e.getValue()) {
                matched |= Arrays.equals(allowed, body);
            }
            assertTrue(
                    matched,
                    e.getKey()
                            + " "
                            + when
                            + ": "
                            + (body == null ? "absent" : body.length + " bytes")
                            + ", which is none of its committed states");
            e.setValue(java.util.Collections.singletonList(body));
        }
        for (var e : published.entrySet()) {
            HttpResponse<byte[]> r = send("GET", "/ipfs/" + e.getKey(), null);
            assertEquals(200, r.statusCode(), "CID " + e.getKey() + " " + when);
            assertArrayEquals(e.getValue(), r.body(), "CID " + e.getKey() + " " + when);
        }
    }

    /** A plain upload; false if the node died under it. */
    private boolean put(String path, byte[] content) {
        try {
            HttpResponse<byte[]> r =
                    http.send(
                            authorized("/api/files/content?path=" + enc(path))
                                    .PUT(HttpRequest.BodyPublishers.ofByteArray(content))
                                    .build(),
                            HttpResponse.BodyHandlers.ofByteArray());
            return r.statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * A resumable upload in three pieces; if the node dies under it, the rest goes after the
     * restart from the offset the node reports (by the next call with the same path).
     */
    private boolean putResumable(String path, byte[] content) {
        try {
            HttpResponse<byte[]> begun = quietly("POST", "/api/files/uploads?path=" + enc(path));
            if (begun == null || begun.statusCode() != 201) {
                return false;
            }
            String id =
                    new String(begun.body(), StandardCharsets.UTF_8)
                            .replaceAll(".*\"id\":\"([0-9a-f]+)\".*", "$1");
            int third = content.length / 3;
            for (int at : new int[] {0, third, 2 * third}) {
                int end = at == 2 * third ? content.length : at + third;
                HttpResponse<byte[]> r =
                        http.send(
                                authorized("/api/files/uploads/" + id + "?offset=" + at)
                                        .PUT(
                                                HttpRequest.BodyPublishers.ofByteArray(
                                                        content, at, end - at))
                                        .build(),
                                HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() != 200) {
                    return false;
                }
            }
            HttpResponse<byte[]> committed =
                    quietly("POST", "/api/files/uploads/" + id + "/commit?size=" + content.length);
            return committed != null && committed.statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    private HttpResponse<byte[]> quietly(String method, String path) {
        try {
            return send(method, path, null);
        } catch (Exception e) {
            return null; // the node died under it
        }
    }

    private HttpRequest.Builder authorized(String path) throws IOException {
        return HttpRequest.newBuilder(URI.create(base() + path))
                .timeout(Duration.ofSeconds(60))
                .header(
                        "Authorization",
                        "Bearer " + Files.readString(data.resolve("run/admin.token")).trim());
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
