// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.shared;

import io.elastos.api.p2p.BlockExchange;
import io.elastos.api.storage.Cid;
import io.elastos.api.storage.StorageException;
import io.elastos.api.storage.StorageException.Reason;
import io.elastos.storage.internal.ipfs.ContentId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fetches of DAGs from peers into the shared partition, each on its own thread, so the API and the
 * CLI can start one and follow its progress. One fetch per root at a time; at most {@link
 * #MAX_RUNNING} at once; finished ones are remembered for {@link #KEEP} so a client polling late
 * still learns the outcome.
 */
public final class Fetches {
    static final int MAX_RUNNING = 8;
    static final Duration KEEP = Duration.ofHours(1);

    /** How long one block may take: a peer that has it answers in well under that. */
    static final Duration BLOCK_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Where a fetch stands.
     *
     * @param cid the root
     * @param state {@code running}, {@code done} or {@code failed}
     * @param fetchedBlocks blocks fetched from peers so far
     * @param contentBytes file bytes stored so far
     * @param totalBytes the file size the root announces, or -1 if unknown (a folder)
     * @param error why it failed, or null
     */
    public record Status(
            String cid,
            String state,
            long fetchedBlocks,
            long contentBytes,
            long totalBytes,
            String error) {}

    private final SharedStore store;
    private final Clock clock;
    private final Map<ContentId, Job> jobs = new ConcurrentHashMap<>();

    public Fetches(SharedStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Starts fetching a DAG, or returns the fetch of that root already running.
     *
     * @throws StorageException INVALID_ARGUMENT for an unsupported CID, LOCKED if too many fetches
     *     run
     */
    public synchronized Status start(Cid root, BlockExchange exchange) throws StorageException {
        ContentId cid = SharedStore.parse(root);
        forgetOld();
        Job existing = jobs.get(cid);
        if (existing != null && existing.state.equals("running")) {
            return existing.status();
        }
        if (jobs.values().stream().filter(j -> j.state.equals("running")).count() >= MAX_RUNNING) {
            throw new StorageException(
                    Reason.LOCKED, MAX_RUNNING + " fetches are running; try again when one ends");
        }
        Job job = new Job(cid, new DagFetch(store.storeBlocks(), exchange, BLOCK_TIMEOUT));
        jobs.put(cid, job);
        Thread.ofVirtual().name("elastos-fetch-" + cid).start(job::run);
        return job.status();
    }

    /** Where the fetch of a root stands. */
    public Status status(Cid root) throws StorageException {
        Job job = jobs.get(SharedStore.parse(root));
        if (job == null) {
            throw new StorageException(Reason.NOT_FOUND, "no fetch of " + root.value());
        }
        return job.status();
    }

    private void forgetOld() {
        Instant cutoff = clock.instant().minus(KEEP);
        jobs.values().removeIf(j -> j.finishedAt != null && j.finishedAt.isBefore(cutoff));
    }

    private final class Job {
        final ContentId root;
        final DagFetch fetch;
        volatile String state = "running";
        volatile String error;
        volatile Instant finishedAt;

        Job(ContentId root, DagFetch fetch) {
            this.root = root;
            this.fetch = fetch;
        }

        void run() {
            try {
                store.fetchDag(root, fetch);
                state = "done";
            } catch (StorageException | RuntimeException e) {
                error = e.getMessage();
                state = "failed";
            } finally {
                finishedAt = clock.instant();
            }
        }

        Status status() {
            return new Status(
                    root.toString(),
                    state,
                    fetch.fetchedBlocks(),
                    fetch.contentBytes(),
                    fetch.totalBytes(),
                    error);
        }
    }
}
