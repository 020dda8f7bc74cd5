// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.pkg;

import io.elastos.api.runtime.Capability;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Fixed keys and a small valid app, shared by the package tests. */
final class Fixtures {
    static final byte[] ED_SEED = filled(32, 7);
    static final byte[] OTHER_ED_SEED = filled(32, 9);
    static final BigInteger WALLET_KEY =
            new BigInteger("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318", 16);
    static final BigInteger OTHER_WALLET_KEY = BigInteger.valueOf(0xC0FFEEL);

    static final PublisherKey ED_KEY = new PublisherKey(PublisherKey.Type.ED25519, ED_SEED, 0);
    static final PublisherKey WALLET =
            new PublisherKey(PublisherKey.Type.SECP256K1, fixed32(WALLET_KEY), 1);

    // A minimal valid wasm module header; content does not matter to the reader.
    static final byte[] WASM = {0, 'a', 's', 'm', 1, 0, 0, 0};

    private Fixtures() {}

    /** The app's content files. */
    static Map<String, byte[]> content() {
        Map<String, byte[]> files = new TreeMap<>();
        files.put("plugin.wasm", WASM);
        files.put(
                "ui/index.html", "<!doctype html><h1>Notes</h1>".getBytes(StandardCharsets.UTF_8));
        files.put("ui/app.js", "console.log('hi');".getBytes(StandardCharsets.UTF_8));
        return files;
    }

    static PackageBuilder builder(PublisherKey key) {
        PackageBuilder b =
                new PackageBuilder("org.example.notes", "Notes", "1.2.0", key.did())
                        .ui("ui")
                        .capabilities(Set.of(Capability.of("storage.kv")));
        content().forEach(b::file);
        return b;
    }

    /** A valid package as a hostile-zip template, so tests can corrupt any part of it. */
    static HostileZip template(PublisherKey key) {
        PackageBuilder b = builder(key);
        byte[] manifest = b.manifestBytes();
        return template(manifest, key.sign(manifest));
    }

    static HostileZip template(byte[] manifest, byte[] signature) {
        HostileZip z = new HostileZip();
        z.add("manifest.json", manifest);
        z.add("signature", signature);
        content().forEach(z::add);
        return z;
    }

    static byte[] fixed32(BigInteger k) {
        byte[] raw = k.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - n, out, 32 - n, n);
        return out;
    }

    static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return b;
    }
}
