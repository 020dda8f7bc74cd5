// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.sandbox;

import static io.elastos.runtime.internal.sandbox.Guests.caps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.api.runtime.ModuleDescription;
import io.elastos.api.runtime.ModuleSpec;
import io.elastos.api.runtime.ResourceLimits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The plain compute kernel runs through raw exports; inspection reports what it declares. */
class ComputeKernelTest {

    private static Guests guests;

    @BeforeAll
    static void start() {
        guests = new Guests();
    }

    @AfterAll
    static void stop() {
        guests.close();
    }

    @Test
    void computeKernelGivesKnownResults() throws Exception {
        PooledModule m =
                guests.compiler.compilePooled(
                        ModuleSpec.of(
                                "compute",
                                Guests.wasm("compute.wasm"),
                                caps(),
                                ResourceLimits.DEFAULT));
        try (m;
                WasmInstance i = m.detachedInstance()) {
            assertEquals(6765, i.invokeRaw("fib", 20).asInt());
            assertEquals(78_498, i.invokeRaw("sieve", 1_000_000).asInt());
            assertEquals(333_833_500L, i.invokeRaw("sum_squares", 1000).asLong());
        }
    }

    @Test
    void inspectionOfAnImportFreeModule() throws Exception {
        ModuleDescription d = guests.compiler.inspect(Guests.wasm("compute.wasm"));
        assertTrue(d.imports().isEmpty(), d.imports().toString());
        assertTrue(d.exports().containsAll(java.util.List.of("fib", "sieve", "sum_squares")));
    }
}
