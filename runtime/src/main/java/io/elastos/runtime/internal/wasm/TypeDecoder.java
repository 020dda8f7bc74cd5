// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.wasm;

import io.elastos.runtime.internal.wasm.ModuleInfo.FuncType;
import io.elastos.runtime.internal.wasm.ModuleInfo.ValType;
import java.util.ArrayList;
import java.util.List;

/** Decodes function types, value types and global types. */
final class TypeDecoder {

    static final int MAX_PARAMS = 1_000;
    static final int MAX_RESULTS = 1_000;

    private static final int FUNC_TYPE_FORM = 0x60;

    private TypeDecoder() {}

    /** Reads one type-section entry, which must be a plain function type (no GC proposal). */
    static FuncType readFuncType(WasmReader in) {
        int at = in.offset();
        int form = in.readByte();
        if (form != FUNC_TYPE_FORM) {
            throw new WasmFormatException(
                    at, "type form 0x" + LimitsDecoder.hex(form) + " is not a function type");
        }
        List<ValType> params = readValTypes(in, "parameter", MAX_PARAMS);
        List<ValType> results = readValTypes(in, "result", MAX_RESULTS);
        return new FuncType(params, results);
    }

    /** Reads one value type byte. */
    static ValType readValType(WasmReader in) {
        int at = in.offset();
        int code = in.readByte();
        ValType type = ValType.fromCode(code);
        if (type == null) {
            throw new WasmFormatException(at, "unknown value type 0x" + LimitsDecoder.hex(code));
        }
        return type;
    }

    /** Reads a global type: a value type then a mutability byte. */
    static void readGlobalType(WasmReader in) {
        readValType(in);
        int at = in.offset();
        int mutability = in.readByte();
        if (mutability > 1) {
            throw new WasmFormatException(at, "invalid global mutability " + mutability);
        }
    }

    private static List<ValType> readValTypes(WasmReader in, String what, int limit) {
        int count = in.readCount(what, limit);
        List<ValType> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(readValType(in));
        }
        return list;
    }
}
