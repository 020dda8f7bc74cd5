// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.files;

import io.elastos.api.storage.StorageException;
import io.elastos.api.storage.StorageException.Reason;
import io.elastos.storage.internal.blocks.BlockFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Seals and stores chunks with a few workers at once, at most {@code parallel} in flight (so memory
 * stays bounded at that many chunks): sealing and hashing use both cores, and each block is still
 * written, fsynced and renamed by {@link BlockFiles}, but concurrent syncs let the file system
 * commit them together. The hashes come back in submission order.
 */
final class BlockWriters implements AutoCloseable {

    /** Turns a plaintext chunk into the sealed block to store. */
    @FunctionalInterface
    interface Sealer {
        byte[] seal() throws StorageException;
    }

    private final BlockFiles blocks;
    private final ExecutorService pool;
    private final Semaphore slots;
    private final List<Future<String>> pending = new ArrayList<>();

    BlockWriters(BlockFiles blocks, int parallel) {
        this.blocks = blocks;
        this.pool =
                Executors.newFixedThreadPool(
                        parallel,
                        r -> {
                            Thread t = new Thread(r, "elastos-block-writer");
                            t.setDaemon(true);
                            return t;
                        });
        this.slots = new Semaphore(parallel);
    }

    /** Queues a chunk, waiting while {@code parallel} chunks are in flight. */
    void submit(Sealer sealer) throws StorageException {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException(Reason.IO, "interrupted while storing blocks");
        }
        pending.add(
                pool.submit(() -> {
                    try {
                        return blocks.put(sealer.seal());
                    } finally {
                        slots.release();
                    }
                }));
    }

    /**
     * Waits until every queued block is durable.
     *
     * @return the blocks' hashes in the order they were submitted
     * @throws StorageException the first failure
     */
    List<String> awaitAll() throws StorageException {
        List<String> hashes = new ArrayList<>(pending.size());
        for (Future<String> f : pending) {
            try {
                hashes.add(f.get());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof StorageException s) {
                    throw s;
                }
                throw new StorageException(
                        Reason.IO, "a block could not be stored: " + e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StorageException(Reason.IO, "interrupted while storing blocks");
            }
        }
        pending.clear();
        return hashes;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
