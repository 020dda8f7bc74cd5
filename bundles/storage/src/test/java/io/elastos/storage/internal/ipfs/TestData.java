// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.ipfs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Deterministic pseudo-random test content and an in-memory block store. */
final class TestData {

    private TestData() {}

    /** Writes {@code size} pseudo-random bytes determined by {@code seed}. */
    static Path file(Path path, long size, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] buf = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(path)) {
            for (long left = size; left > 0; ) {
                int n = (int) Math.min(buf.length, left);
                random.nextBytes(buf);
                out.write(buf, 0, n);
                left -= n;
            }
        }
        return path;
    }

    /** Blocks in memory, checking each against its CID as it arrives. */
    static final class MemoryStore implements BlockSink, BlockSource {
        final Map<ContentId, byte[]> blocks = new HashMap<>();
        int puts;

        @Override
        public void put(ContentId cid, byte[] block) {
            if (!cid.matches(block)) {
                throw new AssertionError("block does not match " + cid);
            }
            puts++;
            blocks.put(cid, block);
        }

        @Override
        public byte[] get(ContentId cid) {
            return blocks.get(cid);
        }
    }
}
