// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.api.metadata.MetadataStore;
import io.elastos.api.storage.Cid;
import io.elastos.metadata.internal.TestMetadata;
import io.elastos.storage.internal.blocks.BlockFiles;
import io.elastos.storage.internal.ipfs.BlockSink;
import io.elastos.storage.internal.ipfs.CarReader;
import io.elastos.storage.internal.ipfs.ContentId;
import io.elastos.storage.internal.ipfs.FileImporter;
import io.elastos.storage.internal.ipfs.PbNode;
import io.elastos.storage.internal.shared.SharedStore;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trustless gateway over a real shared partition, with request and response doubles. */
class GatewayServletTest {

    static final int CHUNK = FileImporter.CHUNK_SIZE;

    @TempDir Path data;
    MetadataStore db;
    SharedStore store;
    GatewayServlet gateway;
    byte[] content;
    Cid cid;

    @BeforeEach
    void open() throws Exception {
        db = TestMetadata.open(data.resolve("db"));
        store = new SharedStore(new BlockFiles(data.resolve("blocks")), db, Clock.systemUTC());
        gateway = new GatewayServlet();
        gateway.shared = store;
        content = new byte[2 * CHUNK + 1000];
        new SplittableRandom(1).nextBytes(content);
        cid = store.publish(new ByteArrayInputStream(content));
    }

    @AfterEach
    void close() {
        TestMetadata.close(db);
    }

    FakeHttp.Response get(String path, Map<String, String> params, Map<String, String> headers)
            throws Exception {
        FakeHttp.Response resp = new FakeHttp.Response();
        gateway.doGet(FakeHttp.request("GET", path, params, headers), resp.proxy);
        return resp;
    }

    FakeHttp.Response get(String path) throws Exception {
        return get(path, Map.of(), Map.of());
    }

    @Test
    void servesTheFileWithImmutableCaching() throws Exception {
        FakeHttp.Response r = get("/" + cid);
        assertEquals(200, r.status);
        assertEquals("application/octet-stream", r.header("Content-Type"));
        assertEquals("nosniff", r.header("X-Content-Type-Options"));
        assertEquals(GatewayServlet.IMMUTABLE, r.header("Cache-Control"));
        assertEquals("\"" + cid + "\"", r.header("Etag"));
        assertEquals("bytes", r.header("Accept-Ranges"));
        assertEquals(String.valueOf(content.length), r.header("Content-Length"));
        assertArrayEquals(content, r.body.toByteArray());

        FakeHttp.Response cached =
                get("/" + cid, Map.of(), Map.of("If-None-Match", r.header("Etag")));
        assertEquals(304, cached.status);
        assertEquals(0, cached.body.size());
    }

    @Test
    void answersSingleRangesAndRefusesBadOnes() throws Exception {
        long first = CHUNK - 10;
        FakeHttp.Response r =
                get("/" + cid, Map.of(), Map.of("Range", "bytes=" + first + "-" + (CHUNK + 9)));
        assertEquals(206, r.status);
        assertEquals(
                "bytes " + first + "-" + (CHUNK + 9) + "/" + content.length,
                r.header("Content-Range"));
        assertArrayEquals(
                Arrays.copyOfRange(content, (int) first, CHUNK + 10), r.body.toByteArray());

        FakeHttp.Response suffix = get("/" + cid, Map.of(), Map.of("Range", "bytes=-5"));
        assertEquals(206, suffix.status);
        assertArrayEquals(
                Arrays.copyOfRange(content, content.length - 5, content.length),
                suffix.body.toByteArray());

        FakeHttp.Response open = get("/" + cid, Map.of(), Map.of("Range", "bytes=100-"));
        assertEquals(206, open.status);
        assertEquals(content.length - 100, open.body.size());

        for (String bad :
                List.of("bytes=" + content.length + "-", "bytes=9-3", "bytes=-0", "bytes=x")) {
            FakeHttp.Response refused = get("/" + cid, Map.of(), Map.of("Range", bad));
            assertEquals(416, refused.status, bad);
            assertEquals("bytes */" + content.length, refused.header("Content-Range"), bad);
        }
        // Several ranges may be answered with the whole file.
        assertEquals(200, get("/" + cid, Map.of(), Map.of("Range", "bytes=0-1,5-6")).status);
    }

    @Test
    void servesRawBlocksByFormatOrAccept() throws Exception {
        FakeHttp.Response r = get("/" + cid, Map.of("format", "raw"), Map.of());
        assertEquals(200, r.status);
        assertEquals("application/vnd.ipld.raw", r.header("Content-Type"));
        assertEquals("nosniff", r.header("X-Content-Type-Options"));
        assertEquals("\"" + cid + ".raw\"", r.header("Etag"));
        assertEquals(GatewayServlet.IMMUTABLE, r.header("Cache-Control"));
        assertTrue(r.header("Content-Disposition").startsWith("attachment"));
        byte[] root = r.body.toByteArray();
        assertTrue(ContentId.fromApi(cid).matches(root));

        // A leaf by Accept header, as a block-by-block client fetches it.
        ContentId leaf = PbNode.decode(root).links().get(2).hash();
        FakeHttp.Response l =
                get("/" + leaf, Map.of(), Map.of("Accept", "application/vnd.ipld.raw"));
        assertEquals(200, l.status);
        assertArrayEquals(
                Arrays.copyOfRange(content, 2 * CHUNK, content.length), l.body.toByteArray());

        // format wins over Accept.
        FakeHttp.Response car =
                get(
                        "/" + cid,
                        Map.of("format", "car"),
                        Map.of("Accept", "application/vnd.ipld.raw"));
        assertEquals(
                "application/vnd.ipld.car; version=1; order=dfs; dups=n",
                car.header("Content-Type"));
    }

