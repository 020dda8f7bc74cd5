// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.blocks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.api.storage.StorageException;
import io.elastos.api.storage.StorageException.Reason;
import io.elastos.storage.internal.vault.ChunkCipher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockFilesTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir Path dir;
    private BlockFiles blocks;

    @BeforeEach
    void open() throws StorageException {
        blocks = new BlockFiles(dir.resolve("blocks"));
    }

    @Test
    void storesUnderTheHashInTwoLevelShards() throws Exception {
        byte[] block = "hello blocks".getBytes(StandardCharsets.UTF_8);
        String hash = blocks.put(block);

        assertEquals(BlockFiles.sha256(block), hash);
        Path file =
                dir.resolve("blocks")
                        .resolve(hash.substring(0, 2))
                        .resolve(hash.substring(2, 4))
                        .resolve(hash + ".blk");
        assertTrue(Files.isRegularFile(file), "block file at " + file);
        assertArrayEquals(block, Files.readAllBytes(file));
        assertArrayEquals(block, blocks.get(hash).orElseThrow());
        assertTrue(blocks.has(hash));
        assertEquals(OptionalLong.of(block.length), blocks.size(hash));
    }

    @Test
    void blockFilesAreOwnerOnlyAndNoTempFileRemains() throws Exception {
        String hash = blocks.put(random(1000));
        Path file = blocks.pathOf(hash);
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertEquals(
                    Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(file));
        }
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void putIsIdempotent() throws Exception {
        byte[] block = random(4096);
        String first = blocks.put(block);
        String second = blocks.put(block);
        blocks.put(first, block);

        assertEquals(first, second);
        assertEquals(1, blocks.blocks().count());
    }

    @Test
    void emptyBlockIsAllowed() throws Exception {
        String hash = blocks.put(new byte[0]);
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", hash);
        assertArrayEquals(new byte[0], blocks.get(hash).orElseThrow());
    }

    @Test
    void putWithAHashRefusesBytesThatDoNotMatch() throws Exception {
        String other = BlockFiles.sha256(new byte[] {1});
        StorageException e =
                assertThrows(StorageException.class, () -> blocks.put(other, new byte[] {2}));
        assertEquals(Reason.INTEGRITY, e.reason());
        assertTrue(e.getMessage().contains(other), e.getMessage());
        assertFalse(blocks.has(other));
    }

    @Test
    void blockSizeIsBounded() throws Exception {
        BlockFiles small = new BlockFiles(dir.resolve("small"), 1024, Clock.systemUTC());
        small.put(new byte[1024]);
        StorageException e = assertThrows(StorageException.class, () -> small.put(new byte[1025]));
        assertEquals(Reason.INVALID_ARGUMENT, e.reason());
        assertTrue(
                BlockFiles.DEFAULT_MAX_BLOCK_BYTES >= (4 << 20) + ChunkCipher.OVERHEAD,
                "a peer's 4 MiB block and a sealed 4 MiB chunk fit");
    }

    @Test
    void malformedHashesAreRefused() {
        for (String bad :
                new String[] {
                    "",
                    "abc",
                    "../" + "a".repeat(61),
                    "A".repeat(64),
                    "g".repeat(64),
                    "a".repeat(65),
                    null
                }) {
            StorageException e = assertThrows(StorageException.class, () -> blocks.get(bad));
            assertEquals(Reason.INVALID_ARGUMENT, e.reason(), String.valueOf(bad));
            assertThrows(StorageException.class, () -> blocks.has(bad));
            assertThrows(StorageException.class, () -> blocks.delete(bad));
        }
    }

    @Test
    void missingBlocks() throws Exception {
        String hash = BlockFiles.sha256(new byte[] {42});
        assertEquals(Optional.empty(), blocks.get(hash));
        assertFalse(blocks.has(hash));
        assertEquals(OptionalLong.empty(), blocks.size(hash));
        assertFalse(blocks.delete(hash));
    }

    @Test
    void deleteRemovesTheBlock() throws Exception {
        String hash = blocks.put(random(100));
        assertTrue(blocks.delete(hash));
        assertFalse(blocks.has(hash));
        assertEquals(Optional.empty(), blocks.get(hash));
        assertFalse(blocks.delete(hash));
    }

    @Test
    void aFlippedBitFailsTheHashCheckNamingTheBlock() throws Exception {
        String hash = blocks.put(random(5000));
        Path file = blocks.pathOf(hash);
        byte[] bytes = Files.readAllBytes(file);
        bytes[1234] ^= 0x10;
        Files.write(file, bytes);

        StorageException e = assertThrows(StorageException.class, () -> blocks.get(hash));
        assertEquals(Reason.INTEGRITY, e.reason());
        assertTrue(e.getMessage().contains(hash), e.getMessage());
    }

    @Test
    void aTruncatedBlockFailsItsHashCheck() throws Exception {
        byte[] block = random(8000);
        String hash = blocks.put(block);
        Path file = blocks.pathOf(hash);
        // What a crash on a file system without ordered writes can leave behind.
        Files.write(file, Arrays.copyOf(block, 3000));

        StorageException e = assertThrows(StorageException.class, () -> blocks.get(hash));
        assertEquals(Reason.INTEGRITY, e.reason());
        assertTrue(e.getMessage().contains(hash), e.getMessage());

        // Storing the block again repairs it instead of trusting the damaged file.
        blocks.put(block);
        assertArrayEquals(block, blocks.get(hash).orElseThrow());
    }

    @Test
    void anOversizedFileIsReportedWithoutBeingRead() throws Exception {
        BlockFiles small = new BlockFiles(dir.resolve("small"), 1024, Clock.systemUTC());
        String hash = small.put(new byte[10]);
        Files.write(small.pathOf(hash), new byte[2048]);

        StorageException e = assertThrows(StorageException.class, () -> small.get(hash));
        assertEquals(Reason.INTEGRITY, e.reason());
        assertTrue(e.getMessage().contains(hash), e.getMessage());
    }

    @Test
    void aLeftoverTempFileIsInvisibleToReadsAndListing() throws Exception {
        byte[] block = random(700);
        String hash = BlockFiles.sha256(block);
        Path temp = leftoverTemp(hash, Arrays.copyOf(block, 300));

        assertFalse(blocks.has(hash));
        assertEquals(Optional.empty(), blocks.get(hash));
        assertEquals(0, blocks.blocks().count());

        // A later write of the same block succeeds beside it.
        blocks.put(block);
        assertArrayEquals(block, blocks.get(hash).orElseThrow());
        assertTrue(Files.exists(temp));
    }

    @Test
    void listsEveryBlockWithSizeAndTime() throws Exception {
        Map<String, Integer> written = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            byte[] block = random(i * 10);
            written.put(blocks.put(block), block.length);
        }
        leftoverTemp(BlockFiles.sha256(new byte[] {7}), new byte[] {7});
        Files.writeString(dir.resolve("blocks").resolve("README"), "not a block");

        Instant before = Instant.now().minusSeconds(60);
        Map<String, StoredBlock> listed =
                blocks.blocks().collect(Collectors.toMap(StoredBlock::hash, b -> b));
        assertEquals(written.keySet(), listed.keySet());
        for (StoredBlock b : listed.values()) {
            assertEquals((long) written.get(b.hash()), b.size());
            assertTrue(b.modifiedAt().isAfter(before), b.toString());
        }
    }

    @Test
    void sweepDeletesOnlyUnreferencedBlocksOlderThanTheGrace() throws Exception {
        Duration grace = Duration.ofHours(1);
        String liveOld = blocks.put(random(100));
        String deadOld = blocks.put(random(200));
        String deadYoung = blocks.put(random(300));
        age(liveOld, Duration.ofHours(2));
        age(deadOld, Duration.ofHours(2));
        age(deadYoung, Duration.ofMinutes(59));

        SweepResult result = blocks.sweep(Set.of(liveOld), grace);

        assertEquals(new SweepResult(1, 200, 1, 0), result);
        assertTrue(blocks.has(liveOld));
        assertFalse(blocks.has(deadOld));
        assertTrue(blocks.has(deadYoung), "a block written within the grace period is kept");
    }

    @Test
    void sweepRemovesOldTempFilesAndKeepsYoungOnes() throws Exception {
        Path old = leftoverTemp(BlockFiles.sha256(new byte[] {1}), new byte[40]);
        Path young = leftoverTemp(BlockFiles.sha256(new byte[] {2}), new byte[40]);
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofDays(1))));

        SweepResult result = blocks.sweep(Set.of(), Duration.ofHours(1));

        assertEquals(new SweepResult(0, 40, 0, 1), result);
        assertFalse(Files.exists(old));
        assertTrue(Files.exists(young), "a temp file within the grace may be a write in flight");
    }

    @Test
    void reStoringAnOldBlockProtectsItFromTheNextSweep() throws Exception {
        // A new version reuses an old unreferenced block (dedup) before committing its metadata:
        // the sweep must not take the block between the put and the commit.
        byte[] block = random(100);
        String hash = blocks.put(block);
        age(hash, Duration.ofDays(3));

        blocks.put(block);

        assertEquals(new SweepResult(0, 0, 1, 0), blocks.sweep(Set.of(), Duration.ofHours(1)));
        assertTrue(blocks.has(hash));
    }

    @Test
    void sweepMeasuresTheGraceWithTheClock() throws Exception {
        Instant now = Instant.now();
        String hash = blocks.put(random(10));
        BlockFiles later =
                new BlockFiles(
                        dir.resolve("blocks"),
                        BlockFiles.DEFAULT_MAX_BLOCK_BYTES,
                        Clock.fixed(now.plus(Duration.ofHours(2)), ZoneOffset.UTC));
        assertEquals(0, later.sweep(Set.of(), Duration.ofHours(3)).deleted());
        assertEquals(1, later.sweep(Set.of(), Duration.ofHours(1)).deleted());
        assertFalse(blocks.has(hash));
    }

    @Test
    void sweepLeavesFilesItDidNotWrite() throws Exception {
        // Fixed bytes: their hash does not start with the 00/00 folder used below.
        String hash = blocks.put("a block".getBytes(StandardCharsets.UTF_8));
        Path stranger = blocks.pathOf(hash).resolveSibling("notes.txt");
        Files.writeString(stranger, "mine");
        // A block file in the wrong shard folder was not put there by this class.
        Path misplaced = dir.resolve("blocks").resolve("00").resolve("00");
        Files.createDirectories(misplaced);
        Path misplacedBlock = misplaced.resolve(hash + ".blk");
        Files.copy(blocks.pathOf(hash), misplacedBlock);
        for (Path p : List.of(stranger, misplacedBlock, blocks.pathOf(hash))) {
            Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(Duration.ofDays(9))));
        }

        assertEquals(1, blocks.sweep(Set.of(), Duration.ofHours(1)).deleted());
        assertTrue(Files.exists(stranger));
        assertTrue(Files.exists(misplacedBlock));
    }

    @Test
    void negativeGraceIsRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> blocks.sweep(Set.of(), Duration.ofSeconds(-1)));
    }

    @Test
    void concurrentWritersReadersAndSweepsLoseNoLiveBlock() throws Exception {
        int threads = 8;
        int perThread = 200;
        // Few distinct blocks, so writers collide on the same files and shard folders.
        byte[][] pool = new byte[64][];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = random(100 + i);
        }
        ExecutorService executor = Executors.newFixedThreadPool(threads + 1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                futures.add(
                        executor.submit(() -> {
                            for (int i = 0; i < perThread; i++) {
                                byte[] block = pool[(seed * 7 + i) % pool.length];
                                String hash = blocks.put(block);
                                // Just written, so no sweep may have taken it.
                                assertArrayEquals(block, blocks.get(hash).orElseThrow());
                            }
                            return null;
                        }));
            }
            futures.add(
                    executor.submit(() -> {
                        for (int i = 0; i < 50; i++) {
                            // Nothing is live, but everything is within the grace.
                            assertEquals(0, blocks.sweep(Set.of(), Duration.ofHours(1)).deleted());
                        }
                        return null;
                    }));
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            executor.shutdownNow();
        }
        assertEquals(pool.length, blocks.blocks().count());
        try (Stream<Path> all = Files.walk(dir)) {
            assertEquals(
                    List.of(),
                    all.filter(p -> p.toString().endsWith(".tmp")).toList(),
                    "no temp file left after successful writes");
        }
    }

    private Path leftoverTemp(String hash, byte[] content) throws Exception {
        Path file = blocks.pathOf(hash);
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling("." + hash + ".0123456789abcdef" + BlockFiles.TEMP_SUFFIX);
        Files.write(temp, content);
        return temp;
    }

    private void age(String hash, Duration by) throws Exception {
        Files.setLastModifiedTime(blocks.pathOf(hash), FileTime.from(Instant.now().minus(by)));
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
