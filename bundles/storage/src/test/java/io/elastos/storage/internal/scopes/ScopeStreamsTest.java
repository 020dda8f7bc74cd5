// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.scopes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.api.metadata.MetadataStore;
import io.elastos.api.storage.AppScope;
import io.elastos.api.storage.StorageException;
import io.elastos.api.storage.StorageException.Reason;
import io.elastos.api.storage.VaultEntry;
import io.elastos.metadata.internal.TestMetadata;
import io.elastos.storage.internal.blocks.BlockFiles;
import io.elastos.storage.internal.files.FileIndex;
import io.elastos.storage.internal.files.PrivateFiles;
import io.elastos.storage.internal.files.PrivateVault;
import io.elastos.storage.internal.vault.VaultKey;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large scope files streamed in and read by ranges (what a Health import does), the quota enforced
 * while the stream arrives, and the owner's vault view without the apps' folder.
 */
class ScopeStreamsTest {

    @TempDir Path data;
    MetadataStore db;
    VaultKey vault;
    BlockFiles blocks;
    FileIndex index;
    EncryptedScopeStore store;

    @BeforeEach
    void open() throws Exception {
        db = TestMetadata.open(data.resolve("db"));
        vault = VaultKey.openOrCreate(data.resolve("keys"), null);
        blocks = new BlockFiles(data.resolve("blocks"));
        index = new FileIndex(db);
        store = new EncryptedScopeStore(db, index, blocks, vault, 1 << 20, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        store.close();
        vault.close();
        TestMetadata.close(db);
    }

    PrivateFiles partition() throws Exception {
        return new PrivateFiles(index, blocks, vault, 10, Clock.systemUTC());
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aStreamedFileReadsBackByRangesAcrossChunks() throws Exception {
        AppScope s = store.open("org.x.big");
        store.setQuota("org.x.big", 64L << 20);
        byte[] data = new byte[(PrivateFiles.CHUNK * 2) + 12345];
        new Random(7).nextBytes(data);
        assertEquals(data.length, s.writeFile("in/export.xml", new ByteArrayInputStream(data)));
        assertEquals(data.length, s.usedBytes());
        int from = PrivateFiles.CHUNK - 100;
        byte[] part = s.readFileRange("in/export.xml", from, 1000).orElseThrow();
        assertArrayEquals(Arrays.copyOfRange(data, from, from + 1000), part);
        byte[] tail = s.readFileRange("in/export.xml", data.length - 10, 1000).orElseThrow();
        assertArrayEquals(Arrays.copyOfRange(data, data.length - 10, data.length), tail);
        assertEquals(0, s.readFileRange("in/export.xml", data.length, 10).orElseThrow().length);
        assertTrue(s.readFileRange("in/none.xml", 0, 10).isEmpty());
        try (InputStream in = s.openFile("in/export.xml").orElseThrow()) {
            assertArrayEquals(data, in.readAllBytes());
        }
        assertThrows(StorageException.class, () -> s.readFileRange("in", 0, 1));
        assertThrows(StorageException.class, () -> s.readFileRange("in/export.xml", -1, 1));
    }

    @Test
    void aStreamPastTheQuotaIsRefusedAndTheOldFileStays() throws Exception {
        AppScope s = store.open("org.x.small"); // 1 MiB default in these tests
        byte[] old = bytes("the old content");
        s.writeFile("f.bin", old);
        StorageException e =
                assertThrows(
                        StorageException.class,
                        () -> s.writeFile("f.bin", new ByteArrayInputStream(new byte[2 << 20])));
        assertEquals(Reason.QUOTA_EXCEEDED, e.reason());
        assertArrayEquals(old, s.readFile("f.bin").orElseThrow());
        assertEquals(old.length, s.usedBytes());
    }

    @Test
    void theVaultShowsTheOwnersFilesButNotTheApps() throws Exception {
        store.open("org.x.hidden").writeFile("secret.txt", bytes("app data"));
        PrivateFiles p = partition();
        PrivateVault owner = new PrivateVault(() -> p, EncryptedScopeStore.RESERVED_FOLDER);
        owner.write("/Photos/a.jpg", new ByteArrayInputStream(bytes("jpeg")));
        List<String> root = owner.list("/").stream().map(VaultEntry::path).toList();
        assertEquals(List.of("/Photos"), root);
        assertEquals("jpeg", new String(owner.read("/Photos/a.jpg").readAllBytes()));
        StorageException e =
                assertThrows(StorageException.class, () -> owner.list("/.apps/org.x.hidden"));
        assertEquals(Reason.NOT_FOUND, e.reason());
        assertThrows(StorageException.class, () -> owner.read("/.apps/org.x.hidden/files/x"));
        assertThrows(StorageException.class, () -> owner.read("/Photos/../.apps/x"));
    }
}