    @Test
    void servesTheDagAsAVerifiableCar() throws Exception {
        FakeHttp.Response r =
                get("/" + cid, Map.of(), Map.of("Accept", "application/vnd.ipld.car"));
        assertEquals(200, r.status);
        assertTrue(r.header("Content-Type").startsWith("application/vnd.ipld.car; version=1"));
        assertEquals("\"" + cid + ".car\"", r.header("Etag"));
        assertEquals(GatewayServlet.IMMUTABLE, r.header("Cache-Control"));
        Map<ContentId, byte[]> blocks = new HashMap<>();
        List<ContentId> roots =
                CarReader.read(new ByteArrayInputStream(r.body.toByteArray()), blocks::put);
        assertEquals(List.of(ContentId.fromApi(cid)), roots);
        // Exactly the file's DAG: its root and its three leaves.
        Map<ContentId, byte[]> expected = new HashMap<>();
        FileImporter.importFile(new ByteArrayInputStream(content), expected::put);
        assertEquals(expected.keySet(), blocks.keySet());
    }

    @Test
    void headAnswersHeadersOnly() throws Exception {
        FakeHttp.Response r = new FakeHttp.Response();
        gateway.doHead(FakeHttp.request("HEAD", "/" + cid, Map.of(), Map.of()), r.proxy);
        assertEquals(200, r.status);
        assertEquals(String.valueOf(content.length), r.header("Content-Length"));
        assertEquals(0, r.body.size());

        FakeHttp.Response missing = new FakeHttp.Response();
        gateway.doHead(
                FakeHttp.request("HEAD", "/" + unknownCid(), Map.of("format", "raw"), Map.of()),
                missing.proxy);
        assertEquals(404, missing.status);
        assertEquals(0, missing.body.size());
    }

    @Test
    void refusesUnknownUnpinnedMalformedAndUnsupported() throws Exception {
        Cid unknown = unknownCid();
        assertEquals(404, get("/" + unknown).status);
        assertEquals(404, get("/" + unknown, Map.of("format", "raw"), Map.of()).status);
        assertEquals(404, get("/" + unknown, Map.of("format", "car"), Map.of()).status);

        assertTrue(store.unpin(cid));
        FakeHttp.Response unpinned = get("/" + cid);
        assertEquals(404, unpinned.status);
        assertEquals("no-store", unpinned.header("Cache-Control"));
        assertNull(unpinned.header("Etag"));
        assertEquals(404, get("/" + cid, Map.of("format", "car"), Map.of()).status);

        assertEquals(400, get("/not-a-cid!").status);
        assertEquals(400, get("/").status);
        assertEquals(400, get(null).status);
        // CIDv0 is valid IPFS but not stored here in that form.
        assertEquals(400, get("/QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG").status);
        assertEquals(400, get("/" + unknown, Map.of("format", "tar"), Map.of()).status);
        assertEquals(404, get("/" + unknown + "/index.html").status, "not published here");
    }

    @Test
    void pathsBelowAPublishedFolderResolveThroughFlatAndShardedDirectories() throws Exception {
        Path site = java.nio.file.Files.createDirectories(data.resolve("site/docs"));
        java.nio.file.Files.write(site.resolve("guide.bin"), content);
        Path many = java.nio.file.Files.createDirectories(data.resolve("site/many"));
        for (int i = 0; i < 6000; i++) { // past the threshold: a HAMT-sharded directory
            java.nio.file.Files.write(
                    many.resolve(String.format("n-%05d.txt", i)), new byte[] {(byte) i});
        }
        Cid root = store.publishDirectory(data.resolve("site"));

        FakeHttp.Response file = get("/" + root + "/docs/guide.bin");
        assertEquals(200, file.status);
        assertArrayEquals(content, file.body.toByteArray());
        FakeHttp.Response sharded = get("/" + root + "/many/n-03210.txt");
        assertEquals(200, sharded.status);
        assertArrayEquals(new byte[] {(byte) 3210}, sharded.body.toByteArray());
        assertEquals(200, get("/" + root + "/docs/guide.bin/").status, "a trailing slash is fine");
        FakeHttp.Response block =
                get("/" + root + "/many/n-00007.txt", Map.of("format", "raw"), Map.of());
        assertEquals(200, block.status);
        assertArrayEquals(new byte[] {7}, block.body.toByteArray());

        assertEquals(404, get("/" + root + "/many/n-99999.txt").status);
        assertEquals(404, get("/" + root + "/docs/guide.bin/deeper").status, "a file is no folder");
        assertEquals(404, get("/" + root + "/nope/guide.bin").status);
        assertEquals(400, get("/" + root + "/docs/../docs/guide.bin").status);
        assertEquals(400, get("/" + root + "//docs").status);
        assertEquals(
                501, get("/" + root + "/docs/guide.bin", Map.of("format", "car"), Map.of()).status);
    }

    static Cid unknownCid() throws Exception {
        return FileImporter.importFile(
                        new ByteArrayInputStream(new byte[] {1, 2, 3}), BlockSink.DISCARD)
                .root()
                .toApi();
    }
}
