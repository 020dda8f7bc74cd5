// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.wasm;

/**
 * Location of one section in a module binary, as found by {@link SectionWalker}.
 *
 * @param id section id
 * @param headerOffset absolute offset of the id byte
 * @param payloadOffset absolute offset of the first payload byte
 * @param payloadLength payload length in bytes
 */
record WasmSection(int id, int headerOffset, int payloadOffset, int payloadLength) {

    static final int CUSTOM = 0;
    static final int TYPE = 1;
    static final int IMPORT = 2;
    static final int FUNCTION = 3;
    static final int TABLE = 4;
    static final int MEMORY = 5;
    static final int GLOBAL = 6;
    static final int EXPORT = 7;
    static final int START = 8;
    static final int ELEMENT = 9;
    static final int CODE = 10;
    static final int DATA = 11;
    static final int DATA_COUNT = 12;
    static final int TAG = 13;

    /** Returns the absolute offset just past the payload. */
    int payloadEnd() {
        return payloadOffset + payloadLength;
    }

    /** Returns a reader over exactly this section's payload. */
    WasmReader reader(byte[] module) {
        return new WasmReader(module, payloadOffset, payloadEnd());
    }
}
