// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.msg;

import io.elastos.api.identity.NodeIdentity;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals message payloads before they are stored in Derby (AES-256-GCM, a random nonce, the message
 * id as associated data), so the message log on disk is unreadable without the node key: the key is
 * the SHA-256 of the node key's (deterministic) Ed25519 signature over a fixed label, so it needs
 * no file of its own and is exactly as protected as the sealed node key.
 */
final class AtRest {
    private static final byte[] LABEL =
            "elastos/msg/at-rest/v1".getBytes(StandardCharsets.US_ASCII);
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    AtRest(NodeIdentity identity) {
        byte[] secret = sha256(identity.sign(LABEL));
        this.key = new SecretKeySpec(secret, "AES");
        Arrays.fill(secret, (byte) 0);
    }

    byte[] seal(String messageId, byte[] payload) {
        byte[] nonce = new byte[NONCE];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(messageId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = c.doFinal(payload);
            byte[] out = Arrays.copyOf(nonce, NONCE + sealed.length);
            System.arraycopy(sealed, 0, out, NONCE, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    /**
     * The payload, or {@code null} if the stored bytes were altered or sealed under another key.
     */
    byte[] open(String messageId, byte[] stored) {
        if (stored == null || stored.length < NONCE + TAG_BITS / 8) {
            return null;
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 0, NONCE));
            c.updateAAD(messageId.getBytes(StandardCharsets.UTF_8));
            return c.doFinal(stored, NONCE, stored.length - NONCE);
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
