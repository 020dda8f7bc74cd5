// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.wasm;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Immutable summary of a WebAssembly module produced by {@link ModuleInspector} without
 * instantiating it.
 *
 * @param imports imports in declaration order
 * @param exports exports in declaration order
 * @param memories imported memories first, then defined ones, i.e. in memory index order
 * @param customSections custom sections in file order
 */
public record ModuleInfo(
        List<Import> imports,
        List<Export> exports,
        List<MemoryLimits> memories,
        List<CustomSection> customSections) {

    /** Copies every list so the record stays immutable. */
    public ModuleInfo {
        imports = List.copyOf(imports);
        exports = List.copyOf(exports);
        memories = List.copyOf(memories);
        customSections = List.copyOf(customSections);
    }

    /** Kind of an imported or exported entity, numbered as its external kind byte. */
    public enum Kind {
        FUNCTION,
        TABLE,
        MEMORY,
        GLOBAL,
        TAG;

        static Kind fromCode(int code) {
            Kind[] kinds = values();
            return code >= 0 && code < kinds.length ? kinds[code] : null;
        }
    }

    /** Value type accepted in function signatures (no GC-proposal reference types). */
    public enum ValType {
        I32(0x7F),
        I64(0x7E),
        F32(0x7D),
        F64(0x7C),
        V128(0x7B),
        FUNCREF(0x70),
        EXTERNREF(0x6F);

        private final int code;

        ValType(int code) {
            this.code = code;
        }

        /** Returns the binary encoding of this type. */
        public int code() {
            return code;
        }

        static ValType fromCode(int code) {
            for (ValType t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            return null;
        }
    }

    /**
     * Function signature from the type section.
     *
     * @param params parameter types
     * @param results result types
     */
    public record FuncType(List<ValType> params, List<ValType> results) {

        /** Copies both lists so the record stays immutable. */
        public FuncType {
            params = List.copyOf(params);
            results = List.copyOf(results);
        }
    }

    /**
     * One import.
     *
     * @param module module name
     * @param name field name
     * @param kind what is imported
     * @param typeIndex type index for function and tag imports, empty otherwise
     * @param funcType the resolved signature for function and tag imports, empty otherwise
     */
    public record Import(
            String module,
            String name,
            Kind kind,
            OptionalInt typeIndex,
            Optional<FuncType> funcType) {

        /** Rejects nulls. */
        public Import {
            Objects.requireNonNull(module);
            Objects.requireNonNull(name);
            Objects.requireNonNull(kind);
            Objects.requireNonNull(typeIndex);
            Objects.requireNonNull(funcType);
        }

        /** Creates an import that carries no signature (table, memory, global). */
        public Import(String module, String name, Kind kind) {
            this(module, name, kind, OptionalInt.empty(), Optional.empty());
        }
    }

    /**
     * One export.
     *
     * @param name export name, unique within the module
     * @param kind what is exported
     * @param index index in the index space of {@code kind}
     */
    public record Export(String name, Kind kind, int index) {}

    /**
     * Limits of one linear memory, in 64 KiB pages.
     *
     * @param minPages initial size
     * @param maxPages maximum size, empty when unbounded
     * @param shared whether the memory is shared between threads
     * @param memory64 whether the memory uses 64-bit addressing
     * @param imported whether the memory comes from an import rather than the memory section
     */
    public record MemoryLimits(
            long minPages,
            OptionalLong maxPages,
            boolean shared,
            boolean memory64,
            boolean imported) {

        /** Rejects a null maximum. */
        public MemoryLimits {
            Objects.requireNonNull(maxPages);
        }
    }

    /**
     * Location of a custom section's payload.
     *
     * @param name the section's name
     * @param offset absolute offset in the module of the payload that follows the name
     * @param length payload length in bytes
     */
    public record CustomSection(String name, int offset, int length) {}
}
