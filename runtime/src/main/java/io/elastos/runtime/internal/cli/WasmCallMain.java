// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.cli;

import io.elastos.runtime.internal.GraalWasmEngine;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Entry point of {@code elastos wasm}: the runtime without the node, on the same engine setup. */
public final class WasmCallMain {

    private WasmCallMain() {}

    public static void main(String[] args) {
        // A tool's stdout is the plug-in's output: keep engine chatter out of the way.
        Logger.getLogger("").setLevel(Level.WARNING);
        GraalWasmEngine engine = new GraalWasmEngine();
        int code;
        try {
            engine.start();
            code = WasmCall.run(args, engine, System.out, System.err);
        } finally {
            engine.stop();
        }
        System.exit(code);
    }
}
