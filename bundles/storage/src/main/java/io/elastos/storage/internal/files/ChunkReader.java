// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.files;

import io.elastos.api.storage.StorageException;
import io.elastos.api.storage.StorageException.Reason;
import io.elastos.storage.internal.blocks.BlockFiles;
import io.elastos.storage.internal.vault.ChunkCipher;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The plaintext chunks of one file version in order, read and decrypted a few chunks ahead on other
 * threads while the caller writes out the current one, so a download uses both cores. Each chunk is
 * authenticated by its AES-GCM tag (see {@link BlockFiles#getSealed}); a damaged or missing one
 * fails with an integrity error naming the file and the chunk.
 */
final class ChunkReader implements AutoCloseable {
    /** Chunks read ahead: enough to overlap disk, decryption and output; bounded memory. */
    static final int AHEAD = 2;

    private final BlockFiles blocks;
    private final ChunkCipher cipher;
    private final String path;
    private final int version;
    private final List<String> chunks;
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    private final ArrayDeque<Future<byte[]>> ahead = new ArrayDeque<>();
    private int nextToQueue;

    ChunkReader(
            BlockFiles blocks,
            ChunkCipher cipher,
            String path,
            int version,
            List<String> chunks,
            int first) {
        this.blocks = blocks;
        this.cipher = cipher;
        this.path = path;
        this.version = version;
        this.chunks = chunks;
        this.nextToQueue = first;
        fill();
    }

    boolean hasNext() {
        return !ahead.isEmpty();
    }

    /** The next chunk's plaintext. */
    byte[] next() throws StorageException {
        Future<byte[]> f = ahead.poll();
        if (f == null) {
            throw new IllegalStateException("no more chunks");
        }
        fill();
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StorageException s) {
                throw s;
            }
            throw new StorageException(Reason.IO, "cannot read " + path + ": " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException(Reason.IO, "interrupted while reading " + path);
        }
    }

    private void fill() {
        while (ahead.size() < AHEAD && nextToQueue < chunks.size()) {
            int i = nextToQueue++;
            ahead.add(pool.submit(() -> open(i)));
        }
    }

    private byte[] open(int i) throws StorageException {
        String hash = chunks.get(i);
        try {
            byte[] sealed =
                    blocks.getSealed(hash)
                            .orElseThrow(() ->
                                    new StorageException(
                                            Reason.INTEGRITY, "chunk " + hash + " is missing"));
            return cipher.open(version, i, sealed);
        } catch (StorageException e) {
            throw new StorageException(
                    Reason.INTEGRITY,
                    "file " + path + " is damaged at chunk " + i + ": " + e.getMessage(),
                    e);
        }
    }

    @Override
    public void close() {
        ahead.forEach(f -> f.cancel(true));
        pool.shutdownNow();
    }
}
