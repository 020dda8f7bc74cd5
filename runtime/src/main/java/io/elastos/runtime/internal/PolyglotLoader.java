// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal;

import java.util.function.Supplier;
import org.graalvm.polyglot.Engine;

/**
 * Runs polyglot calls with the polyglot class loader as the thread context class loader: GraalVM
 * looks up its languages through it, and inside a bundle the default would hide {@code wasm}.
 */
final class PolyglotLoader {

    private PolyglotLoader() {}

    static <T> T call(Supplier<T> action) {
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(Engine.class.getClassLoader());
        try {
            return action.get();
        } finally {
            t.setContextClassLoader(previous);
        }
    }
}
