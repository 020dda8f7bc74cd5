// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.ipfs;

/**
 * RFC 4648 base32 in lowercase without padding: the alphabet of multibase {@code b}, the form IPFS
 * uses for CIDv1 strings.
 */
public final class Base32 {

    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final int[] VALUES = new int[128];

    static {
        java.util.Arrays.fill(VALUES, -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            VALUES[ALPHABET[i]] = i;
        }
    }

    private Base32() {}

    /**
     * Encodes bytes.
     *
     * @param data the bytes
     * @return lowercase base32 without padding
     */
    public static String encode(byte[] data) {
        StringBuilder sb = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                sb.append(ALPHABET[(buffer >>> bits) & 0x1F]);
            }
        }
        if (bits > 0) {
            sb.append(ALPHABET[(buffer << (5 - bits)) & 0x1F]);
        }
        return sb.toString();
    }

    /**
     * Decodes lowercase base32 without padding.
     *
     * @param text the text
     * @return the bytes
     * @throws IllegalArgumentException if a character is outside the lowercase alphabet, the length
     *     is impossible, or the unused trailing bits are not zero (so that every byte string has
     *     exactly one text form)
     */
    public static byte[] decode(CharSequence text) {
        int n = text.length();
        int rem = n % 8;
        if (rem == 1 || rem == 3 || rem == 6) {
            throw new IllegalArgumentException("impossible base32 length " + n);
        }
        byte[] out = new byte[n * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int o = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            int v = c < 128 ? VALUES[c] : -1;
            if (v < 0) {
                throw new IllegalArgumentException("not a lowercase base32 character: '" + c + "'");
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                out[o++] = (byte) (buffer >>> bits);
            }
        }
        if ((buffer & ((1 << bits) - 1)) != 0) {
            throw new IllegalArgumentException("non-zero trailing bits in base32 text");
        }
        return out;
    }
}
