// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.runtime.internal.GraalWasmEngine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WasmCallTest {

    private static final Path GUESTS =
            Path.of(System.getProperty("elastos.test.guests", "target/test-guests"));
    private static GraalWasmEngine engine;

    @TempDir Path tmp;

    /** What one CLI run printed and returned. */
    record Run(int code, String out, String err) {}

    @BeforeAll
    static void start() {
        engine = new GraalWasmEngine();
        engine.start();
    }

    @AfterAll
    static void stop() {
        engine.stop();
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code =
                WasmCall.run(
                        args,
                        engine,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(
                code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String guest(String name) {
        return GUESTS.resolve(name).toString();
    }

    @Test
    void callsAPluginWithInputAndConfig() throws Exception {
        Run r =
                run(
                        "call",
                        guest("count_vowels_c.wasm"),
                        "count_vowels",
                        "--input",
                        "Hello, World!");
        assertEquals(0, r.code(), r.err());
        assertEquals("{\"count\":3,\"total\":3,\"vowels\":\"aeiouAEIOU\"}", r.out());
        assertEquals(
                "Hello, Ada",
                run("call", guest("count_vowels_c.wasm"), "greet", "--config", "name=Ada").out());
        Path file = Files.write(tmp.resolve("in.bin"), new byte[] {1, 2, 3});
        assertEquals(
                "\u0001\u0002\u0003",
                run("call", guest("count_vowels_c.wasm"), "echo", "--input", "@" + file).out());
    }

    @Test
    void limitsAndGrantsComeFromTheOptions() {
        Run spin = run("call", guest("spin.wasm"), "run", "--timeout", "150");
        assertEquals(1, spin.code());
        assertTrue(spin.err().startsWith("elastos wasm: timeout: deadline exceeded"), spin.err());

        Run denied = run("call", guest("kv_plugin.wasm"), "who");
        assertEquals(1, denied.code());
        assertTrue(denied.err().contains("capability denied"), denied.err());

        Run granted =
                run(
                        "call",
                        guest("kv_plugin.wasm"),
                        "who",
                        "--grant",
                        "identity.read",
                        "--grant",
                        "storage.kv");
        assertEquals(0, granted.code(), granted.err());
        assertTrue(granted.out().contains("\"app\":\"kv_plugin.wasm\""), granted.out());

        Run big = run("call", guest("big_memory_min.wasm"), "run", "--memory", "16");
        assertEquals(1, big.code());
        assertTrue(big.err().contains("memory limit"), big.err());
    }

    @Test
    void badCommandLinesExitWithTwo() {
        assertEquals(2, run("call", guest("spin.wasm")).code());
        assertEquals(2, run("call", guest("spin.wasm"), "run", "--timeout", "-5").code());
        assertEquals(2, run("call", guest("spin.wasm"), "run", "--bogus", "1").code());
        Run missing = run("call", tmp.resolve("missing.wasm").toString(), "run");
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("no such file"), missing.err());
    }
}
