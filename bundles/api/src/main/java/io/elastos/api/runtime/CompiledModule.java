// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.runtime;

import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A mini-app module validated and compiled once on the shared engine, from which sandboxes are made
 * cheaply. Thread-safe.
 */
@ProviderType
public interface CompiledModule extends AutoCloseable {

    /**
     * Names the module, as given when it was compiled.
     *
     * @return the name, such as {@code org.example.notes@1.2.0}
     */
    String name();

    /**
     * Lists the functions the module exports.
     *
     * @return the exported function names
     */
    Set<String> exports();

    /**
     * Returns the capabilities granted to the module.
     *
     * @return the granted capabilities
     */
    Set<Capability> capabilities();

    /**
     * Returns the limits every sandbox of this module runs under.
     *
     * @return the limits
     */
    ResourceLimits limits();

    /**
     * Calls an exported plug-in function on a pooled instance, within the module's limits. Calls
     * run concurrently up to the module's bound, each on its own instance; further calls wait in a
     * bounded queue. An instance that trapped, timed out or broke a limit is discarded.
     *
     * @param function the exported function, following the Extism convention {@code () -> i32}
     * @param input the call's input bytes
     * @param context who the call runs for
     * @return the output the plug-in set
     * @throws SandboxException saying why the call failed; {@link SandboxException.Kind#BUSY} when
     *     the queue is full
     */
    byte[] call(String function, byte[] input, CallContext context) throws SandboxException;

    /**
     * Returns the module's counters.
     *
     * @return calls, errors, latency and instances so far
     */
    RuntimeStats stats();

    /**
     * Makes a new, independent sandbox: a fresh instance with its own memory.
     *
     * @return the sandbox, to be closed by the caller
     * @throws SandboxException if instantiation fails, such as the module's start function trapping
     *     ({@link SandboxException.Kind#TRAP}) or passing a limit
     * @throws IllegalStateException if the module is closed
     */
    Sandbox newSandbox() throws SandboxException;

    /**
     * Releases the compiled code once its sandboxes are closed; no new sandbox can be made. Open
     * sandboxes keep working until they are closed.
     */
    @Override
    void close();
}
