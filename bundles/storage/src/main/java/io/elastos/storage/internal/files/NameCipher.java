// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.files;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keeps file and folder names out of the database in the clear: a path is looked up by its keyed
 * hash (HMAC-SHA256, deterministic, so the same path finds the same row) and listed by its sealed
 * name (AES-256-GCM, random nonce). Both keys are derived from the vault key, so without it the
 * metadata reveals neither names nor which rows share a folder name.
 */
public final class NameCipher implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] AAD = "elastos-name-v1".getBytes(StandardCharsets.US_ASCII);

    private final byte[] macKey;
    private final byte[] sealKey;

    /**
     * Derives the two keys from a 32-byte secret with HMAC-SHA256 under distinct labels.
     *
     * @param secret the secret (such as a key derived from the vault key); not kept
     */
    public NameCipher(byte[] secret) {
        if (secret.length != 32) {
            throw new IllegalArgumentException("the name secret must be 32 bytes");
        }
        macKey = hmac(secret, "elastos name lookup");
        sealKey = hmac(secret, "elastos name sealing");
    }

    /** The lookup hash of a normalized path, 64 hex digits. */
    public String mac(String normalizedPath) {
        return HexFormat.of().formatHex(hmac(macKey, normalizedPath));
    }

    /** A name sealed for storage, as hex: nonce || ciphertext || tag. */
    public String seal(String name) {
        try {
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(
                    Cipher.ENCRYPT_MODE,
                    new SecretKeySpec(sealKey, "AES"),
                    new GCMParameterSpec(128, nonce));
            c.updateAAD(AAD);
            byte[] ct = c.doFinal(name.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of()
                    .formatHex(ByteBuffer.allocate(12 + ct.length).put(nonce).put(ct).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    /**
     * Opens a sealed name.
     *
     * @throws IllegalStateException if it was not sealed with this key or was altered
     */
    public String open(String sealedHex) {
        try {
            byte[] all = HexFormat.of().parseHex(sealedHex);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(
                    Cipher.DECRYPT_MODE,
                    new SecretKeySpec(sealKey, "AES"),
                    new GCMParameterSpec(128, all, 0, 12));
            c.updateAAD(AAD);
            return new String(c.doFinal(all, 12, all.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("a stored name does not open with the vault key", e);
        }
    }

    @Override
    public void close() {
        Arrays.fill(macKey, (byte) 0);
        Arrays.fill(sealKey, (byte) 0);
    }

    private static byte[] hmac(byte[] key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }
}
