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
 * Stores blocks with a few writers at once, at most {@code parallel} in flight (so memory stays
 * bounded at that many sealed chunks): each block is still written, fsynced and renamed by {@link
 * BlockFiles}, but concurrent syncs let the file system commit them together.
 */
final class BlockWriters implements AutoCloseable {
    private final BlockFiles blocks;
    private final ExecutorService pool;
    private final Semaphore slots;
    private final List<Future<?>> pending = new ArrayList<>();

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

    /** Queues a block, waiting while {@code parallel} blocks are in flight. */
    void submit(byte[] block) throws StorageException {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException(Reason.IO, "interrupted while storing blocks");
        }
        pending.add(
                pool.submit(() -> {
                    try {
                        blocks.put(block);
                    } finally {
                        slots.release();
                    }
                    return null;
                }));
    }

    /** Waits until every queued block is durable; the first failure is thrown. */
    void awaitAll() throws StorageException {
        for (Future<?> f : pending) {
            try {
                f.get();
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
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
