// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.vault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.api.storage.StorageException;
import io.elastos.api.storage.StorageException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VaultKeyTest {

    /** Argon2's minimum, so the tests don't spend 64 MiB and seconds on every open. */
    private static final Argon2Cost CHEAP = new Argon2Cost(8, 1, 1);

    private static final byte[] FILE_ID = "file-0001".getBytes(StandardCharsets.US_ASCII);

    @TempDir Path keys;

    @Test
    void secretFileModeMakesOwnerOnlyFilesAndReopensTheSameKey() throws Exception {
        byte[] fileKey = VaultKey.newFileKey();
        byte[] wrapped;
        try (VaultKey key = VaultKey.openOrCreate(keys, null, CHEAP)) {
            wrapped = key.wrap(fileKey, FILE_ID);
        }
        Path keyFile = keys.resolve("vault.key");
        Path secretFile = keys.resolve("vault.secret");
        assertEquals(VaultKeyFile.FILE_LENGTH, Files.size(keyFile));
        assertEquals(32, Files.size(secretFile));
        if (Files.getFileStore(keys).supportsFileAttributeView("posix")) {
            Set<PosixFilePermission> ownerOnly =
                    Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            assertEquals(ownerOnly, Files.getPosixFilePermissions(keyFile));
            assertEquals(ownerOnly, Files.getPosixFilePermissions(secretFile));
        }
        assertFalse(Files.exists(keys.resolve("vault.key.tmp")));

        try (VaultKey again = VaultKey.open(keys, null)) {
            assertArrayEquals(fileKey, again.unwrap(wrapped, FILE_ID));
        }
        try (VaultKey again = VaultKey.openOrCreate(keys, null, CHEAP)) {
            assertArrayEquals(fileKey, again.unwrap(wrapped, FILE_ID));
        }
    }

    @Test
    void passphraseModeReopensWithThePassphraseOnly() throws Exception {
        byte[] fileKey = VaultKey.newFileKey();
        byte[] wrapped;
        try (VaultKey key = VaultKey.openOrCreate(keys, "correct horse".toCharArray(), CHEAP)) {
            wrapped = key.wrap(fileKey, FILE_ID);
        }
        assertFalse(Files.exists(keys.resolve("vault.secret")), "no secret file needed");
        byte[] header = Files.readAllBytes(keys.resolve("vault.key"));
        ByteBuffer cost = ByteBuffer.wrap(header, 5, 12);
        assertEquals(CHEAP, new Argon2Cost(cost.getInt(), cost.getInt(), cost.getInt()));

        try (VaultKey again = VaultKey.open(keys, "correct horse".toCharArray())) {
            assertArrayEquals(fileKey, again.unwrap(wrapped, FILE_ID));
        }
    }

    @Test
    void theDefaultCostIsRecordedAndUsed() throws Exception {
        try (VaultKey key = VaultKey.openOrCreate(keys, "pass".toCharArray())) {
            assertTrue(key.isOpen());
        }
        ByteBuffer cost = ByteBuffer.wrap(Files.readAllBytes(keys.resolve("vault.key")), 5, 12);
        assertEquals(
                Argon2Cost.DEFAULT, new Argon2Cost(cost.getInt(), cost.getInt(), cost.getInt()));
        try (VaultKey key = VaultKey.open(keys, "pass".toCharArray())) {
            assertTrue(key.isOpen());
        }
    }

    @Test
    void aWrongPassphraseFailsInOneLineAndLeavesTheFile() throws Exception {
        VaultKey.openOrCreate(keys, "right".toCharArray(), CHEAP).close();
        byte[] before = Files.readAllBytes(keys.resolve("vault.key"));

        StorageException e =
                assertThrows(
                        StorageException.class,
                        () -> VaultKey.openOrCreate(keys, "wrong".toCharArray(), CHEAP));
        assertEquals(Reason.LOCKED, e.reason());
        assertTrue(e.getMessage().contains("passphrase"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertArrayEquals(before, Files.readAllBytes(keys.resolve("vault.key")));
    }

    @Test
    void aPassphraseFileWithoutAPassphraseIsLocked() throws Exception {
        VaultKey.openOrCreate(keys, "right".toCharArray(), CHEAP).close();
        byte[] before = Files.readAllBytes(keys.resolve("vault.key"));

        StorageException e =
                assertThrows(
                        StorageException.class, () -> VaultKey.openOrCreate(keys, null, CHEAP));
        assertEquals(Reason.LOCKED, e.reason());
        assertTrue(e.getMessage().contains("give the passphrase"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(keys.resolve("vault.key")));
        assertFalse(Files.exists(keys.resolve("vault.secret")));
    }

    @Test
    void aMissingSecretFileIsLockedAndNotRemade() throws Exception {
        VaultKey.openOrCreate(keys, null, CHEAP).close();
        byte[] before = Files.readAllBytes(keys.resolve("vault.key"));
        Files.delete(keys.resolve("vault.secret"));

        StorageException e =
                assertThrows(
                        StorageException.class, () -> VaultKey.openOrCreate(keys, null, CHEAP));
        assertEquals(Reason.LOCKED, e.reason());
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
        assertFalse(Files.exists(keys.resolve("vault.secret")), "a new secret would not open it");
        assertArrayEquals(before, Files.readAllBytes(keys.resolve("vault.key")));
    }

    @Test
    void aReplacedSecretFileIsLocked() throws Exception {
        VaultKey.openOrCreate(keys, null, CHEAP).close();
        byte[] before = Files.readAllBytes(keys.resolve("vault.key"));
        Files.write(keys.resolve("vault.secret"), VaultKey.newFileKey());

        StorageException e = assertThrows(StorageException.class, () -> VaultKey.open(keys, null));
        assertEquals(Reason.LOCKED, e.reason());
        assertTrue(e.getMessage().contains("vault.secret"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(keys.resolve("vault.key")));
    }

    @Test
    void aSecretFileOfTheWrongLengthIsDamaged() throws Exception {
        VaultKey.openOrCreate(keys, null, CHEAP).close();
        Files.write(keys.resolve("vault.secret"), new byte[31]);

        StorageException e = assertThrows(StorageException.class, () -> VaultKey.open(keys, null));
        assertEquals(Reason.INTEGRITY, e.reason());
    }

    @Test
    void everyTamperedByteIsDetectedAndTheFileLeftAlone() throws Exception {
        VaultKey.openOrCreate(keys, "pw".toCharArray(), CHEAP).close();
        Path keyFile = keys.resolve("vault.key");
        byte[] original = Files.readAllBytes(keyFile);
        // Skip the magic (bytes 0-3), the source (4) and the cost (5-16), tested separately: an
        // altered salt, nonce, ciphertext or tag must fail the GCM check.
        for (int i = 17; i < original.length; i++) {
            byte[] tampered = original.clone();
            tampered[i] ^= 0x01;
            Files.write(keyFile, tampered);
            StorageException e =
                    assertThrows(
                            StorageException.class,
                            () -> VaultKey.openOrCreate(keys, "pw".toCharArray(), CHEAP),
                            "byte " + i);
            assertEquals(Reason.LOCKED, e.reason(), "byte " + i);
            assertArrayEquals(tampered, Files.readAllBytes(keyFile), "byte " + i);
        }
    }

    @Test
    void aTamperedHeaderIsDetected() throws Exception {
        VaultKey.openOrCreate(keys, "pw".toCharArray(), CHEAP).close();
        Path keyFile = keys.resolve("vault.key");
        byte[] original = Files.readAllBytes(keyFile);

        byte[] cheaper = original.clone();
        ByteBuffer.wrap(cheaper, 5, 12).putInt(16).putInt(1).putInt(2); // still within bounds
        assertFails(keyFile, cheaper, Reason.LOCKED);

        byte[] huge = original.clone();
        ByteBuffer.wrap(huge, 5, 4).putInt(Integer.MAX_VALUE); // refused before Argon2 runs
        assertFails(keyFile, huge, Reason.INTEGRITY);

        byte[] source = original.clone();
        source[4] = 9;
        assertFails(keyFile, source, Reason.INTEGRITY);

        byte[] magic = original.clone();
        magic[3] = '2';
        assertFails(keyFile, magic, Reason.INTEGRITY);

        assertFails(keyFile, Arrays.copyOf(original, 92), Reason.INTEGRITY);
        assertFails(keyFile, new byte[0], Reason.INTEGRITY);
    }

    @Test
    void aSecretFileSealIsResealedWhenThePassphraseIsChosen() throws Exception {
        byte[] fileKey = VaultKey.newFileKey();
        byte[] wrapped;
        try (VaultKey key = VaultKey.openOrCreate(keys, null, CHEAP)) {
            wrapped = key.wrap(fileKey, FILE_ID);
        }
        try (VaultKey key = VaultKey.openOrCreate(keys, "new pass".toCharArray(), CHEAP)) {
            assertArrayEquals(fileKey, key.unwrap(wrapped, FILE_ID));
        }
        // Now the passphrase is needed: the secret file alone no longer opens the key.
        assertEquals(
                Reason.LOCKED,
                assertThrows(StorageException.class, () -> VaultKey.open(keys, null)).reason());
        try (VaultKey key = VaultKey.open(keys, "new pass".toCharArray())) {
            assertArrayEquals(fileKey, key.unwrap(wrapped, FILE_ID));
        }
    }

    @Test
    void openWithoutAKeyFileIsNotFound() {
        StorageException e = assertThrows(StorageException.class, () -> VaultKey.open(keys, null));
        assertEquals(Reason.NOT_FOUND, e.reason());
        assertFalse(Files.exists(keys.resolve("vault.secret")));
    }

    @Test
    void anEmptyPassphraseIsRefused() {
        StorageException e =
                assertThrows(
                        StorageException.class,
                        () -> VaultKey.openOrCreate(keys, new char[0], CHEAP));
        assertEquals(Reason.INVALID_ARGUMENT, e.reason());
        assertFalse(Files.exists(keys.resolve("vault.key")));
    }

    @Test
    void aDecomposedPassphraseOpensAComposedOne() throws Exception {
        VaultKey.openOrCreate(keys, "caf\u00e9".toCharArray(), CHEAP).close();
        VaultKey.open(keys, "cafe\u0301".toCharArray()).close();
    }

    @Test
    void wrappedKeysAreBoundToTheFileIdAndTheVaultKey() throws Exception {
        byte[] fileKey = VaultKey.newFileKey();
        try (VaultKey key = VaultKey.openOrCreate(keys, null, CHEAP);
                VaultKey other = VaultKey.openOrCreate(keys.resolve("other"), null, CHEAP)) {
            byte[] wrapped = key.wrap(fileKey, FILE_ID);
            assertEquals(VaultKey.WRAPPED_BYTES, wrapped.length);
            assertFalse(
                    Arrays.equals(wrapped, key.wrap(fileKey, FILE_ID)), "a fresh nonce each time");

            assertIntegrity(() -> key.unwrap(wrapped, "file-0002".getBytes()));
            assertIntegrity(() -> other.unwrap(wrapped, FILE_ID));
            for (int i = 0; i < wrapped.length; i++) {
                byte[] tampered = wrapped.clone();
                tampered[i] ^= (byte) 0x80;
                assertIntegrity(() -> key.unwrap(tampered, FILE_ID));
            }
            assertIntegrity(() -> key.unwrap(Arrays.copyOf(wrapped, 60), FILE_ID));
        }
    }

    @Test
    void derivedKeysDifferByPurposeAndAreStable() throws Exception {
        byte[] names;
        try (VaultKey key = VaultKey.openOrCreate(keys, null, CHEAP)) {
            names = key.derive("names v1");
            assertEquals(32, names.length);
            assertFalse(Arrays.equals(names, key.derive("names v2")));
            assertThrows(IllegalArgumentException.class, () -> key.derive("file-key wrap v1"));
        }
        try (VaultKey key = VaultKey.open(keys, null)) {
            assertArrayEquals(names, key.derive("names v1"));
        }
    }

    @Test
    void aClosedKeyIsLocked() throws Exception {
        VaultKey key = VaultKey.openOrCreate(keys, null, CHEAP);
        byte[] wrapped = key.wrap(VaultKey.newFileKey(), FILE_ID);
        key.close();
        key.close(); // idempotent

        assertFalse(key.isOpen());
        assertEquals(
                Reason.LOCKED,
                assertThrows(StorageException.class, () -> key.wrap(VaultKey.newFileKey(), FILE_ID))
                        .reason());
        assertEquals(
                Reason.LOCKED,
                assertThrows(StorageException.class, () -> key.unwrap(wrapped, FILE_ID)).reason());
        assertEquals(
                Reason.LOCKED,
                assertThrows(StorageException.class, () -> key.derive("names v1")).reason());
    }

    private void assertFails(Path keyFile, byte[] content, Reason reason) throws Exception {
        Files.write(keyFile, content);
        StorageException e =
                assertThrows(
                        StorageException.class,
                        () -> VaultKey.openOrCreate(keys, "pw".toCharArray(), CHEAP));
        assertEquals(reason, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains("vault.key"), e.getMessage());
        assertArrayEquals(content, Files.readAllBytes(keyFile));
    }

    private static void assertIntegrity(org.junit.jupiter.api.function.Executable call) {
        assertEquals(Reason.INTEGRITY, assertThrows(StorageException.class, call).reason());
    }
}
