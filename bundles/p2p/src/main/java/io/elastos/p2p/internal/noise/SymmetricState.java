// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.noise;

import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Noise {@code SymmetricState} for SHA-256: the chaining key, the handshake hash and the
 * handshake's cipher, as in section 5.2 of the Noise specification.
 */
final class SymmetricState {

    /** Exactly 32 bytes, so it becomes the initial hash as is, without hashing. */
    static final String PROTOCOL_NAME = "Noise_XX_25519_ChaChaPoly_SHA256";

    private final CipherState cipher = new CipherState();
    private byte[] chainingKey;
    private byte[] hash;

    SymmetricState() {
        hash = PROTOCOL_NAME.getBytes(StandardCharsets.US_ASCII);
        chainingKey = hash.clone();
    }

    void mixHash(byte[] data) {
        hash = sha256(hash, data);
    }

    void mixKey(byte[] inputKeyMaterial) {
        byte[][] out = hkdf(chainingKey, inputKeyMaterial);
        chainingKey = out[0];
        cipher.initializeKey(out[1]);
    }

    byte[] encryptAndHash(byte[] plaintext) {
        byte[] ciphertext = cipher.encryptWithAd(hash, plaintext);
        mixHash(ciphertext);
        return ciphertext;
    }

    byte[] decryptAndHash(byte[] ciphertext) throws ProtocolException {
        byte[] plaintext = cipher.decryptWithAd(hash, ciphertext);
        mixHash(ciphertext);
        return plaintext;
    }

    /** How many bytes {@link #encryptAndHash} adds: a tag once a key is set. */
    int overhead() {
        return cipher.hasKey() ? CipherState.TAG_LENGTH : 0;
    }

    /** Returns the initiator-to-responder and responder-to-initiator ciphers. */
    CipherState[] split() {
        byte[][] keys = hkdf(chainingKey, new byte[0]);
        CipherState first = new CipherState();
        first.initializeKey(keys[0]);
        CipherState second = new CipherState();
        second.initializeKey(keys[1]);
        Arrays.fill(chainingKey, (byte) 0);
        return new CipherState[] {first, second};
    }

    /** Noise's HKDF with two outputs: HMAC-SHA256 extract, then two expand blocks. */
    private static byte[][] hkdf(byte[] chainingKey, byte[] inputKeyMaterial) {
        byte[] tempKey = hmac(chainingKey, inputKeyMaterial);
        byte[] out1 = hmac(tempKey, new byte[] {1});
        byte[] in2 = Arrays.copyOf(out1, out1.length + 1);
        in2[out1.length] = 2;
        byte[] out2 = hmac(tempKey, in2);
        return new byte[][] {out1, out2};
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static byte[] sha256(byte[] a, byte[] b) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(a);
            md.update(b);
            return md.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
