// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.runtime;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One isolated instance of a compiled mini-app: its own linear memory and state, with only the host
 * functions of its granted capabilities, under its {@link ResourceLimits}.
 *
 * <p>A sandbox runs one call at a time and must not be shared between concurrent requests. After a
 * call fails with {@link SandboxException.Kind#TIMEOUT} or {@link
 * SandboxException.Kind#MEMORY_LIMIT} its state cannot be trusted: the sandbox closes itself and
 * later calls throw {@link IllegalStateException}.
 */
@ProviderType
public interface Sandbox extends AutoCloseable {

    /**
     * Calls an exported function with the Extism calling convention: the input is readable through
     * the {@code input} kernel functions and the result is what the function wrote with {@code
     * output}.
     *
     * @param function the exported function's name
     * @param input the call's input
     * @return the call's output, at most the output limit
     * @throws SandboxException if the guest traps, passes a limit, uses a capability it was not
     *     granted, or does not export {@code function} ({@link
     *     SandboxException.Kind#INVALID_MODULE})
     * @throws IllegalStateException if the sandbox is closed
     */
    byte[] call(String function, byte[] input) throws SandboxException;

    /**
     * Tells whether the sandbox can take calls.
     *
     * @return {@code false} once it is closed, by the caller or after a fatal failure
     */
    boolean isOpen();

    /** Releases the instance and its memory. Closing a closed sandbox does nothing. */
    @Override
    void close();
}
