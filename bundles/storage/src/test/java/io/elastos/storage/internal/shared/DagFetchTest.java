// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.shared;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.api.metadata.MetadataStore;
import io.elastos.api.p2p.BlockExchange;
import io.elastos.api.p2p.P2pException;
import io.elastos.api.storage.Cid;
import io.elastos.api.storage.StorageException;
import io.elastos.metadata.internal.TestMetadata;
import io.elastos.storage.internal.blocks.BlockFiles;
import io.elastos.storage.internal.ipfs.ContentId;
import io.elastos.storage.internal.ipfs.FileImporter;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fetching a DAG from "peers" into a second shared partition: the peer here is another real shared
 * partition behind the {@link BlockExchange} interface (the bitswap side is tested in the P2P
 * bundle against js-libp2p and Helia).
 */
class DagFetchTest {
    @TempDir Path data;
    MetadataStore db;
    MetadataStore targetDb;
    SharedStore source;
    SharedStore target;

    @BeforeEach
    void open() throws Exception {
        db = TestMetadata.open(data.resolve("db"));
        source = new SharedStore(new BlockFiles(data.resolve("a")), db, Clock.systemUTC());
        // Two nodes: each its own Derby (pins) and its own block files.
        targetDb = TestMetadata.open(data.resolve("db-b"));
        target = new SharedStore(new BlockFiles(data.resolve("b")), targetDb, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        TestMetadata.close(db);
        TestMetadata.close(targetDb);
    }

    static byte[] content(int size) {
        byte[] b = new byte[size];
        new SplittableRandom(size).nextBytes(b);
        return b;
    }

    /** A peer that serves the source partition's blocks, optionally lying about one. */
    BlockExchange peer(AtomicInteger asked, String lieAbout) {
        return (cid, timeout) -> {
            asked.incrementAndGet();
            byte[] b;
            try {
                b = source.block(cid).orElseThrow(() -> new P2pException("no peer has " + cid));
            } catch (StorageException e) {
                throw new P2pException(e.getMessage(), e);
            }
            if (cid.value().equals(lieAbout)) {
                b = b.clone();
                b[b.length - 1] ^= 1;
            }
            return b;
        };
    }

    @Test
    void aTwoLevelFileArrivesWholeVerifiedAndPinned() throws Exception {
        byte[] c = content(175 * FileImporter.CHUNK_SIZE + 3); // two levels of dag-pb
        Cid root = source.publish(new ByteArrayInputStream(c));
        AtomicInteger asked = new AtomicInteger();
        DagFetch fetch =
                new DagFetch(target.storeBlocks(), peer(asked, null), Duration.ofSeconds(5));
        target.fetchDag(ContentId.fromApi(root), fetch);

        assertTrue(target.isPinned(root));
        try (InputStream in = target.open(root)) {
            assertArrayEquals(c, in.readAllBytes());
        }
        assertEquals(c.length, fetch.totalBytes());
        assertEquals(c.length, fetch.contentBytes());
        assertEquals(176 + 2 + 1, fetch.fetchedBlocks(), "176 leaves, 2 inner nodes, the root");

        // A second fetch finds everything stored and asks no peer.
        int before = asked.get();
        target.fetchDag(
                ContentId.fromApi(root),
                new DagFetch(target.storeBlocks(), peer(asked, null), Duration.ofSeconds(5)));
        assertEquals(before, asked.get());
    }

    @Test
    void aLyingPeerOrAMissingBlockPinsNothing() throws Exception {
        byte[] c = content(3 * FileImporter.CHUNK_SIZE);
        Cid root = source.publish(new ByteArrayInputStream(c));
        String leaf =
                io.elastos.storage.internal.ipfs.PbNode.decode(source.block(root).orElseThrow())
                        .links()
                        .get(1)
                        .hash()
                        .toString();
        StorageException lie =
                assertThrows(
                        StorageException.class,
                        () ->
                                target.fetchDag(
                                        ContentId.fromApi(root),
                                        new DagFetch(
                                                target.storeBlocks(),
                                                peer(new AtomicInteger(), leaf),
                                                Duration.ofSeconds(5))));
        assertEquals(StorageException.Reason.INTEGRITY, lie.reason());
        assertFalse(target.isPinned(root));

        Cid unknown = Cid.of(ContentId.forBlock(ContentId.RAW, new byte[] {1, 2, 3}).toString());
        StorageException missing =
                assertThrows(
                        StorageException.class,
                        () ->
                                target.fetchDag(
                                        ContentId.fromApi(unknown),
                                        new DagFetch(
                                                target.storeBlocks(),
                                                peer(new AtomicInteger(), null),
                                                Duration.ofSeconds(5))));
        assertEquals(StorageException.Reason.NOT_FOUND, missing.reason());
        assertFalse(target.isPinned(unknown));
    }

    @Test
    void fetchesRunInTheBackgroundAndReportProgress() throws Exception {
        byte[] c = content(40 * FileImporter.CHUNK_SIZE);
        Cid root = source.publish(new ByteArrayInputStream(c));
        Fetches fetches = new Fetches(target, Clock.systemUTC());
        Fetches.Status started = fetches.start(root, peer(new AtomicInteger(), null));
        assertEquals(root.value(), started.cid());
        Fetches.Status st = started;
        for (int i = 0; i < 200 && st.state().equals("running"); i++) {
            Thread.sleep(50);
            st = fetches.status(root);
        }
        assertEquals("done", st.state(), String.valueOf(st.error()));
        assertEquals(c.length, st.contentBytes());
        assertEquals(c.length, st.totalBytes());
        assertThrows(
                StorageException.class,
                () ->
                        fetches.status(
                                Cid.of(ContentId.forBlock(ContentId.RAW, new byte[1]).toString())));
    }
}
