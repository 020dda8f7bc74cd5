// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WasmCommandsTest {

    private static final Path GUESTS =
            Path.of(System.getProperty("elastos.test.guests", "target/test-guests"));
    private final GraalWasmEngine engine = new GraalWasmEngine();
    private final WasmCommands commands = new WasmCommands();

    @BeforeEach
    void start() {
        engine.start();
        commands.factory = engine;
    }

    @AfterEach
    void stop() {
        commands.closeAll();
        engine.stop();
    }

    @Test
    void loadCallStatsUnload() throws Exception {
        String vowels = GUESTS.resolve("count_vowels_c.wasm").toString();
        assertTrue(commands.load("demo", vowels).contains("count_vowels"));
        assertEquals("demo", commands.list());
        assertEquals("hi", commands.call("demo", "echo", "hi"));
        String stats = commands.stats("demo");
        assertTrue(stats.startsWith("demo: calls=1 errors=0"), stats);
        assertTrue(commands.inspect(vowels).contains("extism:host/env::output_set"));
        assertEquals("unloaded demo", commands.unload("demo"));
        assertEquals("no modules loaded", commands.list());
        assertThrows(IllegalArgumentException.class, () -> commands.call("demo", "echo", "x"));
    }
}
