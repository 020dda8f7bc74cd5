// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.wasm;

import io.elastos.runtime.internal.wasm.ModuleInfo.Import;
import io.elastos.runtime.internal.wasm.ModuleInfo.Kind;
import io.elastos.runtime.internal.wasm.ModuleInfo.MemoryLimits;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;

/**
 * Enforces a linear-memory cap by rewriting the maximum of every memory a module defines, so the
 * engine itself refuses to grow memory past the cap.
 */
public final class MemoryCapper {

    /** Most pages a 32-bit memory can have. */
    public static final int MAX_PAGES = 65_536;

    private MemoryCapper() {}

    /**
     * Returns a copy of {@code wasm} whose memories all declare a maximum of at most {@code
     * maxPages}; every byte outside the memory section is copied unchanged.
     *
     * @param wasm the module binary, not modified
     * @param maxPages the cap in 64 KiB pages, 1 to 65536
     * @throws IllegalArgumentException if {@code maxPages} is out of range
     * @throws WasmFormatException if the module is malformed
     * @throws MemoryCapException if a memory is imported, 64-bit or starts above the cap
     */
    public static byte[] cap(byte[] wasm, int maxPages) {
        if (maxPages < 1 || maxPages > MAX_PAGES) {
            throw new IllegalArgumentException(
                    "maxPages must be between 1 and " + MAX_PAGES + " but is " + maxPages);
        }
        ModuleInfo info = ModuleInspector.inspect(wasm);
        for (Import imp : info.imports()) {
            if (imp.kind() == Kind.MEMORY) {
                throw new MemoryCapException(
                        "module imports memory \""
                                + imp.module()
                                + "\".\""
                                + imp.name()
                                + "\"; an imported memory cannot be capped");
            }
        }
        for (WasmSection section : SectionWalker.walk(wasm)) {
            if (section.id() == WasmSection.MEMORY) {
                return rewrite(wasm, section, maxPages);
            }
        }
        return wasm.clone();
    }

    private static byte[] rewrite(byte[] wasm, WasmSection section, int maxPages) {
        WasmReader in = section.reader(wasm);
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        int count = in.readCount("memory", ModuleInspector.MAX_MEMORIES);
        payload.write(wasm, section.payloadOffset(), in.offset() - section.payloadOffset());
        boolean changed = false;
        for (int i = 0; i < count; i++) {
            int entryStart = in.offset();
            MemoryLimits limits = LimitsDecoder.readMemory(in, false);
            checkCappable(limits, maxPages);
            if (limits.maxPages().isPresent() && limits.maxPages().getAsLong() <= maxPages) {
                // Already within the cap: keep the original encoding byte for byte.
                payload.write(wasm, entryStart, in.offset() - entryStart);
            } else {
                int flags = LimitsDecoder.FLAG_HAS_MAX;
                if (limits.shared()) {
                    flags |= LimitsDecoder.FLAG_SHARED;
                }
                payload.write(flags);
                writeU32(payload, limits.minPages());
                writeU32(payload, maxPages);
                changed = true;
            }
        }
        in.expectEnd("memory section");
        if (!changed) {
            return wasm.clone();
        }
        return splice(wasm, section, payload.toByteArray());
    }

    private static void checkCappable(MemoryLimits limits, int maxPages) {
        if (limits.memory64()) {
            throw new MemoryCapException("64-bit memories cannot be capped");
        }
        if (limits.minPages() > maxPages) {
            throw new MemoryCapException(
                    "module needs "
                            + describe(limits.minPages())
                            + " at start but the limit is "
                            + describe(maxPages));
        }
    }

    /** Replaces the section's header and payload, keeping every byte before and after it. */
    private static byte[] splice(byte[] wasm, WasmSection section, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(wasm.length + 16);
        out.write(wasm, 0, section.headerOffset());
        out.write(section.id());
        writeU32(out, payload.length);
        out.write(payload, 0, payload.length);
        out.write(wasm, section.payloadEnd(), wasm.length - section.payloadEnd());
        return out.toByteArray();
    }

    static void writeU32(ByteArrayOutputStream out, long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("not a u32: " + value);
        }
        long rest = value;
        do {
            int b = (int) (rest & 0x7F);
            rest >>>= 7;
            out.write(rest == 0 ? b : b | 0x80);
        } while (rest != 0);
    }

    /** Formats a page count with its size in MiB (16 pages per MiB). */
    static String describe(long pages) {
        String mib =
                BigDecimal.valueOf(pages)
                        .divide(BigDecimal.valueOf(16))
                        .stripTrailingZeros()
                        .toPlainString();
        return pages + " pages (" + mib + " MiB)";
    }
}
