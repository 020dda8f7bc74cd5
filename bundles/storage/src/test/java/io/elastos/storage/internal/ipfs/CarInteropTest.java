// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.ipfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CAR archives written by Java read in {@code @ipld/car} and the other way round. */
class CarInteropTest {

    private static final long SIZE = 10L * 1024 * 1024;

    @TempDir static Path dir;
    private static Path file;
    private static ImportedDag dag;
    private static TestData.MemoryStore store;

    @BeforeAll
    static void importFile() throws IOException {
        file = TestData.file(dir.resolve("ten-mib"), SIZE, 42);
        store = new TestData.MemoryStore();
        try (InputStream in = Files.newInputStream(file)) {
            dag = FileImporter.importFile(in, store);
        }
    }

    @Test
    void jsReadsAndVerifiesJavaCar() throws Exception {
        Path car = dir.resolve("java.car");
        long blocks;
        try (OutputStream out = Files.newOutputStream(car)) {
            blocks = CarWriter.exportDag(dag.root(), store, out);
        }
        assertEquals(store.blocks.size(), blocks);
        String json = NodeReference.run("car-verify", car.toString());
        assertEquals(
                "{\"roots\":[\""
                        + dag.root()
                        + "\"],\"blocks\":"
                        + blocks
                        + ",\"bytes\":"
                        + totalBlockBytes()
                        + "}",
                json);
    }

    @Test
    void javaReadsJsCar() throws Exception {
        Path car = dir.resolve("js.car");
        String root = NodeReference.run("car-write", file.toString(), car.toString());
        TestData.MemoryStore read = new TestData.MemoryStore();
        List<ContentId> roots;
        try (InputStream in = Files.newInputStream(car)) {
            roots = CarReader.read(in, read);
        }
        assertEquals(List.of(dag.root()), roots);
        assertEquals(root, dag.root().toString());
        assertEquals(store.blocks.keySet(), read.blocks.keySet());
        for (ContentId cid : store.blocks.keySet()) {
            assertArrayEquals(store.get(cid), read.get(cid));
        }
        // Java exports the same DAG byte for byte: same header, order and sections.
        ByteArrayOutputStream javaCar = new ByteArrayOutputStream();
        CarWriter.exportDag(dag.root(), store, javaCar);
        assertArrayEquals(Files.readAllBytes(car), javaCar.toByteArray());
    }

    @Test
    void flippedByteIsRefusedNamingTheCid() throws IOException {
        byte[] car = javaCar();
        // The last byte belongs to the last section's block, a leaf.
        car[car.length - 1] ^= 0x01;
        BlockMismatchException e =
                assertThrows(
                        BlockMismatchException.class,
                        () -> CarReader.read(new ByteArrayInputStream(car), BlockSink.DISCARD));
        assertTrue(e.getMessage().contains(e.cid().toString()), e.getMessage());
        assertTrue(store.blocks.containsKey(e.cid()));
    }

    @Test
    void truncatedSectionIsRefused() throws IOException {
        byte[] car = javaCar();
        byte[] cut = Arrays.copyOf(car, car.length - 10);
        CarFormatException e =
                assertThrows(
                        CarFormatException.class,
                        () -> CarReader.read(new ByteArrayInputStream(cut), BlockSink.DISCARD));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void absurdLengthsAreRefusedBeforeAllocation() throws IOException {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        Varint.write(CarReader.MAX_HEADER_BYTES + 1L, header);
        assertThrows(
                CarFormatException.class,
                () ->
                        CarReader.read(
                                new ByteArrayInputStream(header.toByteArray()), BlockSink.DISCARD));

        ByteArrayOutputStream section = new ByteArrayOutputStream();
        new CarWriter(section, List.of(dag.root()));
        Varint.write(Long.MAX_VALUE, section);
        CarFormatException e =
                assertThrows(
                        CarFormatException.class,
                        () ->
                                CarReader.read(
                                        new ByteArrayInputStream(section.toByteArray()),
                                        BlockSink.DISCARD));
        assertTrue(e.getMessage().contains("too large"), e.getMessage());
    }

    @Test
    void headerIsCanonicalDagCbor() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new CarWriter(out, List.of(dag.root()));
        byte[] b = out.toByteArray();
        // varint(58), map(2), "roots", array(1), tag(42), bytes(37) 0x00 CID, "version", 1
        assertEquals(59, b.length);
        assertEquals(58, b[0]);
        assertEquals((byte) 0xa2, b[1]);
        assertEquals((byte) 0x65, b[2]);
        assertEquals((byte) 0x81, b[8]);
        assertArrayEquals(
                new byte[] {(byte) 0xd8, 0x2a, 0x58, 0x25, 0x00}, Arrays.copyOfRange(b, 9, 14));
        assertEquals(List.of(dag.root()), CarHeader.decode(Arrays.copyOfRange(b, 1, b.length)));
    }

    @Test
    void otherVersionsAndCidsAreRefused() {
        // The CARv2 pragma: {"version": 2} only.
        byte[] v2 = {0x0a, (byte) 0xa1, 0x67, 'v', 'e', 'r', 's', 'i', 'o', 'n', 0x02};
        assertThrows(
                CarFormatException.class,
                () -> CarReader.read(new ByteArrayInputStream(v2), BlockSink.DISCARD));
    }

    @Test
    void missingBlockIsReported() {
        MissingBlockException e =
                assertThrows(
                        MissingBlockException.class,
                        () ->
                                CarWriter.exportDag(
                                        dag.root(),
                                        cid -> cid.equals(dag.root()) ? store.get(cid) : null,
                                        OutputStream.nullOutputStream()));
        assertEquals(ContentId.RAW, e.cid().codec());
    }

    private static byte[] javaCar() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CarWriter.exportDag(dag.root(), store, out);
        return out.toByteArray();
    }

    private static long totalBlockBytes() {
        return store.blocks.values().stream().mapToLong(b -> b.length).sum();
    }
}
