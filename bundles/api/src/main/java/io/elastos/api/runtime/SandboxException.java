// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.runtime;

import java.util.Objects;

/**
 * Compiling or calling a mini-app failed; {@link #kind()} tells how, so the caller can map it to a
 * response and decide whether the instance can be reused.
 */
public class SandboxException extends Exception {
    private static final long serialVersionUID = 1L;

    /** How a sandbox operation failed. */
    public enum Kind {
        /** The guest code trapped: unreachable, out-of-bounds access, or a plug-in error result. */
        TRAP,
        /** The call passed its wall-clock deadline and was interrupted. */
        TIMEOUT,
        /** The module needs, or tried to grow to, more memory than its limit. */
        MEMORY_LIMIT,
        /** The call produced more output than its limit. */
        OUTPUT_LIMIT,
        /** The module imports, or a call used, a host function outside the granted capabilities. */
        CAPABILITY_DENIED,
        /** The bytes are not a valid WebAssembly module, or lack the export the ABI requires. */
        INVALID_MODULE,
        /** The plug-in reported an error (Extism {@code error_set} or a non-zero return code). */
        PLUGIN_ERROR,
        /** The app already runs as many calls as it may and its queue is full: retry later. */
        BUSY,
        /** A host service the call needed (storage, P2P, HTTP) failed or is not available. */
        HOST_ERROR
    }

    private final Kind kind;

    /**
     * Creates an exception with a kind and a message.
     *
     * @param kind how the operation failed
     * @param message what failed and why
     */
    public SandboxException(Kind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /**
     * Creates an exception with a kind, a message and its cause.
     *
     * @param kind how the operation failed
     * @param message what failed and why
     * @param cause the underlying error
     */
    public SandboxException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /**
     * Tells how the operation failed.
     *
     * @return the kind, never {@code null}
     */
    public Kind kind() {
        return kind;
    }
}
