// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.wasm;

import static io.elastos.runtime.internal.wasm.TestWasm.bytes;
import static io.elastos.runtime.internal.wasm.TestWasm.cat;
import static io.elastos.runtime.internal.wasm.TestWasm.custom;
import static io.elastos.runtime.internal.wasm.TestWasm.exportEntry;
import static io.elastos.runtime.internal.wasm.TestWasm.funcType;
import static io.elastos.runtime.internal.wasm.TestWasm.importEntry;
import static io.elastos.runtime.internal.wasm.TestWasm.limits;
import static io.elastos.runtime.internal.wasm.TestWasm.memorySection;
import static io.elastos.runtime.internal.wasm.TestWasm.module;
import static io.elastos.runtime.internal.wasm.TestWasm.sample;
import static io.elastos.runtime.internal.wasm.TestWasm.section;
import static io.elastos.runtime.internal.wasm.TestWasm.u32;
import static io.elastos.runtime.internal.wasm.TestWasm.vec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.elastos.runtime.internal.wasm.ModuleInfo.CustomSection;
import io.elastos.runtime.internal.wasm.ModuleInfo.Export;
import io.elastos.runtime.internal.wasm.ModuleInfo.FuncType;
import io.elastos.runtime.internal.wasm.ModuleInfo.Import;
import io.elastos.runtime.internal.wasm.ModuleInfo.Kind;
import io.elastos.runtime.internal.wasm.ModuleInfo.MemoryLimits;
import io.elastos.runtime.internal.wasm.ModuleInfo.ValType;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ModuleInspectorTest {

    private static final byte[] EMPTY_TYPE = funcType(new int[] {}, new int[] {});

    private static void assertMalformed(byte[] wasm, String expected) {
        WasmFormatException e =
                assertThrows(WasmFormatException.class, () -> ModuleInspector.inspect(wasm));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void inspectsImportsWithResolvedTypes() {
        ModuleInfo info = ModuleInspector.inspect(sample());
        FuncType i32ToI32 = new FuncType(List.of(ValType.I32), List.of(ValType.I32));
        FuncType wide =
                new FuncType(
                        List.of(
                                ValType.I64,
                                ValType.F32,
                                ValType.F64,
                                ValType.V128,
                                ValType.FUNCREF,
                                ValType.EXTERNREF),
                        List.of(ValType.I32, ValType.I64));
        assertEquals(
                List.of(
                        new Import(
                                "env",
                                "log",
                                Kind.FUNCTION,
                                OptionalInt.of(0),
                                Optional.of(i32ToI32)),
                        new Import(
                                "env", "wide", Kind.FUNCTION, OptionalInt.of(2), Optional.of(wide)),
                        new Import("env", "table", Kind.TABLE),
                        new Import("env", "g", Kind.GLOBAL)),
                info.imports());
    }

    @Test
    void inspectsExportsMemoriesAndCustomSections() {
        byte[] wasm = sample(memorySection(limits(0x01, 2, 16)));
        ModuleInfo info = ModuleInspector.inspect(wasm);
        assertEquals(
                List.of(
                        new Export("run", Kind.FUNCTION, 2),
                        new Export("memory", Kind.MEMORY, 0),
                        new Export("g", Kind.GLOBAL, 1),
                        new Export("log", Kind.FUNCTION, 0)),
                info.exports());
        assertEquals(
                List.of(new MemoryLimits(2, OptionalLong.of(16), false, false, false)),
                info.memories());
        List<CustomSection> customs = info.customSections();
        assertEquals(
                List.of("early", "elastos.signature"),
                customs.stream().map(CustomSection::name).toList());
        CustomSection signature = customs.get(1);
        assertEquals(wasm.length, signature.offset() + signature.length());
        assertArrayEquals(
                bytes(0xAA, 0xBB, 0xCC, 0xDD),
                Arrays.copyOfRange(
                        wasm, signature.offset(), signature.offset() + signature.length()));
    }

    @Test
    void reportsMemoryWithoutMaximumAndImportedMemories() {
        byte[] wasm =
                module(
                        section(2, vec(importEntry("env", "mem", 2, limits(0x03, 1, 4)))),
                        memorySection(limits(0x00, 3)));
        ModuleInfo info = ModuleInspector.inspect(wasm);
        assertEquals(
                List.of(
                        new MemoryLimits(1, OptionalLong.of(4), true, false, true),
                        new MemoryLimits(3, OptionalLong.empty(), false, false, false)),
                info.memories());
        assertEquals(List.of(new Import("env", "mem", Kind.MEMORY)), info.imports());
    }

    @Test
    void acceptsEmptyModuleAndMemory64() {
        assertEquals(
                new ModuleInfo(List.of(), List.of(), List.of(), List.of()),
                ModuleInspector.inspect(module()));
        ModuleInfo info = ModuleInspector.inspect(module(memorySection(limits(0x05, 1, 1L << 20))));
        assertEquals(
                new MemoryLimits(1, OptionalLong.of(1L << 20), false, true, false),
                info.memories().get(0));
    }

    @Test
    void resultIsImmutable() {
        ModuleInfo info = ModuleInspector.inspect(sample());
        assertThrows(UnsupportedOperationException.class, () -> info.imports().clear());
        assertThrows(
                UnsupportedOperationException.class,
                () -> info.imports().get(0).funcType().orElseThrow().params().clear());
    }

    @Test
    void rejectsBadMagicAndVersion() {
        byte[] wasm = module();
        wasm[0] = 0x01;
        assertMalformed(wasm, "bad magic");
        wasm = module();
        wasm[4] = 0x02;
        assertMalformed(wasm, "only version 1");
        assertMalformed(bytes(0x00, 0x61, 0x73), "bad magic");
        assertMalformed(new byte[0], "bad magic");
    }

    @Test
    void rejectsUnknownSectionIds() {
        assertMalformed(module(section(14, bytes())), "unknown section id 14");
        assertMalformed(module(section(0xFF, bytes())), "unknown section id 255");
    }

    @Test
    void rejectsOutOfOrderAndDuplicateSections() {
        byte[] types = section(1, vec(EMPTY_TYPE));
        assertMalformed(module(memorySection(), types), "section id 1 out of order");
        assertMalformed(module(types, types), "duplicate section id 1");
        byte[] dataCount = section(12, u32(0));
        assertMalformed(module(section(10, vec()), dataCount), "out of order");
        ModuleInspector.inspect(module(dataCount, section(10, vec()), section(11, vec())));
        // Custom sections may appear between any two sections.
        ModuleInspector.inspect(module(custom("a", bytes()), types, custom("b", bytes(1))));
    }

    @Test
    void rejectsSectionSizesPastTheEnd() {
        byte[] wasm = cat(module(), bytes(1, 10, 0x01, 0x60, 0x00, 0x00));
        assertMalformed(wasm, "section 1 length 10 exceeds the 4 bytes left");
    }

    @Test
    void rejectsOverLongLebInSectionSize() {
        assertMalformed(
                cat(module(), bytes(0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00)), "longer than 5");
        assertMalformed(cat(module(), bytes(0, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F)), "exceeds u32");
        assertMalformed(cat(module(), bytes(0, 0x80)), "truncated LEB128");
    }

    @Test
    void rejectsTrailingBytesInsideParsedSections() {
        assertMalformed(
                module(section(1, vec(EMPTY_TYPE), bytes(0))), "trailing bytes in type section");
        assertMalformed(
                module(section(5, vec(limits(0, 1)), bytes(0))), "trailing bytes in memory");
        assertMalformed(module(section(7, vec(), bytes(0))), "trailing bytes in export section");
    }

    @Test
    void rejectsBadTypes() {
        assertMalformed(module(section(1, vec(bytes(0x5F, 0, 0)))), "not a function type");
        assertMalformed(
                module(section(1, vec(funcType(new int[] {0x6E}, new int[] {})))),
                "unknown value type 0x6e");
        byte[] badImport = importEntry("env", "f", 0, u32(1));
        assertMalformed(
                module(section(1, vec(EMPTY_TYPE)), section(2, vec(badImport))),
                "type index 1 out of range");
    }

    @Test
    void rejectsBadLimitsAndKinds() {
        assertMalformed(module(memorySection(limits(0x08, 1))), "invalid memory limits flags");
        assertMalformed(module(memorySection(limits(0x01, 2, 1))), "maximum is below");
        assertMalformed(module(memorySection(limits(0x00, 65_537))), "too large");
        assertMalformed(
                module(section(2, vec(importEntry("a", "b", 5, bytes())))),
                "unknown import kind 5");
        assertMalformed(
                module(section(7, vec(exportEntry("x", 2, 0)))), "memory index 0 out of range");
    }

    @Test
    void rejectsDuplicateExportsAndMissingCode() {
        byte[] types = section(1, vec(EMPTY_TYPE));
        byte[] funcs = section(3, vec(u32(0)));
        byte[] code = section(10, vec(cat(u32(2), bytes(0, 0x0B))));
        byte[] twice = section(7, vec(exportEntry("f", 0, 0), exportEntry("f", 0, 0)));
        assertMalformed(module(types, funcs, twice, code), "duplicate export name \"f\"");
        assertMalformed(module(types, funcs), "no code section");
        assertMalformed(module(types, funcs, section(10, vec())), "0 function bodies but 1");
    }

    @Test
    void everyTruncationFailsCleanly() {
        byte[] wasm = sample();
        Set<Integer> boundaries = new TreeSet<>(Set.of(8));
        for (WasmSection s : SectionWalker.walk(wasm)) {
            boundaries.add(s.payloadEnd());
        }
        for (int length = 0; length < wasm.length; length++) {
            byte[] prefix = Arrays.copyOf(wasm, length);
            if (boundaries.contains(length)) {
                // A cut between sections can leave a well-formed module; it must not crash either.
                try {
                    ModuleInspector.inspect(prefix);
                } catch (WasmFormatException expected) {
                    // fine
                }
            } else {
                assertThrows(
                        WasmFormatException.class,
                        () -> ModuleInspector.inspect(prefix),
                        "length " + length);
            }
        }
    }

    @Test
    void inspectsClangBuiltSelfTestModule() throws Exception {
        byte[] wasm = TestWasm.resource("/wasm/selftest.wasm");
        assumeTrue(wasm != null, "selftest.wasm not on classpath");
        ModuleInfo info = ModuleInspector.inspect(wasm);
        assertTrue(info.exports().contains(new Export("memory", Kind.MEMORY, 0)), info.toString());
        Set<String> functions = new TreeSet<>();
        for (Export e : info.exports()) {
            if (e.kind() == Kind.FUNCTION) {
                functions.add(e.name());
            }
        }
        assertTrue(functions.containsAll(Set.of("fib", "fnv1a")), functions.toString());
        assertEquals(1, info.memories().size());
        assertFalse(info.memories().get(0).imported());
        assertTrue(info.imports().isEmpty(), info.imports().toString());
    }
}
