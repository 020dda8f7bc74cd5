// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.runtime;

import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Compiles mini-app modules into sandboxes on the node's shared {@link WasmEngine}. Compiling is
 * the last check before an app is installed: it refuses, before anything runs, a module that is
 * invalid, imports host functions it was not granted, or declares more memory than its limit.
 */
@ProviderType
public interface SandboxFactory {

    /**
     * Validates and compiles a module. The module's imports must all be Extism kernel functions or
     * host functions covered by {@code granted}; its declared minimum memory must fit the limit.
     *
     * @param name names the module in logs and errors, such as {@code org.example.notes@1.2.0}
     * @param wasm the module's binary
     * @param granted the capabilities the owner granted the app
     * @param limits the limits every call runs under
     * @return the compiled module, to be closed by the caller
     * @throws SandboxException with {@link SandboxException.Kind#INVALID_MODULE} if the bytes are
     *     not a valid module, {@link SandboxException.Kind#CAPABILITY_DENIED} if it imports a
     *     function outside the granted capabilities, or {@link SandboxException.Kind#MEMORY_LIMIT}
     *     if its declared memory exceeds the limit
     */
    CompiledModule compile(String name, byte[] wasm, Set<Capability> granted, ResourceLimits limits)
            throws SandboxException;
}
