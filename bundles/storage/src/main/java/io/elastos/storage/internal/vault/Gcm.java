// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.vault;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a 96-bit nonce and a 128-bit tag, the one cipher of the vault.
 *
 * <p>It uses the JDK's provider, measured against Bouncy Castle's {@code GCMBlockCipher} on 256 KiB
 * chunks over 512 MiB ({@code GcmBenchmarkTest}, JDK 25, BC 1.82, one AMD EPYC core): JDK 4807 MB/s
 * encrypt and 4347 MB/s decrypt, Bouncy Castle 152 and 155 MB/s. HotSpot compiles the JDK's AES-GCM
 * to AES-NI/VAES and carry-less-multiply instructions, which pure-Java Bouncy Castle cannot use; a
 * NAS CPU without those instructions should be measured before assuming the gap.
 */
final class Gcm {

    static final int KEY_BYTES = 32;
    static final int NONCE_BYTES = 12;
    static final int TAG_BYTES = 16;
    private static final int TAG_BITS = TAG_BYTES * 8;

    private Gcm() {}

    /**
     * Encrypts {@code length} bytes of {@code in} into {@code out} at {@code outOffset}: the
     * ciphertext followed by the tag.
     *
     * @return the number of bytes written, {@code length + TAG_BYTES}
     */
    static int seal(
            SecretKeySpec key,
            byte[] nonce,
            int nonceOffset,
            byte[] aad,
            byte[] in,
            int inOffset,
            int length,
            byte[] out,
            int outOffset) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(
                    Cipher.ENCRYPT_MODE,
                    key,
                    new GCMParameterSpec(TAG_BITS, nonce, nonceOffset, NONCE_BYTES));
            cipher.updateAAD(aad);
            return cipher.doFinal(in, inOffset, length, out, outOffset);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    /**
     * Decrypts and authenticates ciphertext followed by its tag into {@code out}.
     *
     * @return the number of plaintext bytes written
     * @throws AEADBadTagException if the key, nonce, associated data or bytes are not the ones
     *     sealed; nothing usable is then in {@code out}
     */
    static int open(
            SecretKeySpec key,
            byte[] nonce,
            int nonceOffset,
            byte[] aad,
            byte[] in,
            int inOffset,
            int length,
            byte[] out,
            int outOffset)
            throws AEADBadTagException {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(
                    Cipher.DECRYPT_MODE,
                    key,
                    new GCMParameterSpec(TAG_BITS, nonce, nonceOffset, NONCE_BYTES));
            cipher.updateAAD(aad);
            return cipher.doFinal(in, inOffset, length, out, outOffset);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    /**
     * A key object for a 32-byte key; the JDK copies the bytes, so the caller may clear its own.
     */
    static SecretKeySpec key(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("an AES-256 key is 32 bytes, not " + key.length);
        }
        return new SecretKeySpec(key, "AES");
    }
}
