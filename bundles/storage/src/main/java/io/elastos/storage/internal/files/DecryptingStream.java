// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.files;

import io.elastos.api.storage.StorageException;
import io.elastos.api.storage.StorageException.Reason;
import io.elastos.storage.internal.blocks.BlockFiles;
import io.elastos.storage.internal.vault.ChunkCipher;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * One version of a private file as a stream, decrypted a chunk at a time as it is read, so
 * publishing a large file never holds more than one chunk in memory. A damaged or missing chunk
 * ends the stream with an {@link IOException} whose cause is the integrity {@link StorageException}
 * naming the file.
 */
final class DecryptingStream extends InputStream {
    private final BlockFiles blocks;
    private final ChunkCipher cipher;
    private final String path;
    private final int version;
    private final List<String> chunks;
    private final long size;
    private byte[] current = new byte[0];
    private int position;
    private int next;
    private long delivered;

    DecryptingStream(
            BlockFiles blocks,
            ChunkCipher cipher,
            String path,
            int version,
            List<String> chunks,
            long size) {
        this.blocks = blocks;
        this.cipher = cipher;
        this.path = path;
        this.version = version;
        this.chunks = chunks;
        this.size = size;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (position == current.length) {
            if (next == chunks.size()) {
                if (delivered != size) {
                    throw damaged("has the wrong size", null);
                }
                return -1;
            }
            current = openChunk(next++);
            position = 0;
        }
        int n = Math.min(len, current.length - position);
        System.arraycopy(current, position, b, off, n);
        position += n;
        delivered += n;
        return n;
    }

    private byte[] openChunk(int i) throws IOException {
        String hash = chunks.get(i);
        try {
            byte[] sealed =
                    blocks.get(hash)
                            .orElseThrow(() ->
                                    new StorageException(
                                            Reason.INTEGRITY, "chunk " + hash + " is missing"));
            return cipher.open(version, i, sealed);
        } catch (StorageException e) {
            throw damaged("is damaged at chunk " + i + ": " + e.getMessage(), e);
        }
    }

    private IOException damaged(String what, Throwable cause) {
        return new IOException(
                new StorageException(Reason.INTEGRITY, "file " + path + " " + what, cause));
    }

    @Override
    public void close() {
        cipher.close();
    }
}
