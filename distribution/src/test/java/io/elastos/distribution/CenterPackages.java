// SPDX-License-Identifier: Apache-2.0
package io.elastos.distribution;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.api.chain.LicenseTerms;
import io.elastos.superexe.internal.pkg.PackageBuilder;
import io.elastos.superexe.internal.pkg.PublisherKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Signed test packages whose {@code handle} answers 201 "center VERSION", with a UI page. */
final class CenterPackages {
    private CenterPackages() {}

    static byte[] pkg(
            Path tmp, PublisherKey key, String appId, String version, LicenseTerms license)
            throws Exception {
        String body = "center " + version;
        String response =
                "{\"status\":201,\"headers\":{\"content-type\":\"text/plain\"},\"body\":\""
                        + body
                        + "\"}";
        int len = response.length();
        String wat =
                """
                (module
                  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
                  (import "extism:host/env" "store_u8" (func $store (param i64 i32)))
                  (import "extism:host/env" "output_set" (func $out (param i64 i64)))
                  (memory (export "memory") 1)
                  (data (i32.const 0) "%s")
                  (func (export "handle") (result i32) (local $p i64) (local $i i32)
                    (local.set $p (call $alloc (i64.const %d)))
                    (block $done (loop $next
                      (br_if $done (i32.ge_u (local.get $i) (i32.const %d)))
                      (call $store (i64.add (local.get $p) (i64.extend_i32_u (local.get $i)))
                                   (i32.load8_u (local.get $i)))
                      (local.set $i (i32.add (local.get $i) (i32.const 1)))
                      (br $next)))
                    (call $out (local.get $p) (i64.const %d))
                    (i32.const 0)))
                """
                        .formatted(response.replace("\"", "\\\""), len, len, len);
        Path src = Files.writeString(Files.createTempFile(tmp, "h", ".wat"), wat);
        Path wasm = src.resolveSibling(src.getFileName() + ".wasm");
        Process p =
                new ProcessBuilder("wat2wasm", src.toString(), "-o", wasm.toString())
                        .redirectErrorStream(true)
                        .start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "wat2wasm: " + log);
        PackageBuilder b =
                new PackageBuilder(appId, "Center", version, key.did())
                        .entry("app.wasm")
                        .file("app.wasm", Files.readAllBytes(wasm))
                        .file(
                                "ui/index.html",
                                ("<p>" + body + "</p>").getBytes(StandardCharsets.UTF_8))
                        .ui("ui");
        if (license != null) {
            b.license(license);
        }
        return b.build(key);
    }
}
