// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.wasm;

import io.elastos.runtime.internal.wasm.ModuleInfo.CustomSection;
import io.elastos.runtime.internal.wasm.ModuleInfo.Export;
import io.elastos.runtime.internal.wasm.ModuleInfo.FuncType;
import io.elastos.runtime.internal.wasm.ModuleInfo.Import;
import io.elastos.runtime.internal.wasm.ModuleInfo.Kind;
import io.elastos.runtime.internal.wasm.ModuleInfo.MemoryLimits;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Pre-flight structural inspection of an untrusted WebAssembly module that never instantiates or
 * compiles it.
 *
 * <p>Sections whose contents are summarised (type, import, function, table, memory, tag, export,
 * start, data count, custom names) are parsed completely and must have no trailing bytes; global,
 * element, code and data sections are only bounds-checked and counted, and function bodies are not
 * validated. Full validation is left to the engine.
 */
public final class ModuleInspector {

    static final int MAX_TYPES = 100_000;
    static final int MAX_IMPORTS = 100_000;
    static final int MAX_EXPORTS = 100_000;
    static final int MAX_FUNCTIONS = 1_000_000;
    static final int MAX_TABLES = 100_000;
    static final int MAX_MEMORIES = 100_000;
    static final int MAX_TAGS = 100_000;
    static final int MAX_GLOBALS = 1_000_000;
    static final int MAX_SEGMENTS = 100_000;

    private final byte[] module;
    private final List<FuncType> types = new ArrayList<>();
    private final List<Import> imports = new ArrayList<>();
    private final List<Export> exports = new ArrayList<>();
    private final List<MemoryLimits> memories = new ArrayList<>();
    private final List<CustomSection> customs = new ArrayList<>();
    private final long[] indexSpace = new long[Kind.values().length];
    private long definedFunctions;
    private long dataCount = -1;
    private boolean sawCode;
    private boolean sawData;

    private ModuleInspector(byte[] module) {
        this.module = module;
    }

    /**
     * Inspects {@code wasm}.
     *
     * @throws WasmFormatException if the binary is truncated or malformed
     */
    public static ModuleInfo inspect(byte[] wasm) {
        ModuleInspector inspector = new ModuleInspector(wasm);
        for (WasmSection section : SectionWalker.walk(wasm)) {
            inspector.readSection(section);
        }
        return inspector.finish(wasm.length);
    }

    private void readSection(WasmSection section) {
        WasmReader in = section.reader(module);
        switch (section.id()) {
            case WasmSection.CUSTOM -> readCustom(in);
            case WasmSection.TYPE -> readTypes(in);
            case WasmSection.IMPORT -> readImports(in);
            case WasmSection.FUNCTION -> readFunctions(in);
            case WasmSection.TABLE -> readTables(in);
            case WasmSection.MEMORY -> readMemories(in);
            case WasmSection.TAG -> readTags(in);
            case WasmSection.GLOBAL ->
                    indexSpace[Kind.GLOBAL.ordinal()] += in.readCount("global", MAX_GLOBALS);
            case WasmSection.EXPORT -> readExports(in);
            case WasmSection.START -> readStart(in);
            case WasmSection.DATA_COUNT -> readDataCount(in);
            case WasmSection.CODE -> readCode(in);
            case WasmSection.DATA -> readData(in);
            case WasmSection.ELEMENT -> in.readCount("element segment", MAX_SEGMENTS);
            default -> throw new WasmFormatException(section.headerOffset(), "unknown section");
        }
    }

    private ModuleInfo finish(int end) {
        if (!sawCode && definedFunctions != 0) {
            throw new WasmFormatException(
                    end, definedFunctions + " functions declared but there is no code section");
        }
        if (!sawData && dataCount > 0) {
            throw new WasmFormatException(
                    end, "data count section says " + dataCount + " but there is no data section");
        }
        return new ModuleInfo(imports, exports, memories, customs);
    }

    private void readCustom(WasmReader in) {
        String name = in.readName();
        customs.add(new CustomSection(name, in.offset(), in.remaining()));
    }

    private void readTypes(WasmReader in) {
        int count = in.readCount("type", MAX_TYPES);
        for (int i = 0; i < count; i++) {
            types.add(TypeDecoder.readFuncType(in));
        }
        in.expectEnd("type section");
    }

    private void readImports(WasmReader in) {
        int count = in.readCount("import", MAX_IMPORTS);
        for (int i = 0; i < count; i++) {
            String moduleName = in.readName();
            String name = in.readName();
            Kind kind = readKind(in, "import");
            imports.add(readImportDesc(in, moduleName, name, kind));
            indexSpace[kind.ordinal()]++;
        }
        in.expectEnd("import section");
    }

