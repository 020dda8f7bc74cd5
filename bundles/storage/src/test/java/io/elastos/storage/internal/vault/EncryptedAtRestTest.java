// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.vault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.elastos.storage.internal.blocks.BlockFiles;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes a private file the way the vault does (data key wrapped by the vault key, chunks sealed
 * and stored as blocks) and then searches every byte of every file in the data folder for the
 * plaintext: nothing of it may reach the disk.
 */
class EncryptedAtRestTest {

    private static final byte[] MARKER =
            "ELASTOS-PLAINTEXT-MARKER-5f1c2b".getBytes(StandardCharsets.US_ASCII);
    private static final int CHUNK = 256 * 1024;

    @TempDir Path temp;

    @Test
    void noPlaintextOrDataKeyReachesTheDisk() throws Exception {
        Path data = temp.resolve("data");
        byte[] content = contentWithMarkers(CHUNK * 5 + 1234);
        byte[] fileId = "0190f3c2-file".getBytes(StandardCharsets.US_ASCII);
        byte[] fileKey = VaultKey.newFileKey();
        BlockFiles blocks = new BlockFiles(data.resolve("blocks"));
        List<String> hashes = new ArrayList<>();

        try (VaultKey vaultKey =
                        VaultKey.openOrCreate(data.resolve("keys"), null, new Argon2Cost(8, 1, 1));
                ChunkCipher cipher = new ChunkCipher(fileKey, fileId)) {
            // What the metadata row would hold: the wrapped data key, never the key itself.
            Files.createDirectories(data.resolve("meta"));
            Files.write(data.resolve("meta").resolve("file.key"), vaultKey.wrap(fileKey, fileId));
            for (int i = 0, at = 0; at < content.length; i++, at += CHUNK) {
                int length = Math.min(CHUNK, content.length - at);
                hashes.add(blocks.put(cipher.seal(1, i, content, at, length)));
            }

            ByteArrayOutputStream back = new ByteArrayOutputStream();
            for (int i = 0; i < hashes.size(); i++) {
                back.write(cipher.open(1, i, blocks.get(hashes.get(i)).orElseThrow()));
            }
            assertArrayEquals(content, back.toByteArray());
        }

        int files = 0;
        try (Stream<Path> all = Files.walk(data)) {
            for (Path file : all.filter(Files::isRegularFile).toList()) {
                byte[] bytes = Files.readAllBytes(file);
                assertEquals(-1, indexOf(bytes, MARKER), "plaintext marker found in " + file);
                assertEquals(-1, indexOf(bytes, fileKey), "data key found in " + file);
                files++;
            }
        }
        // 6 chunk blocks, the wrapped key, vault.key and vault.secret.
        assertEquals(9, files);
    }

    @Test
    void theSearchFindsAPlaintextMarker() throws Exception {
        // The check above is only as good as the search: it must find a marker that is there.
        byte[] content = contentWithMarkers(CHUNK * 2);
        BlockFiles blocks = new BlockFiles(temp.resolve("blocks"));
        String hash = blocks.put(content);
        byte[] stored = Files.readAllBytes(findBlock(temp.resolve("blocks"), hash));
        assertEquals(0, indexOf(stored, MARKER));
        assertEquals(CHUNK - MARKER.length / 2, indexOf(stored, MARKER, 1));
    }

    /** Text with the marker at the start, the end, and across every chunk boundary. */
    private static byte[] contentWithMarkers(int length) {
        byte[] out = new byte[length];
        byte[] filler = "private notes, not for the disk. ".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < length; i++) {
            out[i] = filler[i % filler.length];
        }
        System.arraycopy(MARKER, 0, out, 0, MARKER.length);
        System.arraycopy(MARKER, 0, out, length - MARKER.length, MARKER.length);
        for (int at = CHUNK; at < length - MARKER.length; at += CHUNK) {
            System.arraycopy(MARKER, 0, out, at - MARKER.length / 2, MARKER.length);
        }
        return out;
    }

    private static Path findBlock(Path root, String hash) throws Exception {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> p.getFileName().toString().equals(hash + ".blk"))
                    .findFirst()
                    .orElseThrow();
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        return indexOf(haystack, needle, 0);
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
