// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.api.metadata.MetadataStore;
import io.elastos.api.storage.StorageException;
import io.elastos.metadata.internal.TestMetadata;
import io.elastos.storage.internal.blocks.BlockFiles;
import io.elastos.storage.internal.vault.VaultKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The private partition end to end: real Derby, real block files, the real vault. */
class PrivateFilesTest {
    static final byte[] MARKER = "PLAINTEXT-MARKER-4f1c".getBytes(StandardCharsets.UTF_8);

    @TempDir Path data;
    MetadataStore db;
    VaultKey vault;
    BlockFiles blocks;
    PrivateFiles files;

    @BeforeEach
    void open() throws Exception {
        db = TestMetadata.open(data.resolve("db"));
        vault = VaultKey.openOrCreate(data.resolve("keys"), null);
        blocks = new BlockFiles(data.resolve("blocks"));
        files = new PrivateFiles(new FileIndex(db), blocks, vault, 3, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        files.close();
        vault.close();
        TestMetadata.close(db);
    }

    static byte[] content(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        if (size >= MARKER.length + 10) {
            System.arraycopy(MARKER, 0, b, 10, MARKER.length);
        }
        return b;
    }

    byte[] read(String path, int version) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        files.read(path, version, out);
        return out.toByteArray();
    }

    @Test
    void filesOfEverySizeReadBackByteIdentical() throws Exception {
        for (int size :
                new int[] {0, 1, PrivateFiles.CHUNK, PrivateFiles.CHUNK + 1, (1 << 20) + 1}) {
            byte[] c = content(size, size);
            files.write("/sizes/f" + size, new ByteArrayInputStream(c));
            assertArrayEquals(c, read("/sizes/f" + size, 0), "size " + size);
        }
        List<PrivateFiles.Entry> list = files.list("/sizes");
        assertEquals(5, list.size());
        assertEquals(
                (1 << 20) + 1,
                list.stream()
                        .filter(e -> e.name().equals("f1048577"))
                        .findFirst()
                        .orElseThrow()
                        .size());
        assertTrue(files.list("/").stream().anyMatch(e -> e.folder() && e.name().equals("sizes")));
    }

