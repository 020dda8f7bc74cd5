// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.sandbox;

import io.elastos.api.runtime.Capability;
import io.elastos.api.runtime.ModuleSpec;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.graalvm.polyglot.Engine;

/** Small shared rules of the sandbox layer. */
public final class Sandboxes {

    private Sandboxes() {}

    /**
     * Runs polyglot calls with the polyglot class loader as the thread context class loader:
     * GraalVM looks up its languages through it, and inside a bundle the default would hide {@code
     * wasm}.
     */
    public static <T> T withPolyglotLoader(Supplier<T> action) {
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(Engine.class.getClassLoader());
        try {
            return action.get();
        } finally {
            t.setContextClassLoader(previous);
        }
    }

    static boolean granted(ModuleSpec spec, String capability) {
        Capability needed = Capability.of(capability);
        return spec.granted().stream().anyMatch(g -> g.covers(needed));
    }

    /** The hosts of the app's {@code net.fetch:<host>} capabilities. */
    static Set<String> allowedHosts(ModuleSpec spec) {
        return spec.granted().stream()
                .filter(c -> c.base().equals("net.fetch") && c.argument() != null)
                .map(Capability::argument)
                .collect(Collectors.toUnmodifiableSet());
    }
}
