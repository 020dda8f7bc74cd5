// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.pkg;

import static io.elastos.api.superexe.VerificationException.Reason.BAD_SIGNATURE;
import static io.elastos.api.superexe.VerificationException.Reason.HASH_MISMATCH;
import static io.elastos.api.superexe.VerificationException.Reason.MISSING_FILE;
import static io.elastos.api.superexe.VerificationException.Reason.UNLISTED_FILE;
import static io.elastos.api.superexe.VerificationException.Reason.UNSIGNED;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/** Hostile signatures and content: forged, malleated or missing signatures, and files that lie. */
final class HostileContent {
    private HostileContent() {}

    static void generate(Hostile.Collector c) {
        signatures(c);
        content(c);
    }

    private static void signatures(Hostile.Collector c) {
        c.zip(
                "no signature file",
                UNSIGNED,
                "no signature",
                z -> z.entries.remove(z.get("signature")));
        c.zip(
                "empty signature",
                UNSIGNED,
                "no signature",
                z -> z.get("signature").data = new byte[0]);
        ed(
                c,
                "other Ed25519 key",
                "does not verify",
                (m, s) -> PackageSigner.signEd25519(Fixtures.OTHER_ED_SEED, m));
        ed(
                c,
                "Ed25519 over other bytes",
                "does not verify",
                (m, s) -> Fixtures.ED_KEY.sign(concat(m, new byte[] {' '})));
        ed(c, "Ed25519 over empty", "does not verify", (m, s) -> Fixtures.ED_KEY.sign(new byte[0]));
        ed(c, "Ed25519 all zeros", "does not verify", (m, s) -> new byte[64]);
        for (int bit : new int[] {0, 7, 100, 255, 256, 300, 511}) {
            ed(c, "Ed25519 bit " + bit + " flipped", "does not verify", (m, s) -> flip(s, bit));
        }
        ed(c, "Ed25519 63 bytes", "must be 64 bytes", (m, s) -> Arrays.copyOf(s, 63));
        ed(c, "Ed25519 65 bytes", "must be 64 bytes", (m, s) -> Arrays.copyOf(s, 65));
        ed(
                c,
                "Ed25519 as hex text",
                "must be 64 bytes",
                (m, s) -> Hex.of(s).getBytes(StandardCharsets.US_ASCII));
        ed(
                c,
                "wallet signature for did:key",
                "must be 64 bytes",
                (m, s) -> Fixtures.WALLET.sign(m));
        // Ed25519 malleability: S + L must be refused (Bouncy Castle checks S < L).
        ed(c, "Ed25519 S + L", "does not verify", (m, s) -> addOrderToS(s));

        wallet(
                c,
                "other wallet key",
                "recovers to",
                (m, s) -> PackageSigner.signEip191(Fixtures.OTHER_WALLET_KEY, m));
        wallet(
                c,
                "wallet over other bytes",
                "recovers to",
                (m, s) -> Fixtures.WALLET.sign(concat(m, new byte[] {' '})));
        wallet(
                c,
                "wallet over raw hash",
                "recovers to|malformed",
                (m, s) -> PackageSigner.signEip191(Fixtures.WALLET_KEY, Secp256k1.keccak256(m)));
        wallet(c, "high-s twin", "high-s", (m, s) -> highS(s));
        for (int v : new int[] {2, 26, 29, 30, 37, 255}) {
            wallet(c, "v = " + v, "v=" + v, (m, s) -> withV(s, v));
        }
        wallet(c, "v flipped", "recovers to|malformed", (m, s) -> withV(s, s[64] == 27 ? 28 : 27));
        wallet(
                c,
                "v as 0/1 flipped",
                "recovers to|malformed",
                (m, s) -> withV(s, s[64] == 27 ? 1 : 0));
        for (int bit : new int[] {0, 100, 255, 256, 400, 511}) {
            wallet(
                    c,
                    "wallet bit " + bit + " flipped",
                    "recovers to|malformed|high-s",
                    (m, s) -> flip(s, bit));
        }
        wallet(c, "r = 0", "malformed", (m, s) -> withR(s, BigInteger.ZERO));
        wallet(c, "r = n", "malformed", (m, s) -> withR(s, Secp256k1.N));
        wallet(c, "s = 0", "malformed", (m, s) -> withS(s, BigInteger.ZERO));
        wallet(
                c,
                "r not on curve",
                "malformed|recovers to",
                (m, s) -> withR(s, BigInteger.valueOf(5)));
        wallet(c, "64 bytes", "65 bytes", (m, s) -> Arrays.copyOf(s, 64));
        wallet(c, "66 bytes", "65 bytes", (m, s) -> Arrays.copyOf(s, 66));
        wallet(
                c,
                "hex text",
                "65 bytes",
                (m, s) -> ("0x" + Hex.of(s)).getBytes(StandardCharsets.US_ASCII));
        wallet(c, "Ed25519 signature for did:pkh", "65 bytes", (m, s) -> Fixtures.ED_KEY.sign(m));
    }

