// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.api.metadata.MetadataStore;
import io.elastos.api.storage.StorageException;
import io.elastos.metadata.internal.TestMetadata;
import io.elastos.storage.internal.blocks.BlockFiles;
import io.elastos.storage.internal.vault.VaultKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resumable uploads on real Derby and real block files, across a reopen of the partition. */
class ResumableUploadsTest {
    @TempDir Path data;
    MetadataStore db;
    VaultKey vault;
    BlockFiles blocks;
    PrivateFiles files;
    MutableClock clock = new MutableClock();

    @BeforeEach
    void open() throws Exception {
        db = TestMetadata.open(data.resolve("db"));
        vault = VaultKey.openOrCreate(data.resolve("keys"), null);
        blocks = new BlockFiles(data.resolve("blocks"));
        files = new PrivateFiles(new FileIndex(db), blocks, vault, 3, clock);
    }

    @AfterEach
    void close() {
        files.close();
        vault.close();
        TestMetadata.close(db);
    }

    /** Closes everything and opens it again on the same disk, as a restart does. */
    void reopen() throws Exception {
        close();
        open();
    }

    static byte[] content(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    byte[] read(String path) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        files.read(path, 0, out);
        return out.toByteArray();
    }

    static InputStream slice(byte[] all, int from, int to) {
        return new ByteArrayInputStream(all, from, to - from);
    }

    @Test
    void piecesOfAnySizeAcrossARestartMakeOneVersion() throws Exception {
        byte[] all = content(3 * PrivateFiles.CHUNK + 12_345);
        ResumableUploads up = files.uploads();
        String id = up.begin("/videos/clip.bin").id();
        // Pieces that split chunks anywhere: inside the first, exactly at a boundary, across two.
        int[] cuts = {1000, PrivateFiles.CHUNK, 2 * PrivateFiles.CHUNK + 7, all.length};
        int at = 0;
        for (int i = 0; i < cuts.length; i++) {
            assertEquals(cuts[i], up.append(id, at, slice(all, at, cuts[i])).received());
            at = cuts[i];
            if (i == 1) {
                reopen();
                up = files.uploads();
                assertEquals(at, up.status(id).received(), "the offset survives a restart");
            }
        }
        assertThrows(StorageException.class, () -> read("/videos/clip.bin"), "not visible yet");
        assertEquals(1, files.uploads().commit(id, all.length));
        assertArrayEquals(all, read("/videos/clip.bin"));
        assertTrue(files.uploads().list().isEmpty());
        assertThrows(StorageException.class, () -> files.uploads().status(id));
    }

    @Test
    void aBrokenConnectionKeepsWhatArrivedAndTheClientResumes() throws Exception {
        byte[] all = content(PrivateFiles.CHUNK + 100_000);
        ResumableUploads up = files.uploads();
        String id = up.begin("/big.bin").id();
        int breakAt = PrivateFiles.CHUNK + 5_000;
        InputStream breaking =
                new InputStream() {
                    int pos;

                    @Override
                    public int read() throws IOException {
                        if (pos == breakAt) {
                            throw new IOException("connection reset");
                        }
                        return all[pos++] & 0xff;
                    }
                };
        StorageException broken =
                assertThrows(StorageException.class, () -> up.append(id, 0, breaking));
        assertTrue(broken.getMessage().contains("at byte " + breakAt), broken.getMessage());
        assertEquals(breakAt, up.status(id).received());

        ResumableUploads.OffsetConflict wrong =
                assertThrows(
                        ResumableUploads.OffsetConflict.class,
                        () -> up.append(id, 0, slice(all, 0, 10)));
        assertEquals(breakAt, wrong.received());
        assertEquals(breakAt, up.status(id).received(), "a refused piece changes nothing");

        up.append(id, breakAt, slice(all, breakAt, all.length));
        StorageException size =
                assertThrows(StorageException.class, () -> up.commit(id, all.length + 1));
        assertEquals(StorageException.Reason.INVALID_ARGUMENT, size.reason());
        up.commit(id, all.length);
        assertArrayEquals(all, read("/big.bin"));
    }

    @Test
    void aFileWrittenMeanwhileMakesTheCommitAConflictAndLosesNothing() throws Exception {
        files.write("/doc.txt", new ByteArrayInputStream(new byte[] {1}));
        ResumableUploads up = files.uploads();
        String id = up.begin("/doc.txt").id();
        up.append(id, 0, new ByteArrayInputStream(new byte[] {2, 2}));
        files.write("/doc.txt", new ByteArrayInputStream(new byte[] {3}));
        StorageException conflict = assertThrows(StorageException.class, () -> up.commit(id, -1));
        assertEquals(StorageException.Reason.INVALID_ARGUMENT, conflict.reason());
        assertTrue(conflict.getMessage().contains("changed"), conflict.getMessage());
        assertArrayEquals(new byte[] {3}, read("/doc.txt"));
        assertEquals(2, files.versions("/doc.txt").size());

        // Uploading the next version of an existing file without interference works.
        String next = up.begin("/doc.txt").id();
        up.append(next, 0, new ByteArrayInputStream(new byte[] {4, 4, 4}));
        assertEquals(3, up.commit(next, 3));
        assertArrayEquals(new byte[] {4, 4, 4}, read("/doc.txt"));
    }

    @Test
    void garbageCollectionKeepsUnfinishedUploadsUntilTheyExpire() throws Exception {
        byte[] all = content(PrivateFiles.CHUNK + 77);
        ResumableUploads up = files.uploads();
        String id = up.begin("/later.bin").id();
        up.append(id, 0, slice(all, 0, all.length));
        clock.advance(Duration.ofHours(2));
        assertEquals(0, files.collectGarbage(Duration.ZERO).deleted(), "upload blocks are live");
        up.commit(id, all.length);
        assertArrayEquals(all, read("/later.bin"));

        String stale = up.begin("/abandoned.bin").id();
        up.append(stale, 0, slice(all, 0, 1000));
        clock.advance(PrivateFiles.UPLOAD_IDLE.plusMinutes(1));
        assertEquals(1, files.collectGarbage(Duration.ZERO).deleted(), "the stale tail goes");
        assertThrows(StorageException.class, () -> up.status(stale));
        assertArrayEquals(all, read("/later.bin"), "committed files keep every block");
    }

    @Test
    void badIdsAndTargetsAreRefused() throws Exception {
        ResumableUploads up = files.uploads();
        files.mkdirs("/folder");
        assertEquals(
                StorageException.Reason.INVALID_ARGUMENT,
                assertThrows(StorageException.class, () -> up.begin("/folder")).reason());
        assertEquals(
                StorageException.Reason.INVALID_ARGUMENT,
                assertThrows(StorageException.class, () -> up.begin("/../etc/passwd")).reason());
        for (String bad : new String[] {"../x", "0".repeat(31), "Z".repeat(32), null}) {
            assertEquals(
                    StorageException.Reason.NOT_FOUND,
                    assertThrows(StorageException.class, () -> up.status(bad)).reason());
        }
        String id = up.begin("/gone.bin").id();
        assertTrue(up.abort(id));
        assertFalse(up.abort(id));
        assertThrows(
                StorageException.class,
                () -> up.append(id, 0, new ByteArrayInputStream(new byte[1])));
    }

    /** A clock the test moves forward. */
    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-28T12:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
