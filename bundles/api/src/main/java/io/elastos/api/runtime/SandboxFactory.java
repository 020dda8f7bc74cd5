// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.runtime;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Compiles mini-app modules into sandboxes on the node's shared {@link WasmEngine}. Compiling is
 * the last check before an app is installed: it refuses, before anything runs, a module that is
 * invalid, imports host functions it was not granted, or declares more memory than its limit.
 */
@ProviderType
public interface SandboxFactory {

    /**
     * Validates and compiles a module. The module's imports must all be Extism kernel functions,
     * WASI preview 1 functions, or node host functions covered by the granted capabilities; its
     * memory is capped to the limit by rewriting its declared maximum.
     *
     * @param spec the module and everything it runs with
     * @return the compiled module, to be closed by the caller
     * @throws SandboxException with {@link SandboxException.Kind#INVALID_MODULE} if the bytes are
     *     not a valid module, {@link SandboxException.Kind#CAPABILITY_DENIED} naming the first
     *     import outside the granted capabilities, or {@link SandboxException.Kind#MEMORY_LIMIT} if
     *     its memory cannot be capped to the limit
     */
    CompiledModule compile(ModuleSpec spec) throws SandboxException;

    /**
     * Reads what a module declares without compiling or running it.
     *
     * @param wasm the module binary
     * @return its imports, exports, memory and custom sections
     * @throws SandboxException with {@link SandboxException.Kind#INVALID_MODULE} if the binary is
     *     malformed
     */
    ModuleDescription inspect(byte[] wasm) throws SandboxException;
}
