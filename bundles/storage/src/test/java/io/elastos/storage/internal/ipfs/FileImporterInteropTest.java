// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.ipfs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java importer gives the same root CIDs as js {@code ipfs-unixfs-importer}. */
class FileImporterInteropTest {

    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;

    /**
     * Sizes around every shape boundary: empty, one raw leaf, exactly one chunk, one byte more (a
     * parent with two leaves), several parents' worth, and 46 MiB, past 174 chunks (43.5 MiB), so
     * the root has parents as children.
     */
    private static final long[] SIZES = {
        0, 1, 256 * KIB, 256 * KIB + 1, MIB + 1, 10 * MIB, 46 * MIB
    };

    @TempDir Path dir;

    @Test
    void rootCidsMatchTheJsImporter() throws Exception {
        List<String> paths = new ArrayList<>();
        List<String> java = new ArrayList<>();
        for (int i = 0; i < SIZES.length; i++) {
            Path f = TestData.file(dir.resolve("f" + SIZES[i]), SIZES[i], 1000 + i);
            paths.add(f.toString());
            TestData.MemoryStore store = new TestData.MemoryStore();
            ImportedDag dag;
            try (InputStream in = Files.newInputStream(f)) {
                dag = FileImporter.importFile(in, store);
            }
            assertEquals(SIZES[i], dag.contentSize());
            assertEquals(expectedBlocks(SIZES[i]), store.puts, "blocks for " + SIZES[i]);
            java.add(dag.root().toString());
        }
        List<String> js = List.of(NodeReference.run(cidFilesArgs(paths)).split("\n"));
        for (int i = 0; i < SIZES.length; i++) {
            System.out.printf("%10d  java %s  js %s%n", SIZES[i], java.get(i), js.get(i));
        }
        assertEquals(js, java);
    }

    @Test
    void knownVectorsWithoutNode() throws IOException {
        // The empty file and one zero byte as raw leaves, as every IPFS implementation has them.
        assertEquals(
                "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku",
                FileImporter.importFile(InputStream.nullInputStream(), BlockSink.DISCARD)
                        .root()
                        .toString());
        assertEquals(
                "bafkreidogqfzz75tpkmjzjke425xqcrmpcib2p5tg44hnbirumdbpl5adu",
                FileImporter.importFile(new ByteArrayInputStream(new byte[1]), BlockSink.DISCARD)
                        .root()
                        .toString());
    }

    @Test
    void parentNodesCarryUnixFsSizes() throws IOException {
        TestData.MemoryStore store = new TestData.MemoryStore();
        byte[] content = new byte[(int) (2 * FileImporter.CHUNK_SIZE + 5)];
        ImportedDag dag = FileImporter.importFile(new ByteArrayInputStream(content), store);
        PbNode root = PbNode.decode(store.get(dag.root()));
        UnixFsData data = UnixFsData.decode(root.data());
        assertEquals(UnixFsData.Type.FILE, data.type());
        assertEquals(content.length, data.fileSize());
        assertEquals(
                List.of((long) FileImporter.CHUNK_SIZE, (long) FileImporter.CHUNK_SIZE, 5L),
                data.blockSizes());
        long tsizes = root.links().stream().mapToLong(PbLink::tsize).sum();
        assertEquals(store.get(dag.root()).length + tsizes, dag.cumulativeSize());
    }

    /** Leaves, plus the parents of a balanced tree of fan-out 174, unless one leaf is the root. */
    private static long expectedBlocks(long size) {
        long nodes = Math.max(1, (size + FileImporter.CHUNK_SIZE - 1) / FileImporter.CHUNK_SIZE);
        long total = nodes;
        while (nodes > 1) {
            nodes = (nodes + FileImporter.MAX_CHILDREN - 1) / FileImporter.MAX_CHILDREN;
            total += nodes;
        }
        return total;
    }

    private static String[] cidFilesArgs(List<String> paths) {
        List<String> args = new ArrayList<>();
        args.add("cid-files");
        args.addAll(paths);
        return args.toArray(String[]::new);
    }
}
