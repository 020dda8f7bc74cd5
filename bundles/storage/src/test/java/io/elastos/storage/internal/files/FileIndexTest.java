// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.api.metadata.MetadataStore;
import io.elastos.metadata.internal.TestMetadata;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File metadata on real Derby, with names sealed so the database never holds them in clear. */
class FileIndexTest {
    static final Instant T = Instant.parse("2026-06-01T00:00:00Z");
    static final String NAME = "tax-return-SECRETNAME-2026.pdf";

    @TempDir Path dir;
    MetadataStore db;
    FileIndex index;
    final NameCipher names = new NameCipher(new byte[32]);

    @BeforeEach
    void open() throws Exception {
        db = TestMetadata.open(dir.resolve("db"));
        index = new FileIndex(db);
    }

    @AfterEach
    void close() {
        TestMetadata.close(db);
    }

    private int put(String path, String... chunks) throws Exception {
        String p = PathRules.normalize(path);
        return index.commit(
                names.mac(p),
                names.mac(PathRules.parent(p)),
                names.seal(PathRules.name(p)),
                java.util.UUID.randomUUID().toString().replace("-", ""),
                chunks.length * 10L,
                "wrapped-" + chunks.length,
                List.of(chunks),
                3,
                T);
    }

    @Test
    void versionsAreKeptUpToTheLimitAndTheHeadMoves() throws Exception {
        String h1 = "a".repeat(64);
        String h2 = "b".repeat(64);
        assertEquals(1, put("/docs/" + NAME, h1));
        assertEquals(2, put("/docs/" + NAME, h1, h2));
        put("/docs/" + NAME, h2);
        put("/docs/" + NAME, h2, h2);
        String mac = names.mac("/docs/" + NAME);
        FileIndex.Version head = index.head(mac).orElseThrow();
        assertEquals(4, head.version());
        assertEquals(List.of(h2, h2), head.chunks());
        assertEquals(3, index.versions(head.nodeId()).size(), "keep 3");
        assertEquals(java.util.Set.of(h1, h2), index.liveChunks(), "v2 still references h1");
        put("/docs/" + NAME, h2);
        assertFalse(index.liveChunks().contains(h1), "h1 unreferenced after v2 was dropped");
    }

    @Test
    void foldersListSealedNamesAndTrashRestores() throws Exception {
        index.mkdir(names.mac("/docs"), names.mac("/"), names.seal("docs"), "d".repeat(32), T);
        put("/docs/" + NAME, "c".repeat(64));
        List<FileIndex.Node> kids = index.children(names.mac("/docs"));
        assertEquals(1, kids.size());
        assertEquals(NAME, names.open(kids.get(0).sealedName()));
        assertNotEquals(NAME, kids.get(0).sealedName());

        String mac = names.mac("/docs/" + NAME);
        assertTrue(index.trash(mac, names.seal("/docs/" + NAME), T));
        assertTrue(index.head(mac).isEmpty(), "gone from its path");
        assertTrue(index.children(names.mac("/docs")).isEmpty());
        FileIndex.Node trashed = index.trashed().get(0);
        assertEquals("/docs/" + NAME, names.open(index.trashPath(trashed.id()).orElseThrow()));
        assertTrue(index.liveChunks().contains("c".repeat(64)), "trash keeps its chunks");
        assertTrue(index.restore(trashed.id(), mac, names.mac("/docs"), names.seal(NAME)));
        assertEquals(1, index.head(mac).orElseThrow().version());
        assertThrows(IllegalArgumentException.class, () -> put("/docs", "e".repeat(64)), "folder");
    }

    @Test
    void theDatabaseFilesNeverHoldAFileNameInClear() throws Exception {
        index.mkdir(
                names.mac("/SECRETFOLDER"),
                names.mac("/"),
                names.seal("SECRETFOLDER"),
                "d".repeat(32),
                T);
        for (int i = 0; i < 50; i++) {
            put("/SECRETFOLDER/" + i + "-" + NAME, "a".repeat(64));
        }
        TestMetadata.close(db); // flush everything to disk
        byte[][] markers = {
            "SECRETNAME".getBytes(StandardCharsets.UTF_8),
            "SECRETFOLDER".getBytes(StandardCharsets.UTF_16BE),
            "SECRETNAME".getBytes(StandardCharsets.UTF_16BE),
            "SECRETFOLDER".getBytes(StandardCharsets.UTF_8)
        };
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                byte[] bytes = Files.readAllBytes(f);
                for (byte[] m : markers) {
                    assertFalse(contains(bytes, m), "a name in clear in " + dir.relativize(f));
                }
            }
        }
        db = TestMetadata.open(dir.resolve("db"));
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
}
