// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.shared;

import io.elastos.api.p2p.BlockExchange;
import io.elastos.api.p2p.P2pException;
import io.elastos.api.storage.StorageException;
import io.elastos.api.storage.StorageException.Reason;
import io.elastos.storage.internal.ipfs.ContentId;
import io.elastos.storage.internal.ipfs.PbLink;
import io.elastos.storage.internal.ipfs.PbNode;
import io.elastos.storage.internal.ipfs.UnixFsData;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Brings a DAG into the shared partition from other peers, level by level: the blocks of one level
 * are asked for at once (at most {@link #PARALLEL} in flight), each is checked against its CID by
 * the exchange and again by the block files as it is stored, and the links of the dag-pb ones make
 * the next level. Blocks already stored are not fetched again. The root is pinned only when the
 * whole DAG is stored, so a failed fetch leaves nothing pinned (its blocks go with GC).
 */
final class DagFetch {
    /** Blocks asked for at once: enough to hide a peer's round trips, few enough to be polite. */
    static final int PARALLEL = 16;

    /** Links followed in total: bounds a hostile DAG that links to millions of blocks. */
    static final int MAX_BLOCKS = 1 << 22;

    private final StoreBlocks blocks;
    private final BlockExchange exchange;
    private final Duration timeout;
    private final AtomicLong fetchedBlocks = new AtomicLong();
    private final AtomicLong storedBytes = new AtomicLong();
    private volatile long totalBytes = -1;

    DagFetch(StoreBlocks blocks, BlockExchange exchange, Duration timeout) {
        this.blocks = blocks;
        this.exchange = exchange;
        this.timeout = timeout;
    }

    /** Blocks fetched from peers so far (stored ones are not counted). */
    long fetchedBlocks() {
        return fetchedBlocks.get();
    }

    /** Bytes of file content stored so far (raw leaves), fetched or already there. */
    long contentBytes() {
        return storedBytes.get();
    }

    /** The file size the root announces, or -1 until the root is known or if it is a folder. */
    long totalBytes() {
        return totalBytes;
    }

    /** Fetches every block below {@code root} that is not stored yet. */
    void fetch(ContentId root) throws StorageException {
        int seen = 0;
        List<ContentId> level = List.of(root);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            while (!level.isEmpty()) {
                seen += level.size();
                if (seen > MAX_BLOCKS) {
                    throw new StorageException(
                            Reason.INVALID_ARGUMENT,
                            "the DAG of " + root + " has more than " + MAX_BLOCKS + " blocks");
                }
                Set<ContentId> next = new LinkedHashSet<>();
                for (int from = 0; from < level.size(); from += PARALLEL) {
                    List<Future<byte[]>> batch = new ArrayList<>();
                    List<ContentId> cids =
                            level.subList(from, Math.min(level.size(), from + PARALLEL));
                    for (ContentId cid : cids) {
                        batch.add(pool.submit(() -> obtain(cid)));
                    }
                    for (int i = 0; i < batch.size(); i++) {
                        byte[] block = result(batch.get(i), cids.get(i));
                        ContentId cid = cids.get(i);
                        if (cid.codec() == ContentId.RAW) {
                            storedBytes.addAndGet(block.length);
                            if (cid.equals(root)) {
                                totalBytes = block.length;
                            }
                            continue;
                        }
                        PbNode node = decode(cid, block);
                        if (cid.equals(root)) {
                            totalBytes = fileSize(node);
                        }
                        for (PbLink link : node.links()) {
                            next.add(link.hash());
                        }
                    }
                }
                level = new ArrayList<>(next);
            }
        }
    }

    /** A stored block, or one fetched from peers and then stored. */
    private byte[] obtain(ContentId cid) throws StorageException, IOException {
        byte[] stored = blocks.get(cid);
        if (stored != null) {
            return stored;
        }
        byte[] block;
        try {
            block = exchange.fetch(cid.toApi(), timeout);
        } catch (P2pException e) {
            throw new StorageException(
                    Reason.NOT_FOUND, "no peer delivered block " + cid + ": " + e.getMessage(), e);
        }
        if (!cid.matches(block)) {
            // The exchange checks too; a store never trusts a peer's bytes on someone's word.
            throw new StorageException(
                    Reason.INTEGRITY, "a peer sent block " + cid + " with other bytes");
        }
        blocks.put(cid, block);
        fetchedBlocks.incrementAndGet();
        return block;
    }

    private static byte[] result(Future<byte[]> f, ContentId cid) throws StorageException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StorageException s) {
                throw s;
            }
            if (e.getCause() instanceof StoreBlocks.Failure failure) {
                throw failure.storageException();
            }
            throw new StorageException(
                    Reason.IO, "cannot fetch block " + cid + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException(Reason.IO, "interrupted while fetching " + cid);
        }
    }

    private static PbNode decode(ContentId cid, byte[] block) throws StorageException {
        try {
            return PbNode.decode(block);
        } catch (IOException e) {
            throw new StorageException(
                    Reason.INVALID_ARGUMENT,
                    "block " + cid + " matches its CID but is not valid dag-pb: " + e.getMessage(),
                    e);
        }
    }

    private static long fileSize(PbNode node) {
        try {
            UnixFsData data = UnixFsData.decode(node.data());
            return data.fileSize() == null ? -1 : data.fileSize();
        } catch (IOException | RuntimeException e) {
            return -1; // not UnixFS: progress without a total
        }
    }
}
