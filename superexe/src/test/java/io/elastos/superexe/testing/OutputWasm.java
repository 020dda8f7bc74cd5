// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Tiny Extism guests for tests and benchmarks: one export that writes a constant output, built from
 * WAT with wabt's {@code wat2wasm}. Shared by SuperEXE's, the distribution's and the benchmarks'
 * packages (through SuperEXE's test jar).
 */
public final class OutputWasm {
    private OutputWasm() {}

    /**
     * The WAT of a module whose export {@code function} sets {@code output} as its output.
     *
     * @param function the export's name
     * @param output the constant output, written as UTF-8
     * @param extra more module fields, such as {@code (func (export "health") (result i32)
     *     (i32.const 0))}; may be empty
     */
    public static String wat(String function, String output, String extra) {
        byte[] bytes = output.getBytes(StandardCharsets.UTF_8);
        StringBuilder data = new StringBuilder();
        for (byte b : bytes) {
            data.append(String.format("\\%02x", b & 0xff));
        }
        int len = bytes.length;
        return """
        (module
          (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
          (import "extism:host/env" "store_u8" (func $store (param i64 i32)))
          (import "extism:host/env" "output_set" (func $out (param i64 i64)))
          (memory (export "memory") 1)
          (data (i32.const 0) "%s")
          (func (export "%s") (result i32) (local $p i64) (local $i i32)
            (local.set $p (call $alloc (i64.const %d)))
            (block $done (loop $next
              (br_if $done (i32.ge_u (local.get $i) (i32.const %d)))
              (call $store (i64.add (local.get $p) (i64.extend_i32_u (local.get $i)))
                           (i32.load8_u (local.get $i)))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $next)))
            (call $out (local.get $p) (i64.const %d))
            (i32.const 0))
          %s)
        """
                .formatted(data, function, len, len, len, extra);
    }

    /** The JSON envelope an app's {@code handle} export answers an HTTP request with. */
    public static String httpResponse(int status, String textBody) {
        return "{\"status\":"
                + status
                + ",\"headers\":{\"content-type\":\"text/plain\"},\"body\":\""
                + textBody.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\"}";
    }

    /**
     * Compiles WAT with {@code wat2wasm}.
     *
     * @throws IllegalStateException if wat2wasm is missing or refuses the text
     */
    public static byte[] compile(String wat) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("elastos-wat-");
        try {
            Path src = Files.writeString(dir.resolve("m.wat"), wat);
            Path out = dir.resolve("m.wasm");
            Process p =
                    new ProcessBuilder("wat2wasm", src.toString(), "-o", out.toString())
                            .redirectErrorStream(true)
                            .start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("wat2wasm failed (apt-get install wabt): " + log);
            }
            return Files.readAllBytes(out);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }
}
