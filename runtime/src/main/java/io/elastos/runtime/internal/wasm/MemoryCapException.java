// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.wasm;

/** Thrown when a well-formed module cannot be made to respect a linear-memory cap. */
public final class MemoryCapException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message why the module cannot be capped
     */
    public MemoryCapException(String message) {
        super(message);
    }
}
