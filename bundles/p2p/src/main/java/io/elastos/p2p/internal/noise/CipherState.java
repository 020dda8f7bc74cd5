// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.noise;

import java.net.ProtocolException;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The Noise {@code CipherState} for ChaChaPoly: a key and a 64-bit counter nonce, encoded as 32
 * zero bits followed by the little-endian counter. Not thread-safe; each direction has its own.
 */
final class CipherState {

    /** The Poly1305 tag length. */
    static final int TAG_LENGTH = 16;

    private final ChaCha20Poly1305 aead = new ChaCha20Poly1305();
    private byte[] key;
    private long nonce;

    /** Sets the key and resets the nonce (Noise {@code InitializeKey}). */
    void initializeKey(byte[] key) {
        this.key = key.clone();
        this.nonce = 0;
    }

    boolean hasKey() {
        return key != null;
    }

    /** Encrypts with associated data, or returns the plaintext while no key is set. */
    byte[] encryptWithAd(byte[] ad, byte[] plaintext) {
        if (key == null) {
            return plaintext.clone();
        }
        aead.init(true, parameters(ad));
        byte[] out = new byte[plaintext.length + TAG_LENGTH];
        int n = aead.processBytes(plaintext, 0, plaintext.length, out, 0);
        try {
            aead.doFinal(out, n);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("encryption cannot fail", e);
        }
        return out;
    }

    /** Decrypts and authenticates, or returns the input while no key is set. */
    byte[] decryptWithAd(byte[] ad, byte[] ciphertext) throws ProtocolException {
        if (key == null) {
            return ciphertext.clone();
        }
        if (ciphertext.length < TAG_LENGTH) {
            throw new ProtocolException("noise ciphertext shorter than its tag");
        }
        aead.init(false, parameters(ad));
        byte[] out = new byte[ciphertext.length - TAG_LENGTH];
        try {
            int n = aead.processBytes(ciphertext, 0, ciphertext.length, out, 0);
            aead.doFinal(out, n);
        } catch (InvalidCipherTextException | IllegalStateException e) {
            throw new ProtocolException("noise frame failed authentication");
        }
        return out;
    }

    private AEADParameters parameters(byte[] ad) {
        // 2^64 - 1 is reserved by Noise; a connection never gets near it, but refuse to wrap.
        if (nonce == -1L) {
            throw new IllegalStateException("noise nonce exhausted");
        }
        byte[] iv = new byte[12];
        long n = nonce++;
        for (int i = 0; i < 8; i++) {
            iv[4 + i] = (byte) (n >>> (8 * i));
        }
        return new AEADParameters(new KeyParameter(key), TAG_LENGTH * 8, iv, ad);
    }
}
