// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.wasm;

/** Thrown when a WebAssembly binary is truncated or malformed. */
public final class WasmFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int offset;

    /**
     * Creates the exception.
     *
     * @param offset byte offset in the module where the problem was detected
     * @param problem what was wrong, without the offset
     */
    public WasmFormatException(int offset, String problem) {
        super("malformed wasm module at offset " + offset + ": " + problem);
        this.offset = offset;
    }

    /** Returns the byte offset in the module where the problem was detected. */
    public int offset() {
        return offset;
    }
}
