// SPDX-License-Identifier: Apache-2.0
package io.elastos.distribution;

import io.elastos.api.chain.LicenseStandard;
import io.elastos.api.chain.LicenseTerms;
import io.elastos.api.runtime.Capability;
import io.elastos.superexe.internal.pkg.PackageBuilder;
import io.elastos.superexe.internal.pkg.PublisherKey;
import io.elastos.superexe.testing.OutputWasm;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Packages for the desktop's app center: signed like {@link CenterPackages} (the UI page says
 * "center VERSION") but asking for capabilities, plus an unsigned one, a tampered one (its UI file
 * changed after the publisher signed the manifest) and one that needs an NFT license.
 */
final class DesktopPackages {
    private DesktopPackages() {}

    static PackageBuilder builder(
            PublisherKey key,
            String appId,
            String name,
            String version,
            List<String> caps,
            String page)
            throws Exception {
        String body = "center " + version;
        byte[] wasm =
                OutputWasm.compile(
                        OutputWasm.wat("handle", OutputWasm.httpResponse(201, body), ""));
        Set<Capability> requested = caps.stream().map(Capability::of).collect(Collectors.toSet());
        return new PackageBuilder(appId, name, version, key.did())
                .entry("app.wasm")
                .file("app.wasm", wasm)
                .file("ui/index.html", page.getBytes(StandardCharsets.UTF_8))
                // The UI's own script: loaded by the sandboxed frame without the session cookie.
                .file("ui/app.js", SCRIPT.getBytes(StandardCharsets.UTF_8))
                .ui("ui")
                .capabilities(requested);
    }

    static byte[] signed(
            PublisherKey key, String appId, String name, String version, List<String> caps)
            throws Exception {
        return builder(key, appId, name, version, caps, page(version)).build(key);
    }

    static byte[] unsigned(
            PublisherKey key, String appId, String name, String version, List<String> caps)
            throws Exception {
        return builder(key, appId, name, version, caps, page(version)).build(new byte[0]);
    }

    /** The publisher's signature over the original manifest, on a package whose UI was changed. */
    static byte[] tampered(
            PublisherKey key, String appId, String name, String version, List<String> caps)
            throws Exception {
        byte[] signature =
                key.sign(builder(key, appId, name, version, caps, page(version)).manifestBytes());
        return builder(key, appId, name, version, caps, "<p>not what was signed</p>")
                .build(signature);
    }

    /** A signed package whose manifest names an ERC-721 license on chain 1. */
    /** A package licensed by one ERC-721 token on the local chain. */
    static byte[] licensed(
            PublisherKey key,
            String appId,
            String name,
            String version,
            List<String> caps,
            long chainId,
            String contract,
            long token)
            throws Exception {
        return builder(key, appId, name, version, caps, page(version))
                .license(
                        new LicenseTerms(
                                chainId,
                                contract,
                                LicenseStandard.ERC721,
                                BigInteger.valueOf(token)))
                .build(key);
    }

    private static final String SCRIPT =
            "const p = document.createElement('p'); p.textContent = 'script ran';"
                    + " document.body.append(p);";

    private static String page(String version) {
        return "<!doctype html><title>Center</title><body><p>center "
                + version
                + "</p><script src=\"app.js\"></script></body>";
    }
}
