// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.wasm;

import static io.elastos.runtime.internal.wasm.TestWasm.importEntry;
import static io.elastos.runtime.internal.wasm.TestWasm.limits;
import static io.elastos.runtime.internal.wasm.TestWasm.memorySection;
import static io.elastos.runtime.internal.wasm.TestWasm.module;
import static io.elastos.runtime.internal.wasm.TestWasm.sample;
import static io.elastos.runtime.internal.wasm.TestWasm.section;
import static io.elastos.runtime.internal.wasm.TestWasm.vec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.elastos.runtime.internal.wasm.ModuleInfo.MemoryLimits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class MemoryCapperTest {

    private static MemoryLimits memory(long min, long max, boolean shared) {
        return new MemoryLimits(min, OptionalLong.of(max), shared, false, false);
    }

    /** Asserts that every section except the memory section, and the order, survived intact. */
    private static void assertOnlyMemoryChanged(byte[] before, byte[] after) {
        List<WasmSection> a = SectionWalker.walk(before);
        List<WasmSection> b = SectionWalker.walk(after);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).id(), b.get(i).id());
            if (a.get(i).id() != WasmSection.MEMORY) {
                assertArrayEquals(raw(before, a.get(i)), raw(after, b.get(i)), "section " + i);
            }
        }
    }

    private static byte[] raw(byte[] wasm, WasmSection s) {
        return Arrays.copyOfRange(wasm, s.headerOffset(), s.payloadEnd());
    }

    @Test
    void addsMaximumWhenAbsent() {
        byte[] wasm = sample(memorySection(limits(0x00, 3)));
        byte[] capped = MemoryCapper.cap(wasm, 256);
        assertEquals(List.of(memory(3, 256, false)), ModuleInspector.inspect(capped).memories());
        assertOnlyMemoryChanged(wasm, capped);
        assertEquals(
                ModuleInspector.inspect(wasm).exports(), ModuleInspector.inspect(capped).exports());
    }

    @Test
    void lowersMaximumAboveCap() {
        byte[] wasm = sample(memorySection(limits(0x01, 1, 65_536)));
        byte[] capped = MemoryCapper.cap(wasm, 16);
        assertEquals(List.of(memory(1, 16, false)), ModuleInspector.inspect(capped).memories());
        assertOnlyMemoryChanged(wasm, capped);
    }

    @Test
    void keepsMaximumWithinCapUntouched() {
        byte[] wasm = sample(memorySection(limits(0x01, 1, 8)));
        byte[] capped = MemoryCapper.cap(wasm, 16);
        assertArrayEquals(wasm, capped);
        assertNotSame(wasm, capped);
        assertArrayEquals(wasm, MemoryCapper.cap(wasm, 8));
    }

    @Test
    void capsSharedMemoriesKeepingTheSharedFlag() {
        byte[] wasm = module(memorySection(limits(0x03, 1, 1000), limits(0x02, 2)));
        byte[] capped = MemoryCapper.cap(wasm, 100);
        assertEquals(
                List.of(memory(1, 100, true), memory(2, 100, true)),
                ModuleInspector.inspect(capped).memories());
    }

    @Test
    void growsSectionSizeEncodingWhenNeeded() {
        List<byte[]> memories = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            memories.add(limits(0x00, i));
        }
        byte[] wasm = module(memorySection(memories.toArray(new byte[0][])));
        byte[] capped = MemoryCapper.cap(wasm, 65_536);
        List<MemoryLimits> result = ModuleInspector.inspect(capped).memories();
        assertEquals(60, result.size());
        for (int i = 0; i < 60; i++) {
            assertEquals(memory(i, 65_536, false), result.get(i));
        }
    }

    @Test
    void rejectsMinimumAboveCap() {
        byte[] wasm = sample(memorySection(limits(0x00, 17)));
        MemoryCapException e =
                assertThrows(MemoryCapException.class, () -> MemoryCapper.cap(wasm, 16));
        assertEquals(
                "module needs 17 pages (1.0625 MiB) at start but the limit is 16 pages (1 MiB)",
                e.getMessage());
    }

    @Test
    void rejectsImportedMemory() {
        byte[] wasm = module(section(2, vec(importEntry("env", "memory", 2, limits(0x00, 1)))));
        MemoryCapException e =
                assertThrows(MemoryCapException.class, () -> MemoryCapper.cap(wasm, 16));
        assertEquals(
                "module imports memory \"env\".\"memory\"; an imported memory cannot be capped",
                e.getMessage());
    }

    @Test
    void rejectsMemory64() {
        byte[] wasm = module(memorySection(limits(0x04, 1)));
        MemoryCapException e =
                assertThrows(MemoryCapException.class, () -> MemoryCapper.cap(wasm, 16));
        assertEquals("64-bit memories cannot be capped", e.getMessage());
    }

    @Test
    void returnsModuleWithoutMemoryUnchanged() {
        byte[] wasm = sample(new byte[0]);
        assertEquals(List.of(), ModuleInspector.inspect(wasm).memories());
        assertArrayEquals(wasm, MemoryCapper.cap(wasm, 1));
        byte[] empty = module(memorySection());
        assertArrayEquals(empty, MemoryCapper.cap(empty, 1));
    }

    @Test
    void rejectsCapOutOfRange() {
        byte[] wasm = sample();
        assertThrows(IllegalArgumentException.class, () -> MemoryCapper.cap(wasm, 0));
        assertThrows(IllegalArgumentException.class, () -> MemoryCapper.cap(wasm, 65_537));
        assertThrows(IllegalArgumentException.class, () -> MemoryCapper.cap(wasm, -1));
        MemoryCapper.cap(wasm, 65_536);
    }

    @Test
    void rejectsMalformedModule() {
        byte[] wasm = Arrays.copyOf(sample(), 40);
        assertThrows(WasmFormatException.class, () -> MemoryCapper.cap(wasm, 16));
    }

    @Test
    void capsClangBuiltSelfTestModule() throws Exception {
        byte[] wasm = TestWasm.resource("/wasm/selftest.wasm");
        assumeTrue(wasm != null, "selftest.wasm not on classpath");
        long min = ModuleInspector.inspect(wasm).memories().get(0).minPages();
        byte[] capped = MemoryCapper.cap(wasm, 64);
        assertEquals(List.of(memory(min, 64, false)), ModuleInspector.inspect(capped).memories());
        assertOnlyMemoryChanged(wasm, capped);
    }
}