    private static void content(Hostile.Collector c) {
        for (String extra :
                new String[] {
                    "evil.wasm",
                    "ui/extra.js",
                    "docs/readme.txt",
                    ".DS_Store",
                    "signature.bak",
                    "manifest.json.orig"
                }) {
            c.zip(
                    "unlisted " + extra,
                    UNLISTED_FILE,
                    "'" + extra + "' is not listed",
                    z -> z.add(extra, "x"));
        }
        c.zip(
                "unlisted file in a listed directory",
                UNLISTED_FILE,
                "'ui/sub/x.js' is not listed",
                z -> {
                    z.add("ui/sub/", new byte[0]).method = 0;
                    z.add("ui/sub/x.js", "x");
                });
        for (String gone : Fixtures.content().keySet()) {
            c.zip(
                    "missing " + gone,
                    MISSING_FILE,
                    "'" + gone + "' is listed but not",
                    z -> z.entries.remove(z.get(gone)));
        }
        c.zip(
                "wasm byte flipped",
                HASH_MISMATCH,
                "'plugin.wasm' does not match",
                z -> z.get("plugin.wasm").data = flip(Fixtures.WASM, 60));
        c.zip(
                "html appended",
                HASH_MISMATCH,
                "'ui/index.html' does not match",
                z ->
                        z.get("ui/index.html").data =
                                concat(z.get("ui/index.html").data, new byte[] {'!'}));
        c.zip(
                "js emptied",
                HASH_MISMATCH,
                "'ui/app.js' does not match",
                z -> z.get("ui/app.js").data = new byte[0]);
        c.zip(
                "ui files swapped",
                HASH_MISMATCH,
                "does not match",
                z -> {
                    byte[] a = z.get("ui/app.js").data;
                    z.get("ui/app.js").data = z.get("ui/index.html").data;
                    z.get("ui/index.html").data = a;
                });
        c.zip(
                "wasm replaced, stored",
                HASH_MISMATCH,
                "'plugin.wasm' does not match",
                z -> {
                    z.get("plugin.wasm").data = "evil".getBytes(StandardCharsets.US_ASCII);
                    z.get("plugin.wasm").method = 0;
                });
    }

    interface Forge {
        byte[] forge(byte[] manifest, byte[] goodSignature);
    }

    private static void ed(Hostile.Collector c, String label, String cause, Forge f) {
        signed(c, Fixtures.ED_KEY, label, cause, f);
    }

    private static void wallet(Hostile.Collector c, String label, String cause, Forge f) {
        signed(c, Fixtures.WALLET, label, cause, f);
    }

    private static void signed(
            Hostile.Collector c, PublisherKey key, String label, String cause, Forge f) {
        c.add(
                label,
                BAD_SIGNATURE,
                cause,
                () -> {
                    byte[] manifest = Fixtures.builder(key).manifestBytes();
                    return Fixtures.template(manifest, f.forge(manifest, key.sign(manifest)))
                            .build();
                });
    }

    static byte[] flip(byte[] b, int bit) {
        byte[] out = b.clone();
        out[bit / 8] ^= (byte) (1 << (bit % 8));
        return out;
    }

    private static byte[] withV(byte[] s, int v) {
        byte[] out = s.clone();
        out[64] = (byte) v;
        return out;
    }

    private static byte[] withR(byte[] s, BigInteger r) {
        return replace(s, 0, r);
    }

    private static byte[] withS(byte[] s, BigInteger v) {
        return replace(s, 32, v);
    }

    private static byte[] replace(byte[] s, int at, BigInteger v) {
        byte[] out = s.clone();
        System.arraycopy(Fixtures.fixed32(v), 0, out, at, 32);
        return out;
    }

    private static byte[] highS(byte[] s) {
        BigInteger low = new BigInteger(1, Arrays.copyOfRange(s, 32, 64));
        return withV(withS(s, Secp256k1.N.subtract(low)), s[64] == 27 ? 28 : 27);
    }

    private static byte[] addOrderToS(byte[] sig) {
        BigInteger order =
                BigInteger.ONE
                        .shiftLeft(252)
                        .add(new BigInteger("27742317777372353535851937790883648493"));
        byte[] le = Arrays.copyOfRange(sig, 32, 64);
        UnaryOperator<byte[]> reverse =
                a -> {
                    byte[] r = new byte[a.length];
                    for (int i = 0; i < a.length; i++) {
                        r[i] = a[a.length - 1 - i];
                    }
                    return r;
                };
        BigInteger s = new BigInteger(1, reverse.apply(le)).add(order);
        byte[] out = sig.clone();
        System.arraycopy(reverse.apply(Fixtures.fixed32(s)), 0, out, 32, 32);
        return out;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
