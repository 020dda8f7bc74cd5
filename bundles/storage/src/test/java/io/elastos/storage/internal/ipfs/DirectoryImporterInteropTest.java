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
