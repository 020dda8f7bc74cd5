// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.wasm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Test-only helpers that assemble WebAssembly binaries byte by byte. */
final class TestWasm {

    static final int I32 = 0x7F;
    static final int I64 = 0x7E;
    static final int F32 = 0x7D;
    static final int F64 = 0x7C;
    static final int V128 = 0x7B;
    static final int FUNCREF = 0x70;
    static final int EXTERNREF = 0x6F;

    private TestWasm() {}

    /** Concatenates byte arrays. */
    static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Turns ints into bytes, keeping the low 8 bits of each. */
    static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    /** Minimal unsigned LEB128 encoding. */
    static byte[] u32(long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long rest = value;
        do {
            int b = (int) (rest & 0x7F);
            rest >>>= 7;
            out.write(rest == 0 ? b : b | 0x80);
        } while (rest != 0);
        return out.toByteArray();
    }

    /** Length-prefixed UTF-8 name. */
    static byte[] name(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        return cat(u32(utf8.length), utf8);
    }

    /** A vector: element count followed by the already-encoded elements. */
    static byte[] vec(byte[]... items) {
        return cat(u32(items.length), cat(items));
    }

    /** A section: id, payload size, payload. */
    static byte[] section(int id, byte[]... payload) {
        byte[] body = cat(payload);
        return cat(bytes(id), u32(body.length), body);
    }

    /** A module: magic, version 1, then the given sections verbatim. */
    static byte[] module(byte[]... sections) {
        return cat(bytes(0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00), cat(sections));
    }

    /** A function type entry. */
    static byte[] funcType(int[] params, int[] results) {
        return cat(
                bytes(0x60),
                u32(params.length),
                bytes(params),
                u32(results.length),
                bytes(results));
    }

    /** Memory or table limits without a maximum. */
    static byte[] limits(int flags, long min) {
        return cat(bytes(flags), u32(min));
    }

    /** Memory or table limits with a maximum. */
    static byte[] limits(int flags, long min, long max) {
        return cat(bytes(flags), u32(min), u32(max));
    }

    /** An import entry with an already-encoded descriptor. */
    static byte[] importEntry(String module, String name, int kind, byte[] desc) {
        return cat(name(module), name(name), bytes(kind), desc);
    }

    /** An export entry. */
    static byte[] exportEntry(String name, int kind, int index) {
        return cat(name(name), bytes(kind), u32(index));
    }

    /** A custom section. */
    static byte[] custom(String name, byte[] payload) {
        return section(0, name(name), payload);
    }

    /** A memory section holding the given memory types. */
    static byte[] memorySection(byte[]... memories) {
        return section(5, vec(memories));
    }

    /**
     * A module exercising most sections: three types, function/table/global imports, two defined
     * functions, an optional memory section, a global, exports, code and two custom sections. An
     * empty {@code memorySection} leaves out the memory and its export.
     */
    static byte[] sample(byte[] memorySection) {
        return module(
                section(
                        1,
                        vec(
                                funcType(new int[] {I32}, new int[] {I32}),
                                funcType(new int[] {}, new int[] {}),
                                funcType(
                                        new int[] {I64, F32, F64, V128, FUNCREF, EXTERNREF},
                                        new int[] {I32, I64}))),
                section(
                        2,
                        vec(
                                importEntry("env", "log", 0, u32(0)),
                                importEntry("env", "wide", 0, u32(2)),
                                importEntry("env", "table", 1, cat(bytes(FUNCREF), limits(0, 1))),
                                importEntry("env", "g", 3, bytes(I32, 0)))),
                custom("early", bytes(1, 2, 3)),
                section(3, vec(u32(0), u32(1))),
                memorySection,
                section(6, vec(bytes(I32, 0x00, 0x41, 0x00, 0x0B))),
                exportSection(memorySection.length != 0),
                section(10, vec(cat(u32(4), bytes(0, 0x20, 0, 0x0B)), cat(u32(2), bytes(0, 0x0B)))),
                custom("elastos.signature", bytes(0xAA, 0xBB, 0xCC, 0xDD)));
    }

    private static byte[] exportSection(boolean withMemory) {
        byte[] run = exportEntry("run", 0, 2);
        byte[] global = exportEntry("g", 3, 1);
        byte[] log = exportEntry("log", 0, 0);
        return section(
                7,
                withMemory
                        ? vec(run, exportEntry("memory", 2, 0), global, log)
                        : vec(run, global, log));
    }

    /** The sample module with one memory of at least one page and no maximum. */
    static byte[] sample() {
        return sample(memorySection(limits(0x00, 1)));
    }

    /** Reads a classpath resource, or returns null if it is absent. */
    static byte[] resource(String path) throws IOException {
        try (InputStream in = TestWasm.class.getResourceAsStream(path)) {
            return in == null ? null : in.readAllBytes();
        }
    }
}
