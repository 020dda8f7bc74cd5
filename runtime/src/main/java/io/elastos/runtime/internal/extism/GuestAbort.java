// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.extism;

import io.elastos.api.runtime.SandboxException;

/**
 * Thrown by a host function to end the current call: GraalWasm unwinds the guest and the sandbox
 * turns it into a {@link SandboxException} of the same kind.
 */
public final class GuestAbort extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final SandboxException.Kind kind;

    public GuestAbort(SandboxException.Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public SandboxException.Kind kind() {
        return kind;
    }
}
