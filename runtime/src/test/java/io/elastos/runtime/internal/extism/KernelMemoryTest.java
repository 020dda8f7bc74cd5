// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.extism;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.elastos.api.runtime.SandboxException;
import org.junit.jupiter.api.Test;

class KernelMemoryTest {

    @Test
    void blocksRoundTripAndFreedBlocksAreReused() {
        KernelMemory m = new KernelMemory(1 << 20);
        long a = m.write(new byte[] {1, 2, 3});
        long b = m.alloc(16);
        assertNotEquals(0, a);
        assertEquals(3, m.length(a));
        assertArrayEquals(new byte[] {1, 2, 3}, m.readBlock(a));
        m.storeU64(b, 0x0102030405060708L);
        assertEquals(0x0102030405060708L, m.loadU64(b));
        assertEquals(0x08, m.loadU8(b));
        m.free(a);
        assertEquals(0, m.length(a));
        assertEquals(a, m.alloc(2), "first fit reuses the freed block");
    }

    @Test
    void hostileOffsetsAndSizesEndTheCallInsteadOfEscaping() {
        KernelMemory m = new KernelMemory(1 << 20);
        long a = m.alloc(8);
        for (long bad : new long[] {0, -1, a + 8, Long.MAX_VALUE, Long.MAX_VALUE - 3}) {
            GuestAbort e = assertThrows(GuestAbort.class, () -> m.loadU64(bad));
            assertEquals(SandboxException.Kind.TRAP, e.kind());
        }
        assertThrows(GuestAbort.class, () -> m.read(a, Long.MAX_VALUE));
        assertThrows(GuestAbort.class, () -> m.readBlock(a + 1));
        GuestAbort big = assertThrows(GuestAbort.class, () -> m.alloc(Long.MAX_VALUE));
        assertEquals(SandboxException.Kind.MEMORY_LIMIT, big.kind());
        assertThrows(GuestAbort.class, () -> m.alloc((1 << 20) + 1));
        assertEquals(8, m.length(a), "a refused allocation leaves the memory as it was");
    }

    @Test
    void resetForgetsEverything() {
        KernelMemory m = new KernelMemory(1 << 20);
        long a = m.write(new byte[100]);
        m.reset();
        assertEquals(0, m.length(a));
        assertThrows(GuestAbort.class, () -> m.loadU8(a));
        assertEquals(0, m.alloc(0));
    }
}
