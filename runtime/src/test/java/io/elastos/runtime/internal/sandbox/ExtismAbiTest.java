// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.sandbox;

import static io.elastos.runtime.internal.sandbox.Guests.caps;
import static io.elastos.runtime.internal.sandbox.Guests.limits;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.api.runtime.CallContext;
import io.elastos.api.runtime.CompiledModule;
import io.elastos.api.runtime.ModuleDescription;
import io.elastos.api.runtime.Sandbox;
import io.elastos.api.runtime.SandboxException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Plug-ins built with our C header and with the official AssemblyScript PDK, on our kernel. */
class ExtismAbiTest {

    private static Guests guests;

    @BeforeAll
    static void start() {
        guests = new Guests();
    }

    @AfterAll
    static void stop() {
        guests.close();
    }

    private static String call(CompiledModule m, String fn, String input) throws SandboxException {
        return new String(
                m.call(fn, input.getBytes(StandardCharsets.UTF_8), CallContext.ANONYMOUS),
                StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"count_vowels_c.wasm", "count_vowels_as.wasm"})
    void countVowelsKeepsItsVariableAcrossCallsOfAnInstance(String guest) throws Exception {
        try (CompiledModule m =
                guests.load("vowels", guest, caps(), limits(16, 5_000, 1 << 20), Map.of(), 1, 8)) {
            assertEquals(
                    "{\"count\":3,\"total\":3,\"vowels\":\"aeiouAEIOU\"}",
                    call(m, "count_vowels", "Hello, World!"));
            assertEquals(
                    "{\"count\":5,\"total\":8,\"vowels\":\"aeiouAEIOU\"}",
                    call(m, "count_vowels", "aeiou"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"count_vowels_c.wasm", "count_vowels_as.wasm"})
    void echoReturnsArbitraryBytesUnchanged(String guest) throws Exception {
        try (CompiledModule m = guests.load("echo", guest, caps())) {
            Random r = new Random(7);
            for (int size : new int[] {0, 1, 7, 8, 9, 4095, 65_537}) {
                byte[] input = new byte[size];
                r.nextBytes(input);
                assertArrayEquals(
                        input, m.call("echo", input, CallContext.ANONYMOUS), "size " + size);
            }
        }
    }

    @Test
    void configReachesThePlugin() throws Exception {
        try (CompiledModule withName =
                        guests.load(
                                "greet",
                                "count_vowels_c.wasm",
                                caps(),
                                limits(16, 5_000, 1 << 20),
                                Map.of("name", "Ada"),
                                2,
                                2);
                CompiledModule without = guests.load("greet2", "count_vowels_c.wasm", caps())) {
            assertEquals("Hello, Ada", call(withName, "greet", ""));
            assertEquals("Hello, world", call(without, "greet", ""));
        }
    }

    @Test
    void pluginErrorsCarryTheirMessageAndKeepTheInstance() throws Exception {
        try (CompiledModule m =
                guests.load(
                        "err", "error.wasm", caps(), limits(16, 5_000, 1 << 20), Map.of(), 1, 1)) {
            SandboxException e = assertThrows(SandboxException.class, () -> call(m, "run", "oops"));
            assertEquals(SandboxException.Kind.PLUGIN_ERROR, e.kind());
            assertEquals("bad input: oops", e.getMessage());
            assertEquals(1, m.stats().liveInstances());
        }
    }

    @Test
    void missingExportIsAClearError() throws Exception {
        try (CompiledModule m = guests.load("noexport", "count_vowels_c.wasm", caps())) {
            SandboxException e = assertThrows(SandboxException.class, () -> call(m, "nope", ""));
            assertEquals(SandboxException.Kind.INVALID_MODULE, e.kind());
            assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
        }
    }

    @Test
    void dedicatedSandboxesWorkAndClose() throws Exception {
        try (CompiledModule m = guests.load("own", "count_vowels_c.wasm", caps());
                Sandbox s = m.newSandbox()) {
            assertEquals(
                    "abc", new String(s.call("echo", "abc".getBytes()), StandardCharsets.UTF_8));
            s.close();
            assertThrows(IllegalStateException.class, () -> s.call("echo", new byte[0]));
        }
    }

    @Test
    void inspectionListsImportsExportsAndMemory() throws Exception {
        ModuleDescription d = guests.compiler.inspect(Guests.wasm("kv_plugin.wasm"));
        assertTrue(
                d.imports().contains("extism:host/user::kv_get (function)"),
                d.imports().toString());
        assertTrue(d.exports().contains("kv_roundtrip"), d.exports().toString());
        assertTrue(d.memoryMinPages() >= 1);
        SandboxException e =
                assertThrows(
                        SandboxException.class,
                        () -> guests.compiler.inspect(new byte[] {0, 'a', 's', 'n'}));
        assertEquals(SandboxException.Kind.INVALID_MODULE, e.kind());
    }
}