    private Import readImportDesc(WasmReader in, String moduleName, String name, Kind kind) {
        switch (kind) {
            case FUNCTION -> {
                int typeIndex = readTypeIndex(in);
                return new Import(
                        moduleName,
                        name,
                        kind,
                        OptionalInt.of(typeIndex),
                        Optional.of(types.get(typeIndex)));
            }
            case TAG -> {
                int typeIndex = readTag(in);
                return new Import(
                        moduleName,
                        name,
                        kind,
                        OptionalInt.of(typeIndex),
                        Optional.of(types.get(typeIndex)));
            }
            case TABLE -> LimitsDecoder.readTable(in);
            case MEMORY -> memories.add(LimitsDecoder.readMemory(in, true));
            case GLOBAL -> TypeDecoder.readGlobalType(in);
        }
        return new Import(moduleName, name, kind);
    }

    private int readTypeIndex(WasmReader in) {
        int at = in.offset();
        long index = in.readU32();
        if (index >= types.size()) {
            throw new WasmFormatException(
                    at, "type index " + index + " out of range, " + types.size() + " types");
        }
        return (int) index;
    }

    private int readTag(WasmReader in) {
        int at = in.offset();
        int attribute = in.readByte();
        if (attribute != 0) {
            throw new WasmFormatException(at, "invalid tag attribute " + attribute);
        }
        return readTypeIndex(in);
    }

    private void readFunctions(WasmReader in) {
        int count = in.readCount("function", MAX_FUNCTIONS);
        for (int i = 0; i < count; i++) {
            readTypeIndex(in);
        }
        in.expectEnd("function section");
        definedFunctions = count;
        indexSpace[Kind.FUNCTION.ordinal()] += count;
    }

    private void readTables(WasmReader in) {
        int count = in.readCount("table", MAX_TABLES);
        for (int i = 0; i < count; i++) {
            LimitsDecoder.readTable(in);
        }
        in.expectEnd("table section");
        indexSpace[Kind.TABLE.ordinal()] += count;
    }

    private void readMemories(WasmReader in) {
        int count = in.readCount("memory", MAX_MEMORIES - memories.size());
        for (int i = 0; i < count; i++) {
            memories.add(LimitsDecoder.readMemory(in, false));
        }
        in.expectEnd("memory section");
        indexSpace[Kind.MEMORY.ordinal()] += count;
    }

    private void readTags(WasmReader in) {
        int count = in.readCount("tag", MAX_TAGS);
        for (int i = 0; i < count; i++) {
            readTag(in);
        }
        in.expectEnd("tag section");
        indexSpace[Kind.TAG.ordinal()] += count;
    }

    private void readExports(WasmReader in) {
        int count = in.readCount("export", MAX_EXPORTS);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < count; i++) {
            int nameAt = in.offset();
            String name = in.readName();
            if (!names.add(name)) {
                throw new WasmFormatException(nameAt, "duplicate export name \"" + name + "\"");
            }
            Kind kind = readKind(in, "export");
            int index = readIndex(in, kind);
            exports.add(new Export(name, kind, index));
        }
        in.expectEnd("export section");
    }

    private static Kind readKind(WasmReader in, String what) {
        int at = in.offset();
        int code = in.readByte();
        Kind kind = Kind.fromCode(code);
        if (kind == null) {
            throw new WasmFormatException(at, "unknown " + what + " kind " + code);
        }
        return kind;
    }

    private int readIndex(WasmReader in, Kind kind) {
        int at = in.offset();
        long index = in.readU32();
        if (index >= indexSpace[kind.ordinal()]) {
            throw new WasmFormatException(
                    at, kind.name().toLowerCase(Locale.ROOT) + " index " + index + " out of range");
        }
        return (int) index;
    }

    private void readStart(WasmReader in) {
        readIndex(in, Kind.FUNCTION);
        in.expectEnd("start section");
    }

    private void readDataCount(WasmReader in) {
        dataCount = in.readU32();
        in.expectEnd("data count section");
    }

    private void readCode(WasmReader in) {
        int at = in.offset();
        int count = in.readCount("function body", MAX_FUNCTIONS);
        if (count != definedFunctions) {
            throw new WasmFormatException(
                    at, count + " function bodies but " + definedFunctions + " functions declared");
        }
        for (int i = 0; i < count; i++) {
            in.skip(in.readLength("function body"));
        }
        in.expectEnd("code section");
        sawCode = true;
    }

    private void readData(WasmReader in) {
        int at = in.offset();
        int count = in.readCount("data segment", MAX_SEGMENTS);
        if (dataCount >= 0 && count != dataCount) {
            throw new WasmFormatException(
                    at, count + " data segments but the data count section says " + dataCount);
        }
        sawData = true;
    }
}
