// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.wasm;

import io.elastos.runtime.internal.wasm.ModuleInfo.MemoryLimits;
import java.util.OptionalLong;

/** Decodes and sanity-checks memory and table limits. */
final class LimitsDecoder {

    /** Largest page count a 32-bit memory can address (4 GiB). */
    static final long MAX_PAGES_32 = 65_536;

    /** Largest page count the memory64 proposal allows (2^64 bytes). */
    static final long MAX_PAGES_64 = 1L << 48;

    static final int FLAG_HAS_MAX = 0x01;
    static final int FLAG_SHARED = 0x02;
    static final int FLAG_MEMORY64 = 0x04;

    private LimitsDecoder() {}

    /** Reads a memory type: a flags byte then min and optional max in pages. */
    static MemoryLimits readMemory(WasmReader in, boolean imported) {
        int at = in.offset();
        int flags = in.readByte();
        if ((flags & ~(FLAG_HAS_MAX | FLAG_SHARED | FLAG_MEMORY64)) != 0) {
            throw new WasmFormatException(at, "invalid memory limits flags 0x" + hex(flags));
        }
        boolean memory64 = (flags & FLAG_MEMORY64) != 0;
        long bound = memory64 ? MAX_PAGES_64 : MAX_PAGES_32;
        long min = readPages(in, memory64, bound, "minimum");
        OptionalLong max = OptionalLong.empty();
        if ((flags & FLAG_HAS_MAX) != 0) {
            max = OptionalLong.of(readPages(in, memory64, bound, "maximum"));
            if (max.getAsLong() < min) {
                throw new WasmFormatException(at, "memory maximum is below its minimum");
            }
        }
        return new MemoryLimits(min, max, (flags & FLAG_SHARED) != 0, memory64, imported);
    }

    /** Reads a table type: a reference type then 32-bit limits. */
    static void readTable(WasmReader in) {
        int at = in.offset();
        int refType = in.readByte();
        if (refType != ModuleInfo.ValType.FUNCREF.code()
                && refType != ModuleInfo.ValType.EXTERNREF.code()) {
            throw new WasmFormatException(at, "invalid table element type 0x" + hex(refType));
        }
        at = in.offset();
        int flags = in.readByte();
        if (flags != 0x00 && flags != FLAG_HAS_MAX) {
            throw new WasmFormatException(at, "invalid table limits flags 0x" + hex(flags));
        }
        long min = in.readU32();
        if (flags == FLAG_HAS_MAX && in.readU32() < min) {
            throw new WasmFormatException(at, "table maximum is below its minimum");
        }
    }

    private static long readPages(WasmReader in, boolean memory64, long bound, String what) {
        int at = in.offset();
        long pages = memory64 ? in.readU64() : in.readU32();
        // readU64 returns values above 2^63 as negative longs.
        if (pages < 0 || pages > bound) {
            throw new WasmFormatException(
                    at,
                    "memory " + what + " of " + Long.toUnsignedString(pages) + " pages too large");
        }
        return pages;
    }

    static String hex(int b) {
        return String.format("%02x", b);
    }
}
