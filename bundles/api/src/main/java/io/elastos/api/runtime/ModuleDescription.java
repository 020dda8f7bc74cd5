// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.runtime;

import java.util.List;

/**
 * What a module declares, read from its binary without running it.
 *
 * @param imports every import as {@code module::name (kind)}, such as {@code
 *     extism:host/user::kv_get (function)}
 * @param exports the names of the exported functions
 * @param memoryMinPages the initial size of the module's memory in 64 KiB pages, or -1 if it has
 *     none
 * @param memoryMaxPages the declared maximum in pages, or -1 if it declares none
 * @param customSections the names of the custom sections, in order
 */
public record ModuleDescription(
        List<String> imports,
        List<String> exports,
        long memoryMinPages,
        long memoryMaxPages,
        List<String> customSections) {

    /** Copies the lists so the description is immutable. */
    public ModuleDescription {
        imports = List.copyOf(imports);
        exports = List.copyOf(exports);
        customSections = List.copyOf(customSections);
    }
}
