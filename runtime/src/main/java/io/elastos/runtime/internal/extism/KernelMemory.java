// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.extism;

import io.elastos.api.runtime.SandboxException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Extism kernel's memory, kept by the host: blocks that plug-ins allocate and address with u64
 * offsets to pass input, output, config, variables and host-function arguments. Offset 0 is the
 * null pointer. Every access is bounds-checked; the total is capped so a plug-in cannot exhaust the
 * node's heap through the kernel.
 */
public final class KernelMemory {

    private static final int INITIAL = 4096;

    /** After a call, a memory grown past this is given back to the heap. */
    private static final int KEEP = 1 << 20;

    private final long limit;
    private byte[] data = new byte[INITIAL];
    private long top = 1;
    private final Map<Long, Long> blocks = new HashMap<>();

    /** Freed blocks by offset, reused first-fit. */
    private final TreeMap<Long, Long> free = new TreeMap<>();

    public KernelMemory(long limit) {
        this.limit = limit;
    }

    public long alloc(long n) {
        if (n <= 0) {
            return 0;
        }
        for (Map.Entry<Long, Long> e : free.entrySet()) {
            if (e.getValue() >= n) {
                long offset = e.getKey();
                free.remove(offset);
                blocks.put(offset, n);
                Arrays.fill(data, (int) offset, (int) (offset + n), (byte) 0);
                return offset;
            }
        }
        // Compare by subtraction: a hostile n near 2^63 must not overflow the check.
        if (n > limit - top || n > Integer.MAX_VALUE - 8 - top) {
            throw new GuestAbort(
                    SandboxException.Kind.MEMORY_LIMIT,
                    "kernel memory limit reached: cannot allocate " + n + " more bytes");
        }
        ensureCapacity(top + n);
        long offset = top;
        top += n;
        blocks.put(offset, n);
        return offset;
    }

    public void free(long offset) {
        Long n = blocks.remove(offset);
        if (n != null) {
            free.put(offset, n);
        }
    }

    /** The length of the block that starts at {@code offset}, or 0 if none does. */
    public long length(long offset) {
        return blocks.getOrDefault(offset, 0L);
    }

    public int loadU8(long offset) {
        check(offset, 1);
        return data[(int) offset] & 0xff;
    }

    public void storeU8(long offset, int value) {
        check(offset, 1);
        data[(int) offset] = (byte) value;
    }

    public long loadU64(long offset) {
        check(offset, 8);
        return (long) LONG_LE.get(data, (int) offset);
    }

    public void storeU64(long offset, long value) {
        check(offset, 8);
        LONG_LE.set(data, (int) offset, value);
    }

    // Guests copy blocks eight bytes per kernel call: one unaligned little-endian access each.
    private static final java.lang.invoke.VarHandle LONG_LE =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
                    long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /** Copies out {@code length} bytes at {@code offset}. */
    public byte[] read(long offset, long length) {
        if (length == 0) {
            return new byte[0];
        }
        check(offset, length);
        return Arrays.copyOfRange(data, (int) offset, (int) (offset + length));
    }

    /** Copies out the whole block that starts at {@code offset}; null for the null pointer. */
    public byte[] readBlock(long offset) {
        if (offset == 0) {
            return null;
        }
        long n = length(offset);
        if (n == 0 && !blocks.containsKey(offset)) {
            throw new GuestAbort(
                    SandboxException.Kind.TRAP,
                    "kernel pointer " + offset + " is not an allocation");
        }
        return read(offset, n);
    }

    /** Allocates a block holding {@code bytes} and returns its offset (0 for null). */
    public long write(byte[] bytes) {
        if (bytes == null) {
            return 0;
        }
        if (bytes.length == 0) {
            // A zero-length allocation is still a valid, distinct pointer in Extism.
            long offset = alloc(1);
            blocks.put(offset, 0L);
            return offset;
        }
        long offset = alloc(bytes.length);
        System.arraycopy(bytes, 0, data, (int) offset, bytes.length);
        return offset;
    }

    /** Forgets every allocation; done between calls, as Extism does. */
    public void reset() {
        top = 1;
        blocks.clear();
        free.clear();
        if (data.length > KEEP) {
            data = new byte[INITIAL];
        }
    }

    /** Bytes of heap this memory holds. */
    public long footprint() {
        return data.length;
    }

    private void check(long offset, long length) {
        if (offset < 1 || length < 0 || offset > top || length > top - offset) {
            throw new GuestAbort(
                    SandboxException.Kind.TRAP,
                    "kernel memory access out of bounds: offset " + offset + ", length " + length);
        }
    }

    private void ensureCapacity(long needed) {
        if (needed > data.length) {
            long size = Math.max(needed, Math.min((long) data.length * 2, limit + 1));
            data = Arrays.copyOf(data, (int) Math.min(size, Integer.MAX_VALUE - 8));
        }
    }
}
