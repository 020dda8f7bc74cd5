// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.noise;

import java.net.ProtocolException;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Noise {@code CipherState} for ChaChaPoly: a key and a 64-bit counter nonce, encoded as 32
 * zero bits followed by the little-endian counter. Not thread-safe; each direction has its own.
 *
 * <p>The JDK's ChaCha20-Poly1305 is used rather than Bouncy Castle's: HotSpot compiles it to vector
 * intrinsics, which makes it several times faster on the transport's bulk path.
 */
final class CipherState {

    /** The Poly1305 tag length. */
    static final int TAG_LENGTH = 16;

    private Cipher cipher;
    private SecretKeySpec key;
    private long nonce;

    /** Sets the key and resets the nonce (Noise {@code InitializeKey}). */
    void initializeKey(byte[] key) {
        this.key = new SecretKeySpec(key.clone(), "ChaCha20");
        this.nonce = 0;
        try {
            this.cipher = Cipher.getInstance("ChaCha20-Poly1305");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no ChaCha20-Poly1305", e);
        }
    }

    boolean hasKey() {
        return key != null;
    }

    /** Encrypts with associated data, or returns the plaintext while no key is set. */
    byte[] encryptWithAd(byte[] ad, byte[] plaintext) {
        if (key == null) {
            return plaintext.clone();
        }
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, nextIv());
            if (ad.length > 0) {
                cipher.updateAAD(ad);
            }
            return cipher.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption cannot fail", e);
        }
    }

    /** Decrypts and authenticates, or returns the input while no key is set. */
    byte[] decryptWithAd(byte[] ad, byte[] ciphertext) throws ProtocolException {
        if (key == null) {
            return ciphertext.clone();
        }
        if (ciphertext.length < TAG_LENGTH) {
            throw new ProtocolException("noise ciphertext shorter than its tag");
        }
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, nextIv());
            if (ad.length > 0) {
                cipher.updateAAD(ad);
            }
            return cipher.doFinal(ciphertext);
        } catch (AEADBadTagException e) {
            throw new ProtocolException("noise frame failed authentication");
        } catch (GeneralSecurityException | IllegalStateException e) {
            throw new ProtocolException("noise frame failed authentication: " + e.getMessage());
        }
    }

    private IvParameterSpec nextIv() {
        // 2^64 - 1 is reserved by Noise; a connection never gets near it, but refuse to wrap.
        if (nonce == -1L) {
            throw new IllegalStateException("noise nonce exhausted");
        }
        byte[] iv = new byte[12];
        long n = nonce++;
        for (int i = 0; i < 8; i++) {
            iv[4 + i] = (byte) (n >>> (8 * i));
        }
        return new IvParameterSpec(iv);
    }
}
