// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.runtime;

import org.osgi.annotation.versioning.ProviderType;

/** Facts about the node's shared WebAssembly engine. */
@ProviderType
public interface WasmEngine {

    /** How the engine runs WebAssembly code. */
    enum CompilationMode {
        /** Hot code is compiled to machine code by the Graal JIT. */
        JIT,
        /**
         * Code is only interpreted: orders of magnitude slower; the node was started without JVMCI.
         */
        INTERPRETER
    }

    /**
     * Tells whether WebAssembly runs compiled or interpreted.
     *
     * @return the compilation mode of the shared engine
     */
    CompilationMode compilationMode();

    /**
     * Names the engine implementation.
     *
     * @return for example {@code "GraalVM CE"} or {@code "Interpreted"}
     */
    String implementationName();

    /**
     * Returns the engine version.
     *
     * @return the polyglot engine version, such as {@code "25.0.2"}
     */
    String version();
}
