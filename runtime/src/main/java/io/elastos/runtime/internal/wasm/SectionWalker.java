// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.wasm;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks the module header and splits a module into sections, enforcing section ids, order,
 * uniqueness and bounds.
 */
final class SectionWalker {

    static final int MAX_SECTIONS = 100_000;

    private static final byte[] MAGIC = {0x00, 0x61, 0x73, 0x6D};
    private static final byte[] VERSION = {0x01, 0x00, 0x00, 0x00};

    /**
     * Position of each known section id in the required order; the tag section (13, exception
     * handling) sits between memory and global, and data count precedes code.
     */
    private static final int[] ORDER = {
        0, // custom: anywhere
        1, // type
        2, // import
        3, // function
        4, // table
        5, // memory
        7, // global
        8, // export
        9, // start
        10, // element
        12, // code
        13, // data
        11, // data count
        6, // tag
    };

    private SectionWalker() {}

    /** Returns every section of {@code module} in file order. */
    static List<WasmSection> walk(byte[] module) {
        WasmReader in = new WasmReader(module);
        expectBytes(in, MAGIC, "bad magic number, not a wasm module");
        expectBytes(in, VERSION, "unsupported wasm binary version, only version 1 is accepted");
        List<WasmSection> sections = new ArrayList<>();
        int lastRank = 0;
        while (!in.atEnd()) {
            int headerOffset = in.offset();
            if (sections.size() >= MAX_SECTIONS) {
                throw new WasmFormatException(
                        headerOffset, "more than " + MAX_SECTIONS + " sections");
            }
            int id = in.readByte();
            if (id >= ORDER.length) {
                throw new WasmFormatException(headerOffset, "unknown section id " + id);
            }
            int length = in.readLength("section " + id);
            WasmSection section = new WasmSection(id, headerOffset, in.offset(), length);
            in.skip(length);
            if (id != WasmSection.CUSTOM) {
                int rank = ORDER[id];
                if (rank == lastRank) {
                    throw new WasmFormatException(headerOffset, "duplicate section id " + id);
                }
                if (rank < lastRank) {
                    throw new WasmFormatException(
                            headerOffset, "section id " + id + " out of order");
                }
                lastRank = rank;
            }
            sections.add(section);
        }
        return sections;
    }

    private static void expectBytes(WasmReader in, byte[] expected, String problem) {
        int at = in.offset();
        for (byte b : expected) {
            if (in.atEnd() || in.readByte() != (b & 0xFF)) {
                throw new WasmFormatException(at, problem);
            }
        }
    }
}
