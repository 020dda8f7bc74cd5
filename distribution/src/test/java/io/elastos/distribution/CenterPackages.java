// SPDX-License-Identifier: Apache-2.0
package io.elastos.distribution;

import io.elastos.api.chain.LicenseTerms;
import io.elastos.superexe.internal.pkg.PackageBuilder;
import io.elastos.superexe.internal.pkg.PublisherKey;
import io.elastos.superexe.testing.OutputWasm;
import java.nio.charset.StandardCharsets;

/** Signed test packages whose {@code handle} answers 201 "center VERSION", with a UI page. */
final class CenterPackages {
    private CenterPackages() {}

    static byte[] pkg(PublisherKey key, String appId, String version, LicenseTerms license)
            throws Exception {
        String body = "center " + version;
        byte[] wasm =
                OutputWasm.compile(
                        OutputWasm.wat("handle", OutputWasm.httpResponse(201, body), ""));
        PackageBuilder b =
                new PackageBuilder(appId, "Center", version, key.did())
                        .entry("app.wasm")
                        .file("app.wasm", wasm)
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
