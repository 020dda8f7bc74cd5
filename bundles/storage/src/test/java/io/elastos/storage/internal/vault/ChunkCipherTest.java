// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.vault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.api.storage.StorageException;
import io.elastos.api.storage.StorageException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ChunkCipherTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] FILE_A = "file-a".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FILE_B = "file-b".getBytes(StandardCharsets.US_ASCII);

    private final byte[] key = VaultKey.newFileKey();

    @Test
    void roundTripsChunksOfEverySize() throws Exception {
        try (ChunkCipher cipher = new ChunkCipher(key, FILE_A)) {
            for (int size : new int[] {0, 1, 15, 16, 17, 4096, 256 * 1024, 1 << 20}) {
                byte[] plain = random(size);
                byte[] sealed = cipher.seal(3, 7, plain);
                assertEquals(ChunkCipher.sealedLength(size), sealed.length);
                assertArrayEquals(plain, cipher.open(3, 7, sealed));
            }
        }
    }

    @Test
    void sealsASliceOfABuffer() throws Exception {
        byte[] buffer = random(1000);
        try (ChunkCipher cipher = new ChunkCipher(key, FILE_A)) {
            byte[] sealed = cipher.seal(1, 0, buffer, 100, 300);
            assertArrayEquals(Arrays.copyOfRange(buffer, 100, 400), cipher.open(1, 0, sealed));
            assertThrows(
                    IndexOutOfBoundsException.class, () -> cipher.seal(1, 0, buffer, 900, 200));
        }
    }

    @Test
    void everySealUsesAFreshNonce() throws Exception {
        byte[] plain = new byte[64];
        Set<String> nonces = new HashSet<>();
        try (ChunkCipher cipher = new ChunkCipher(key, FILE_A)) {
            for (int i = 0; i < 1000; i++) {
                byte[] sealed = cipher.seal(1, 0, plain);
                assertTrue(nonces.add(Arrays.toString(Arrays.copyOfRange(sealed, 1, 13))));
            }
        }
    }

    @Test
    void swappedChunksFail() throws Exception {
        try (ChunkCipher cipher = new ChunkCipher(key, FILE_A)) {
            byte[] first = cipher.seal(1, 0, random(500));
            byte[] second = cipher.seal(1, 1, random(500));
            assertIntegrity(() -> cipher.open(1, 0, second));
            assertIntegrity(() -> cipher.open(1, 1, first));
        }
    }

    @Test
    void aChunkMovedToAnotherFileFails() throws Exception {
        // Even with the same data key, so only the file id in the associated data tells them apart.
        try (ChunkCipher a = new ChunkCipher(key, FILE_A);
                ChunkCipher b = new ChunkCipher(key, FILE_B)) {
            byte[] sealed = a.seal(1, 0, random(500));
            StorageException e = assertIntegrity(() -> b.open(1, 0, sealed));
            assertTrue(e.getMessage().contains("chunk 0 of version 1"), e.getMessage());
        }
    }

    @Test
    void aChunkMovedToAnotherVersionFails() throws Exception {
        try (ChunkCipher cipher = new ChunkCipher(key, FILE_A)) {
            byte[] sealed = cipher.seal(1, 4, random(500));
            assertIntegrity(() -> cipher.open(2, 4, sealed));
        }
    }

    @Test
    void fileIdsThatShareAPrefixDoNotCollide() throws Exception {
        // Without the length prefix, "ab" + version 0x01... could equal "ab\0" + other fields.
        byte[] shortId = {'a', 'b'};
        byte[] longId = {'a', 'b', 0};
        try (ChunkCipher s = new ChunkCipher(key, shortId);
                ChunkCipher l = new ChunkCipher(key, longId)) {
            byte[] sealed = s.seal(1, 0, random(10));
            assertIntegrity(() -> l.open(1, 0, sealed));
        }
    }

    @Test
    void everyFlippedBitFails() throws Exception {
        try (ChunkCipher cipher = new ChunkCipher(key, FILE_A)) {
            byte[] sealed = cipher.seal(1, 0, random(40));
            for (int bit = 0; bit < sealed.length * 8; bit++) {
                byte[] tampered = sealed.clone();
                tampered[bit / 8] ^= (byte) (1 << (bit % 8));
                assertIntegrity(() -> cipher.open(1, 0, tampered));
            }
        }
    }

    @Test
    void truncatedOrOversizedChunksFail() throws Exception {
        try (ChunkCipher cipher = new ChunkCipher(key, FILE_A)) {
            byte[] sealed = cipher.seal(1, 0, random(100));
            assertIntegrity(() -> cipher.open(1, 0, Arrays.copyOf(sealed, sealed.length - 1)));
            assertIntegrity(() -> cipher.open(1, 0, Arrays.copyOf(sealed, 10)));
            assertIntegrity(() -> cipher.open(1, 0, new byte[0]));
            assertIntegrity(() ->
                    cipher.open(
                            1,
                            0,
                            new byte[ChunkCipher.sealedLength(ChunkCipher.MAX_CHUNK_BYTES) + 1]));
            assertThrows(
                    IllegalArgumentException.class,
                    () -> cipher.seal(1, 0, new byte[ChunkCipher.MAX_CHUNK_BYTES + 1]));
        }
    }

    @Test
    void anotherKeyFails() throws Exception {
        try (ChunkCipher cipher = new ChunkCipher(key, FILE_A);
                ChunkCipher other = new ChunkCipher(VaultKey.newFileKey(), FILE_A)) {
            byte[] sealed = cipher.seal(1, 0, random(100));
            assertIntegrity(() -> other.open(1, 0, sealed));
        }
    }

    @Test
    void theCallersKeyMayBeClearedAndTheClosedCipherIsLocked() throws Exception {
        byte[] mine = key.clone();
        ChunkCipher cipher = new ChunkCipher(mine, FILE_A);
        Arrays.fill(mine, (byte) 0);
        byte[] plain = random(10);
        byte[] sealed = cipher.seal(1, 0, plain);
        assertArrayEquals(plain, new ChunkCipher(key, FILE_A).open(1, 0, sealed));

        cipher.close();
        assertEquals(
                Reason.LOCKED,
                assertThrows(StorageException.class, () -> cipher.open(1, 0, sealed)).reason());
        assertEquals(
                Reason.LOCKED,
                assertThrows(StorageException.class, () -> cipher.seal(1, 0, plain)).reason());
    }

    @Test
    void placesAreChecked() {
        try (ChunkCipher cipher = new ChunkCipher(key, FILE_A)) {
            assertThrows(IllegalArgumentException.class, () -> cipher.seal(0, 0, new byte[1]));
            assertThrows(IllegalArgumentException.class, () -> cipher.seal(1, -1, new byte[1]));
        }
        assertThrows(IllegalArgumentException.class, () -> new ChunkCipher(new byte[16], FILE_A));
    }

    @Test
    void theCiphertextDoesNotContainThePlaintext() throws Exception {
        byte[] plain = "the same sixteen".repeat(64).getBytes(StandardCharsets.US_ASCII);
        try (ChunkCipher cipher = new ChunkCipher(key, FILE_A)) {
            byte[] sealed = cipher.seal(1, 0, plain);
            assertFalse(
                    new String(sealed, StandardCharsets.ISO_8859_1).contains("the same sixteen"));
        }
    }

    private static StorageException assertIntegrity(Executable call) {
        StorageException e = assertThrows(StorageException.class, call);
        assertEquals(Reason.INTEGRITY, e.reason(), e.getMessage());
        return e;
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
