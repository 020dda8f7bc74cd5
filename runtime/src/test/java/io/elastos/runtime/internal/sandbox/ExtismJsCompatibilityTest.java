// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.sandbox;

import static io.elastos.runtime.internal.sandbox.Guests.caps;
import static io.elastos.runtime.internal.sandbox.Guests.limits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.elastos.api.runtime.CallContext;
import io.elastos.api.runtime.CompiledModule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The same plug-in on the same input gives byte-identical output in our runtime and in the official
 * Extism JavaScript runtime (npm {@code @extism/extism}) run by Node.
 */
class ExtismJsCompatibilityTest {

    private static final Path GUESTS_SRC =
            Path.of(System.getProperty("elastos.test.node-modules", "src/test/guests"));
    private static Guests guests;

    @TempDir static Path tmp;

    @BeforeAll
    static void start() {
        guests = new Guests();
    }

    @AfterAll
    static void stop() {
        guests.close();
    }

    static List<byte[]> inputs() {
        List<byte[]> list = new ArrayList<>();
        list.add("Hello, World!".getBytes(StandardCharsets.UTF_8));
        list.add("".getBytes(StandardCharsets.UTF_8));
        list.add("Ünïcödé — AEIOU aeiou ✓".getBytes(StandardCharsets.UTF_8));
        Random r = new Random(42);
        for (int size : new int[] {7, 8, 1000, 70_000}) {
            byte[] b = new byte[size];
            r.nextBytes(b);
            list.add(b);
        }
        return list;
    }

    @ParameterizedTest
    @CsvSource({
        "count_vowels_c.wasm, count_vowels, ''",
        "count_vowels_as.wasm, count_vowels, ''",
        "count_vowels_c.wasm, echo, ''",
        "count_vowels_as.wasm, echo, ''",
        "count_vowels_c.wasm, greet, name=Ada",
    })
    void outputsMatchTheExtismJsRuntime(String guest, String function, String config)
            throws Exception {
        Path node = Path.of("/usr/bin/node");
        boolean ci = System.getenv("CI") != null;
        assumeTrue(ci || Files.isExecutable(node), "node is not installed");
        Map<String, String> cfg =
                config.isEmpty() ? Map.of() : Map.of(config.split("=")[0], config.split("=")[1]);
        int n = 0;
        for (byte[] input : inputs()) {
            try (CompiledModule m =
                    guests.load("compat", guest, caps(), limits(16, 10_000, 1 << 20), cfg, 1, 1)) {
                byte[] ours = m.call(function, input, CallContext.ANONYMOUS);
                String theirs = extismJs(guest, function, input, config);
                assertEquals(
                        theirs,
                        Base64.getEncoder().encodeToString(ours),
                        guest + " " + function + " input " + n);
            }
            n++;
        }
    }

    private static String extismJs(String guest, String function, byte[] input, String config)
            throws Exception {
        Path in = Files.write(tmp.resolve("input.bin"), input);
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                "node",
                                GUESTS_SRC.resolve("extism-js/run.mjs").toString(),
                                Guests.DIR.resolve(guest).toString(),
                                function,
                                in.toString()));
        if (!config.isEmpty()) {
            cmd.add(config);
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), "extism js failed: " + err);
        return out;
    }
}
