// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.peer;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/** RFC 4648 base32 in lowercase without padding: multibase "base32", prefix 'b', used by CIDv1. */
public final class Base32 {

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

    private Base32() {}

    /**
     * Encodes bytes.
     *
     * @param bytes the bytes
     * @return lowercase base32 without padding or multibase prefix
     */
    public static String encode(byte[] bytes) {
        StringBuilder sb = new StringBuilder((bytes.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= 5) {
                sb.append(ALPHABET.charAt((buffer >>> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            sb.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
        }
        return sb.toString();
    }

    /**
     * Decodes text, in either case.
     *
     * @param text base32 without padding or multibase prefix
     * @return the bytes
     * @throws IllegalArgumentException on a character outside the alphabet or non-zero trailing
     *     bits
     */
    public static byte[] decode(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < lower.length(); i++) {
            int v = ALPHABET.indexOf(lower.charAt(i));
            if (v < 0) {
                throw new IllegalArgumentException("not base32: '" + text.charAt(i) + "'");
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >>> (bits - 8)) & 0xFF);
                bits -= 8;
            }
        }
        if (bits >= 5 || (buffer & ((1 << bits) - 1)) != 0) {
            throw new IllegalArgumentException("base32 text has dangling bits");
        }
        return out.toByteArray();
    }
}
