// SPDX-License-Identifier: Apache-2.0
package io.elastos.identity.internal.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random secrets and their stored form (SHA-256 hex): tokens, codes and session ids. */
final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();
    // No 0/O or 1/I/L: codes are read off a screen and typed.
    private static final char[] CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ".toCharArray();

    private Secrets() {}

    /** 256 random bits, base64url without padding: session tokens, CSRF tokens. */
    static String token() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** 128 random bits as 32 hex digits: public session ids. */
    static String id() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Letters and digits for SIWE nonces (EIP-4361 wants alphanumerics, at least 8). */
    static String nonce() {
        return code(20);
    }

    /** A code to read and type, such as {@code K7QX-M2PA}, grouped by four. */
    static String displayCode(int length) {
        String raw = code(length);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            if (i > 0 && i % 4 == 0) {
                out.append('-');
            }
            out.append(raw.charAt(i));
        }
        return out.toString();
    }

    /** A typed code in the stored form: separators and case do not matter. */
    static String codeHash(String typed) {
        return sha256(typed.replace("-", "").replace(" ", "").toUpperCase(java.util.Locale.ROOT));
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("SHA-256")
                                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Compares two stored hashes in constant time. */
    static boolean same(String a, String b) {
        return a != null
                && b != null
                && MessageDigest.isEqual(
                        a.getBytes(StandardCharsets.US_ASCII),
                        b.getBytes(StandardCharsets.US_ASCII));
    }

    private static String code(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = CODE_ALPHABET[RANDOM.nextInt(CODE_ALPHABET.length)];
        }
        return new String(out);
    }
}
