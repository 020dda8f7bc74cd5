// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.api.metadata.MetadataStore;
import io.elastos.api.storage.AppScope;
import io.elastos.api.storage.StorageException;
import io.elastos.api.storage.StorageException.Reason;
import io.elastos.metadata.internal.TestMetadata;
import io.elastos.storage.internal.vault.VaultKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The component's activation path, without OSGi: real Derby, real files, the real vault. */
class StorageServiceTest {
    static final StorageService.Settings SETTINGS =
            new StorageService.Settings(10, 1 << 20, Duration.ZERO, Duration.ofMinutes(60));

    @TempDir Path data;
    MetadataStore db;

    @BeforeEach
    void openDb() throws Exception {
        db = TestMetadata.open(data.resolve("db"));
    }

    @AfterEach
    void closeDb() {
        TestMetadata.close(db);
    }

    StorageService service() {
        StorageService s = new StorageService();
        s.metadata = db;
        return s;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void opensScopesAndThePrivatePartitionAndReopens() throws Exception {
        StorageService s = service();
        s.open(data, null, SETTINGS);
        AppScope scope = s.open("org.example.app");
        scope.put("k", bytes("v"));
        assertEquals(1 << 20, scope.quotaBytes());
        s.privateFiles().write("/docs/a.txt", new ByteArrayInputStream(bytes("doc")));
        s.collectGarbage();
        s.deactivate();
        assertThrows(IllegalStateException.class, s::privateFiles);
        assertEquals(Reason.LOCKED, assertThrows(StorageException.class, s::scopes).reason());
        assertTrue(Files.exists(data.resolve("keys").resolve(VaultKey.KEY_FILE)));
        assertTrue(Files.isDirectory(data.resolve("private").resolve("blocks")));

        StorageService again = service();
        again.open(data, null, SETTINGS);
        try {
            assertArrayEquals(bytes("v"), again.open("org.example.app").get("k").orElseThrow());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            again.privateFiles().read("/docs/a.txt", 0, out);
            assertArrayEquals(bytes("doc"), out.toByteArray());
            assertTrue(again.delete("org.example.app"));
        } finally {
            again.deactivate();
        }
    }

    @Test
    void aWrongPassphraseFailsActivationWithOneClearMessage() throws Exception {
        StorageService s = service();
        s.open(data, "right horse battery".toCharArray(), SETTINGS);
        s.open("org.example.app").put("k", bytes("v"));
        s.deactivate();

        StorageService wrong = service();
        StorageException e =
                assertThrows(
                        StorageException.class,
                        () -> wrong.open(data, "wrong".toCharArray(), SETTINGS));
        assertEquals(Reason.LOCKED, e.reason());
        assertTrue(e.getMessage().startsWith("cannot unlock the vault"), e.getMessage());
        assertTrue(e.getMessage().contains(StorageService.PASSPHRASE_ENV), e.getMessage());
        assertThrows(IllegalStateException.class, wrong::privateFiles);

        StorageException none =
                assertThrows(StorageException.class, () -> service().open(data, null, SETTINGS));
        assertEquals(Reason.LOCKED, none.reason());
    }

    @Test
    void aPassphraseGivenLaterResealsTheKeyOfExistingData() throws Exception {
        StorageService s = service();
        s.open(data, null, SETTINGS);
        s.open("org.example.app").put("k", bytes("v"));
        s.deactivate();

        StorageService owner = service();
        owner.open(data, "chosen later".toCharArray(), SETTINGS);
        assertArrayEquals(bytes("v"), owner.open("org.example.app").get("k").orElseThrow());
        owner.deactivate();

        StorageException e =
                assertThrows(StorageException.class, () -> service().open(data, null, SETTINGS));
        assertEquals(Reason.LOCKED, e.reason(), "the secret file no longer opens it");
    }

    @Test
    void aLostKeyFileWithDataIsNotReplacedByANewKey() throws Exception {
        StorageService s = service();
        s.open(data, null, SETTINGS);
        s.open("org.example.app").put("k", bytes("v"));
        s.deactivate();
        Files.delete(data.resolve("keys").resolve(VaultKey.KEY_FILE));

        StorageException e =
                assertThrows(StorageException.class, () -> service().open(data, null, SETTINGS));
        assertEquals(Reason.NOT_FOUND, e.reason());
        assertTrue(e.getMessage().contains("from a backup"), e.getMessage());
        assertTrue(Files.notExists(data.resolve("keys").resolve(VaultKey.KEY_FILE)));
    }
}