    @Test
    void rangesReadOnlyTheirBytesAcrossChunkBoundaries() throws Exception {
        int c = PrivateFiles.CHUNK;
        byte[] all = content(3 * c + c / 2, 11);
        files.write("/video.bin", new ByteArrayInputStream(all));
        long[][] ranges = {
            {0, 0},
            {c - 1, c},
            {c, 2L * c - 1},
            {2L * c + 5, all.length - 1},
            {all.length - 3, 1L << 40}
        };
        for (long[] r : ranges) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            files.read("/video.bin", 0, r[0], r[1], out);
            int end = (int) Math.min(r[1], all.length - 1);
            assertArrayEquals(
                    java.util.Arrays.copyOfRange(all, (int) r[0], end + 1),
                    out.toByteArray(),
                    r[0] + "-" + r[1]);
        }
        // Damage the three full chunks (the last one is the small block): a range in the last
        // chunk reads only it and still works; a range in the first fails naming the file.
        List<Path> full;
        try (Stream<Path> s = Files.walk(data.resolve("blocks"))) {
            full = s.filter(Files::isRegularFile).filter(p -> p.toFile().length() > c).toList();
        }
        assertEquals(3, full.size());
        for (Path p : full) {
            byte[] b = Files.readAllBytes(p);
            b[100] ^= 1;
            Files.write(p, b);
        }
        ByteArrayOutputStream tail = new ByteArrayOutputStream();
        files.read("/video.bin", 0, 3L * c + 1, 3L * c + 10, tail);
        assertArrayEquals(
                java.util.Arrays.copyOfRange(all, 3 * c + 1, 3 * c + 11), tail.toByteArray());
        StorageException damaged =
                assertThrows(
                        StorageException.class,
                        () -> files.read("/video.bin", 0, 0, 10, new ByteArrayOutputStream()));
        assertEquals(StorageException.Reason.INTEGRITY, damaged.reason());
        assertTrue(damaged.getMessage().contains("/video.bin"), damaged.getMessage());
    }

    @Test
    void versionsAreKeptAndOldOnesReadable() throws Exception {
        for (int v = 1; v <= 4; v++) {
            assertEquals(
                    v,
                    files.write(
                            "/doc.txt",
                            new ByteArrayInputStream(("v" + v).getBytes(StandardCharsets.UTF_8))));
        }
        assertEquals(List.of(2, 3, 4), files.versions("/doc.txt"), "keep 3");
        assertEquals("v4", new String(read("/doc.txt", 0), StandardCharsets.UTF_8));
        assertEquals("v2", new String(read("/doc.txt", 2), StandardCharsets.UTF_8));
        StorageException gone = assertThrows(StorageException.class, () -> read("/doc.txt", 1));
        assertEquals(StorageException.Reason.NOT_FOUND, gone.reason());
    }

    @Test
    void trashRestoresAndGarbageCollectionKeepsEveryReferencedBlock() throws Exception {
        byte[] c = content(3 * PrivateFiles.CHUNK, 1);
        files.write("/a/big.bin", new ByteArrayInputStream(c));
        files.write("/a/big.bin", new ByteArrayInputStream(content(10, 2)));
        assertTrue(files.trash("/a/big.bin"));
        assertThrows(StorageException.class, () -> read("/a/big.bin", 0));
        assertEquals(0, files.collectGarbage(Duration.ZERO).deleted(), "trash keeps its blocks");
        assertTrue(files.restoreFromTrash("/a/big.bin"));
        assertArrayEquals(c, read("/a/big.bin", 1));
        for (int i = 0; i < 3; i++) {
            files.write("/a/big.bin", new ByteArrayInputStream(content(5, 10 + i)));
        }
        // Versions 1 (three chunks) and 2 (one) were dropped by the keep limit of 3: their four
        // blocks go, the blocks of versions 3-5 stay.
        long before = blocks.blocks().count();
        assertEquals(4, files.collectGarbage(Duration.ZERO).deleted());
        assertEquals(before - 4, blocks.blocks().count());
        assertEquals(0, files.collectGarbage(Duration.ofMinutes(5)).deleted());
        for (int v : files.versions("/a/big.bin")) {
            read("/a/big.bin", v);
        }
    }

    @Test
    void aCorruptBlockFailsTheReadNamingTheFileAndNothingElse() throws Exception {
        files.write("/photos/one.jpg", new ByteArrayInputStream(content(1000, 5)));
        files.write("/photos/two.jpg", new ByteArrayInputStream(content(1000, 6)));
        Path victim;
        try (Stream<Path> s = Files.walk(data.resolve("blocks"))) {
            victim = s.filter(p -> p.toString().endsWith(".blk")).findFirst().orElseThrow();
        }
        byte[] b = Files.readAllBytes(victim);
        b[b.length / 2] ^= 1;
        Files.write(victim, b);
        int damaged = 0;
        for (String f : List.of("/photos/one.jpg", "/photos/two.jpg")) {
            try {
                read(f, 0);
            } catch (StorageException e) {
                damaged++;
                assertEquals(StorageException.Reason.INTEGRITY, e.reason());
                assertTrue(e.getMessage().contains(f), e.getMessage());
            }
        }
        assertEquals(1, damaged, "only the file with the corrupt block fails");
    }

    @Test
    void nothingIsReadableOnDiskWithoutTheKey() throws Exception {
        files.write(
                "/Secret-Folder-Name/secret-file-name.txt",
                new ByteArrayInputStream(content(100_000, 9)));
        files.write(
                "/Secret-Folder-Name/secret-file-name.txt",
                new ByteArrayInputStream(content(50, 10)));
        files.close();
        vault.close();
        TestMetadata.close(db);
        byte[][] needles = {
            MARKER,
            "secret-file-name".getBytes(StandardCharsets.UTF_8),
            "Secret-Folder-Name".getBytes(StandardCharsets.UTF_8),
            "secret-file-name".getBytes(StandardCharsets.UTF_16BE)
        };
        try (Stream<Path> s = Files.walk(data)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                byte[] bytes = Files.readAllBytes(f);
                for (byte[] n : needles) {
                    assertFalse(indexOf(bytes, n) >= 0, "clear text in " + data.relativize(f));
                }
            }
        }
        db = TestMetadata.open(data.resolve("db"));
        vault = VaultKey.openOrCreate(data.resolve("keys"), null);
        files = new PrivateFiles(new FileIndex(db), blocks, vault, 3, Clock.systemUTC());
        assertEquals(50, read("/Secret-Folder-Name/secret-file-name.txt", 0).length);
    }

    @Test
    void filesMoveWithTheirVersions() throws Exception {
        files.write("/in/a.txt", new ByteArrayInputStream("one".getBytes(StandardCharsets.UTF_8)));
        files.write("/in/a.txt", new ByteArrayInputStream("two".getBytes(StandardCharsets.UTF_8)));
        files.write("/in/b.txt", new ByteArrayInputStream("b".getBytes(StandardCharsets.UTF_8)));
        assertTrue(files.move("/in/a.txt", "/out/renamed.txt"));
        assertEquals("two", new String(read("/out/renamed.txt", 0), StandardCharsets.UTF_8));
        assertEquals("one", new String(read("/out/renamed.txt", 1), StandardCharsets.UTF_8));
        assertThrows(StorageException.class, () -> read("/in/a.txt", 0));
        StorageException taken =
                assertThrows(
                        StorageException.class, () -> files.move("/in/b.txt", "/out/renamed.txt"));
        assertEquals(StorageException.Reason.INVALID_ARGUMENT, taken.reason());
        assertFalse(files.move("/in/missing", "/x"));
    }

    @Test
    void foldersMoveWithEverythingUnderThem() throws Exception {
        files.write("/docs/a.txt", new ByteArrayInputStream("a1".getBytes(StandardCharsets.UTF_8)));
        files.write("/docs/a.txt", new ByteArrayInputStream("a2".getBytes(StandardCharsets.UTF_8)));
        files.write("/docs/deep/er/b.bin", new ByteArrayInputStream(content(300_000, 7)));
        files.write("/docs/deep/er/b.bin", new ByteArrayInputStream(new byte[] {9}));
        files.write("/docs/trashed.txt", new ByteArrayInputStream(new byte[] {1}));
        files.trash("/docs/trashed.txt");
        files.write("/other/x", new ByteArrayInputStream(new byte[] {2}));

        assertTrue(files.move("/docs", "/archive/2026/docs-renamed"));

        assertEquals("a2", new String(read("/archive/2026/docs-renamed/a.txt", 0)));
        assertEquals("a1", new String(read("/archive/2026/docs-renamed/a.txt", 1)));
        assertArrayEquals(content(300_000, 7), read("/archive/2026/docs-renamed/deep/er/b.bin", 1));
        assertEquals(
                List.of("a.txt", "deep"),
                files.list("/archive/2026/docs-renamed").stream()
                        .map(PrivateFiles.Entry::name)
                        .toList());
        assertFalse(files.isFolder("/docs"));
        assertThrows(StorageException.class, () -> read("/docs/a.txt", 0));
        assertTrue(files.list("/").stream().noneMatch(e -> e.name().equals("docs")));
        // The trashed file restores to its old place: the trash remembers paths, not folders.
        assertTrue(files.restoreFromTrash("/docs/trashed.txt"));
        assertArrayEquals(new byte[] {1}, read("/docs/trashed.txt", 0));

        StorageException into =
                assertThrows(
                        StorageException.class,
                        () -> files.move("/archive", "/archive/2026/inside"));
        assertEquals(StorageException.Reason.INVALID_ARGUMENT, into.reason());
        StorageException taken =
                assertThrows(StorageException.class, () -> files.move("/archive", "/other"));
        assertEquals(StorageException.Reason.INVALID_ARGUMENT, taken.reason());
        assertArrayEquals(new byte[] {2}, read("/other/x", 0), "the taken target is untouched");
        assertThrows(StorageException.class, () -> files.move("/", "/root2"));
    }

    @Test
    void aFolderStreamsAsATreeForPublishing() throws Exception {
        files.write(
                "/pub/one.txt", new ByteArrayInputStream("one".getBytes(StandardCharsets.UTF_8)));
        files.write("/pub/sub/two.bin", new ByteArrayInputStream(content(600_000, 3)));
        files.write("/pub/skip/me", new ByteArrayInputStream(new byte[] {1}));
        Path host = data.resolve("host-copy");
        Files.createDirectories(host.resolve("sub"));
        Files.write(host.resolve("one.txt"), "one".getBytes(StandardCharsets.UTF_8));
        Files.write(host.resolve("sub/two.bin"), content(600_000, 3));
        var fromVault =
                io.elastos.storage.internal.ipfs.DirectoryImporter.importTree(
                        files.tree("/pub", p -> p.equals("/pub/skip")),
                        io.elastos.storage.internal.ipfs.BlockSink.DISCARD);
        var fromDisk =
                io.elastos.storage.internal.ipfs.DirectoryImporter.importDirectory(
                        host, io.elastos.storage.internal.ipfs.BlockSink.DISCARD);
        assertEquals(fromDisk.root(), fromVault.root(), "same tree, same CID");
        assertThrows(StorageException.class, () -> files.tree("/pub/one.txt", p -> false));
        try (var in = files.open("/pub/sub/two.bin", 0)) {
            assertArrayEquals(content(600_000, 3), in.readAllBytes());
        }
    }

    @Test
    void oddPathsAreRefusedOrNormalized() throws Exception {
        files.write("/caf\u00e9.txt", new ByteArrayInputStream(new byte[] {1}));
        assertArrayEquals(new byte[] {1}, read("/cafe\u0301.txt", 0), "NFC twins are one file");
        for (String bad : new String[] {"/../x", "/a/\u0000", "/" + "n".repeat(300), "/"}) {
            StorageException e =
                    assertThrows(
                            StorageException.class,
                            () -> files.write(bad, new ByteArrayInputStream(new byte[0])));
            assertEquals(StorageException.Reason.INVALID_ARGUMENT, e.reason(), bad);
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
