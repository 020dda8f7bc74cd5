// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.ipfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Directory trees get the same root CID as with js {@code ipfs-unixfs-importer}. */
class DirectoryImporterInteropTest {

    @TempDir Path tmp;

    @Test
    void nestedTreeMatchesTheJsImporter() throws Exception {
        Path root = Files.createDirectory(tmp.resolve("site"));
        TestData.file(root.resolve("index.html"), 1234, 1);
        TestData.file(root.resolve("empty.txt"), 0, 2);
        TestData.file(root.resolve(".hidden"), 10, 3);
        // Byte order, not char order or case-folding: "B" < "a" < "é" (0xC3 0xA9) < "😀".
        TestData.file(root.resolve("B.bin"), 300_000, 4);
        TestData.file(root.resolve("a.bin"), 262_144, 5);
        TestData.file(root.resolve("é.txt"), 7, 6);
        TestData.file(root.resolve("😀"), 8, 7);
        Path sub = Files.createDirectories(root.resolve("assets/img"));
        TestData.file(sub.resolve("logo.png"), 600_000, 8);
        TestData.file(root.resolve("assets/style.css"), 99, 9);
        Files.createDirectories(root.resolve("empty-dir"));

        TestData.MemoryStore store = new TestData.MemoryStore();
        ImportedDag dag = DirectoryImporter.importDirectory(root, store);
        String js = NodeReference.run("cid-dir", root.toString());
        System.out.printf("directory  java %s  js %s%n", dag.root(), js);
        assertEquals(js, dag.root().toString());

        PbNode node = PbNode.decode(store.get(dag.root()));
        assertEquals(UnixFsData.DIRECTORY, UnixFsData.decode(node.data()));
        assertEquals(
                List.of(
                        ".hidden",
                        "B.bin",
                        "a.bin",
                        "assets",
                        "empty-dir",
                        "empty.txt",
                        "index.html",
                        "é.txt",
                        "😀"),
                node.links().stream().map(PbLink::name).toList());
    }

    @Test
    void bigDirectoriesBecomeTheSameHamtShardsAsTheJsImporters() throws Exception {
        // 6,000 names of 14 bytes: 6,000 × (14 + 36) bytes of links pass the 256 KiB threshold, so
        // both the root and the nested folder are sharded, with sub-shards where names collide.
        Path root = Files.createDirectory(tmp.resolve("big"));
        Path nested = Files.createDirectory(root.resolve("nested"));
        for (int i = 0; i < 6000; i++) {
            Files.write(root.resolve(String.format("file-%05d.txt", i)), new byte[] {(byte) i});
            if (i < 5300) {
                Files.write(nested.resolve(String.format("item-%05d.txt", i)), new byte[0]);
            }
        }
        TestData.file(root.resolve("two-chunks.bin"), 300_000, 11);
        TestData.MemoryStore store = new TestData.MemoryStore();
        ImportedDag dag = DirectoryImporter.importDirectory(root, store);
        String js = NodeReference.run("cid-dir", root.toString());
        System.out.printf("sharded directory  java %s  js %s%n", dag.root(), js);
        assertEquals(js, dag.root().toString());

        UnixFsData data = UnixFsData.decode(PbNode.decode(store.get(dag.root())).data());
        assertEquals(UnixFsData.Type.HAMT_SHARD, data.type());
        // Just under the threshold stays a flat directory.
        Path small = Files.createDirectory(tmp.resolve("small"));
        for (int i = 0; i < 5000; i++) {
            Files.write(small.resolve(String.format("file-%05d.txt", i)), new byte[0]);
        }
        TestData.MemoryStore flat = new TestData.MemoryStore();
        ImportedDag smallDag = DirectoryImporter.importDirectory(small, flat);
        assertEquals(NodeReference.run("cid-dir", small.toString()), smallDag.root().toString());
        assertEquals(
                UnixFsData.Type.DIRECTORY,
                UnixFsData.decode(PbNode.decode(flat.get(smallDag.root())).data()).type());
    }

    @Test
    void murmur3MatchesTheJsImplementation() {
        // Digests printed by @multiformats/murmur3's murmur3128 for the same UTF-8 strings.
        String[][] vectors = {
            {"", "00000000000000000000000000000000"},
            {"a", "85555565f6597889e6b53a48510e895a"},
            {"hello", "cbd8a7b341bd9b025b1e906a48ae1d19"},
            {"file-0001.txt", "c6b80999e8fbb5986ca8e12871ef88d2"},
            {"exactly16bytes!!", "5553cb122c80516cd4d860e5f3b09d31"},
            {"seventeen bytes!!", "4932487fbc4d71b6cc6a47d98135d9a0"}
        };
        for (String[] v : vectors) {
            assertEquals(
                    v[1],
                    java.util.HexFormat.of()
                            .formatHex(
                                    Murmur3.hash128(
                                            v[0].getBytes(
                                                    java.nio.charset.StandardCharsets.UTF_8))),
                    v[0]);
        }
    }

    @Test
    void emptyDirectoryIsTheWellKnownCid() throws IOException {
        assertEquals(
                "bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354",
                DirectoryImporter.importDirectory(tmp, BlockSink.DISCARD).root().toString());
    }

    @Test
    void symbolicLinksAreRefused() throws IOException {
        Path target = TestData.file(tmp.resolve("target"), 3, 1);
        try {
            Files.createSymbolicLink(tmp.resolve("link"), target);
        } catch (UnsupportedOperationException | IOException e) {
            return; // the file system cannot make links; nothing to test
        }
        assertThrows(
                IOException.class, () -> DirectoryImporter.importDirectory(tmp, BlockSink.DISCARD));
    }
}
