// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.shared;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.api.metadata.MetadataStore;
import io.elastos.api.storage.Cid;
import io.elastos.api.storage.StorageException;
import io.elastos.api.storage.StorageException.Reason;
import io.elastos.metadata.internal.TestMetadata;
import io.elastos.storage.internal.blocks.BlockFiles;
import io.elastos.storage.internal.blocks.SweepResult;
import io.elastos.storage.internal.ipfs.BlockSink;
import io.elastos.storage.internal.ipfs.CarWriter;
import io.elastos.storage.internal.ipfs.ContentId;
import io.elastos.storage.internal.ipfs.DirectoryImporter;
import io.elastos.storage.internal.ipfs.FileImporter;
import io.elastos.storage.internal.ipfs.ImportedDag;
import io.elastos.storage.internal.ipfs.NodeReference;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared partition end to end: real Derby, real block files, js-ipfs as the reference. */
class SharedStoreTest {

    static final int CHUNK = FileImporter.CHUNK_SIZE;

    @TempDir Path data;
    MetadataStore db;
    BlockFiles files;
    SharedStore store;

    @BeforeEach
    void open() throws Exception {
        db = TestMetadata.open(data.resolve("db"));
        files = new BlockFiles(data.resolve("shared").resolve("blocks"));
        store = new SharedStore(files, db, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        TestMetadata.close(db);
    }

    static byte[] content(int size, long seed) {
        byte[] b = new byte[size];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    static ContentId expectedCid(byte[] content) throws IOException {
        return FileImporter.importFile(new ByteArrayInputStream(content), BlockSink.DISCARD).root();
    }

    byte[] read(Cid cid) throws Exception {
        try (InputStream in = store.open(cid)) {
            return in.readAllBytes();
        }
    }

    @Test
    void publishedFilesOfEverySizeHaveTheImportersCidsAndReadBack() throws Exception {
        Map<Cid, byte[]> published = new LinkedHashMap<>();
        // Empty, one byte, exactly one chunk (a raw root), two chunks, and a two-level tree.
        for (int size : new int[] {0, 1, CHUNK, CHUNK + 1, 175 * CHUNK + 3}) {
            byte[] c = content(size, size);
            Cid cid = store.publish(new ByteArrayInputStream(c));
            assertEquals(expectedCid(c).toString(), cid.value(), "size " + size);
            assertArrayEquals(c, read(cid), "size " + size);
            published.put(cid, c);
        }
        assertEquals(Set.copyOf(published.keySet()), Set.copyOf(store.pins()));
        for (Map.Entry<Cid, byte[]> e : published.entrySet()) {
            assertTrue(store.isPinned(e.getKey()));
        }
    }

    @Test
    void publishedCidEqualsJsIpfs() throws Exception {
        byte[] c = content(3 * CHUNK + 12345, 7);
        Path file = Files.write(data.resolve("js-input"), c);
        Cid cid = store.publish(new ByteArrayInputStream(c));
        assertEquals(NodeReference.run("cid-files", file.toString()), cid.value());
    }

    @Test
    void rangesOfALargeFileSkipToTheRightBytes() throws Exception {
        byte[] c = content(175 * CHUNK + 3, 11);
        Cid cid = store.publish(new ByteArrayInputStream(c));
        FileView view = store.view(cid);
        assertEquals(c.length, view.size());
        long[][] ranges = {
            {0, 10}, {CHUNK - 5, 10}, {174L * CHUNK - 1, 3}, {c.length - 4, 4}, {c.length, 0}
        };
        for (long[] r : ranges) {
            try (InputStream in = view.stream(r[0], r[1])) {
                byte[] expected = Arrays.copyOfRange(c, (int) r[0], (int) (r[0] + r[1]));
                assertArrayEquals(expected, in.readAllBytes(), r[0] + "+" + r[1]);
            }
        }
    }

    @Test
    void carExportIsReadByJsAndJsCarImportsAndPins() throws Exception {
        byte[] c = content(2 * CHUNK + 99, 3);
        Cid cid = store.publish(new ByteArrayInputStream(c));
        Path car = data.resolve("java.car");
        try (var out = Files.newOutputStream(car)) {
            store.exportCar(cid, out);
        }
        // Three leaves, one root node.
        assertEquals(
                "{\"roots\":[\"" + cid + "\"],\"blocks\":4,\"bytes\":",
                NodeReference.run("car-verify", car.toString()).replaceAll("\\d+}$", ""));

        byte[] other = content(5 * CHUNK + 1, 4);
        Path file = Files.write(data.resolve("js-input"), other);
        Path jsCar = data.resolve("js.car");
        String jsRoot = NodeReference.run("car-write", file.toString(), jsCar.toString());
        List<Cid> roots;
        try (InputStream in = Files.newInputStream(jsCar)) {
            roots = store.importCar(in);
        }
        assertEquals(List.of(Cid.of(jsRoot)), roots);
        assertTrue(store.isPinned(roots.get(0)));
        assertArrayEquals(other, read(roots.get(0)));
    }

    @Test
    void aCarWithAFlippedByteImportsNothingPinnedAndGcRemovesItsBlocks() throws Exception {
        byte[] c = content(4 * CHUNK, 5);
        byte[] car = carOf(c);
        // Flip a byte near the end: the last leaf fails, the earlier ones were already stored.
        car[car.length - 100] ^= 1;
        StorageException e =
                assertThrows(
                        StorageException.class,
                        () -> store.importCar(new ByteArrayInputStream(car)));
        assertEquals(Reason.INTEGRITY, e.reason());
        assertEquals(List.of(), store.pins());
        assertTrue(files.blocks().count() > 0, "blocks before the bad one were stored");
        SweepResult swept = store.collectGarbage(Duration.ZERO);
        assertTrue(swept.deleted() > 0);
        assertEquals(0, files.blocks().count());
    }

    @Test
    void aCarWhoseDagIsIncompleteImportsNothingPinned() throws Exception {
        byte[] c = content(3 * CHUNK, 6);
        TestBlocks dag = new TestBlocks();
        ImportedDag imported = FileImporter.importFile(new ByteArrayInputStream(c), dag);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CarWriter writer = new CarWriter(out, List.of(imported.root()));
        // The root and the first leaf only.
        writer.writeBlock(imported.root(), dag.blocks.get(imported.root()));
        ContentId firstLeaf = dag.order.get(0);
        writer.writeBlock(firstLeaf, dag.blocks.get(firstLeaf));
        StorageException e =
                assertThrows(
                        StorageException.class,
                        () -> store.importCar(new ByteArrayInputStream(out.toByteArray())));
        assertEquals(Reason.INVALID_ARGUMENT, e.reason());
        assertTrue(e.getMessage().contains("incomplete"), e.getMessage());
        assertEquals(List.of(), store.pins());
    }

    @Test
    void aMalformedCarIsAnInvalidArgument() {
        StorageException e =
                assertThrows(
                        StorageException.class,
                        () -> store.importCar(new ByteArrayInputStream(new byte[] {5, 1, 2})));
        assertEquals(Reason.INVALID_ARGUMENT, e.reason());
    }

    @Test
    void exportingADagWithAMissingBlockNamesTheBlock() throws Exception {
        byte[] c = content(2 * CHUNK + 1, 8);
        TestBlocks dag = new TestBlocks();
        FileImporter.importFile(new ByteArrayInputStream(c), dag);
        Cid cid = store.publish(new ByteArrayInputStream(c));
        ContentId secondLeaf = dag.order.get(1);
        assertTrue(files.delete(secondLeaf.digestHex()));
        StorageException e =
                assertThrows(
                        StorageException.class,
                        () -> store.exportCar(cid, new ByteArrayOutputStream()));
        assertEquals(Reason.NOT_FOUND, e.reason());
        assertTrue(e.getMessage().contains(secondLeaf.toString()), e.getMessage());
        // Reading stops at the hole instead of returning a shorter file.
        try (InputStream in = store.open(cid)) {
            assertThrows(IOException.class, in::readAllBytes);
        }
    }

    @Test
    void unknownRootsAndUnsupportedCidsAreRefused() throws Exception {
        Cid unknown = expectedCid(content(10, 99)).toApi();
        assertEquals(
                Reason.NOT_FOUND,
                assertThrows(StorageException.class, () -> store.open(unknown)).reason());
        assertFalse(store.unpin(unknown));
        Cid v0 = Cid.of("QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG");
        assertEquals(
                Reason.INVALID_ARGUMENT,
                assertThrows(StorageException.class, () -> store.open(v0)).reason());
    }

    @Test
    void gcKeepsPinnedDagsAndYoungBlocksAndRemovesUnpinnedOnes() throws Exception {
        byte[] shared = content(CHUNK, 20);
        byte[] a = concat(shared, content(7, 21));
        byte[] b = concat(shared, content(2 * CHUNK, 22));
        Cid ca = store.publish(new ByteArrayInputStream(a));
        Cid cb = store.publish(new ByteArrayInputStream(b));
        long before = files.blocks().count();
        assertEquals(0, store.collectGarbage(Duration.ZERO).deleted(), "everything is pinned");

        assertTrue(store.unpin(ca));
        assertFalse(store.unpin(ca));
        assertEquals(List.of(cb), store.pins());
        // Blocks of a write in progress: stored, not yet pinned, younger than the grace.
        byte[] pending = content(CHUNK + 1, 23);
        ImportedDag inProgress =
                FileImporter.importFile(new ByteArrayInputStream(pending), new StoreBlocks(files));

        SweepResult young = store.collectGarbage(Duration.ofHours(1));
        assertEquals(0, young.deleted());
        assertTrue(young.kept() >= 3 + 2, "a's own blocks and the pending ones are young");

        SweepResult swept = store.collectGarbage(Duration.ZERO);
        // a's root and its second leaf, and the three pending blocks; the shared leaf stays.
        assertEquals(2 + 3, swept.deleted());
        assertEquals(before - 2, files.blocks().count());
        assertArrayEquals(b, read(cb));
        assertEquals(
                Reason.NOT_FOUND,
                assertThrows(StorageException.class, () -> store.open(ca)).reason());
        assertFalse(files.has(inProgress.root().digestHex()));
    }

    @Test
    void gcStopsWithoutDeletingWhenAPinnedNodeIsDamaged() throws Exception {
        Cid pinned = store.publish(new ByteArrayInputStream(content(2 * CHUNK, 30)));
        Cid garbage = store.publish(new ByteArrayInputStream(content(10, 31)));
        store.unpin(garbage);
        Path node = nodeFile(ContentId.fromApi(pinned));
        Files.write(node, new byte[] {1, 2, 3});
        StorageException e =
                assertThrows(StorageException.class, () -> store.collectGarbage(Duration.ZERO));
        assertEquals(Reason.INTEGRITY, e.reason());
        assertTrue(files.has(ContentId.fromApi(garbage).digestHex()), "nothing was deleted");
    }

    @Test
    void directoriesPublishWithTheImportersCid() throws Exception {
        Path dir = Files.createDirectories(data.resolve("site"));
        Files.write(dir.resolve("index.html"), content(1000, 40));
        Files.createDirectories(dir.resolve("img"));
        Files.write(dir.resolve("img").resolve("big.bin"), content(CHUNK + 5, 41));
        Cid cid = store.publishDirectory(dir);
        assertEquals(
                DirectoryImporter.importDirectory(dir, BlockSink.DISCARD).root().toString(),
                cid.value());
        assertTrue(store.isPinned(cid));
        assertEquals(
                Reason.INVALID_ARGUMENT,
                assertThrows(StorageException.class, () -> store.open(cid)).reason());
        ByteArrayOutputStream car = new ByteArrayOutputStream();
        store.exportCar(cid, car);
        assertTrue(car.size() > CHUNK);
        assertEquals(0, store.collectGarbage(Duration.ZERO).deleted());
    }

    private Path nodeFile(ContentId cid) {
        String hex = cid.digestHex();
        return files.root()
                .resolve(hex.substring(0, 2))
                .resolve(hex.substring(2, 4))
                .resolve(hex + ".blk");
    }

    static byte[] carOf(byte[] content) throws IOException {
        TestBlocks dag = new TestBlocks();
        ImportedDag imported = FileImporter.importFile(new ByteArrayInputStream(content), dag);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CarWriter.exportDag(imported.root(), dag.blocks::get, out);
        return out.toByteArray();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Blocks in memory, in the order the importer produced them. */
    static final class TestBlocks implements BlockSink {
        final Map<ContentId, byte[]> blocks = new LinkedHashMap<>();
        final List<ContentId> order = new java.util.ArrayList<>();

        @Override
        public void put(ContentId cid, byte[] block) {
            if (blocks.put(cid, block) == null) {
                order.add(cid);
            }
        }
    }
}
