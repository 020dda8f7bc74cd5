// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.files;

import io.elastos.api.storage.StorageException;
import io.elastos.api.storage.StorageException.Reason;
import io.elastos.storage.internal.vault.ChunkCipher;
import java.io.IOException;
import java.io.InputStream;

/**
 * One version of a private file as a stream, decrypted a few chunks ahead as it is read (see {@link
 * ChunkReader}), so publishing a large file never holds the whole file in memory. A damaged or
 * missing chunk ends the stream with an {@link IOException} whose cause is the integrity {@link
 * StorageException} naming the file.
 */
final class DecryptingStream extends InputStream {
    private final ChunkReader chunks;
    private final ChunkCipher cipher;
    private final String path;
    private final long size;
    private byte[] current = new byte[0];
    private int position;
    private long delivered;

    DecryptingStream(ChunkReader chunks, ChunkCipher cipher, String path, long size) {
        this.chunks = chunks;
        this.cipher = cipher;
        this.path = path;
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
            if (!chunks.hasNext()) {
                if (delivered != size) {
                    throw new IOException(
                            new StorageException(
                                    Reason.INTEGRITY, "file " + path + " has the wrong size"));
                }
                return -1;
            }
            try {
                current = chunks.next();
            } catch (StorageException e) {
                throw new IOException(e.getMessage(), e);
            }
            position = 0;
        }
        int n = Math.min(len, current.length - position);
        System.arraycopy(current, position, b, off, n);
        position += n;
        delivered += n;
        return n;
    }

    @Override
    public void close() {
        chunks.close();
        cipher.close();
    }
}
