// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.peer;

import java.math.BigInteger;
import java.util.Arrays;

/** Bitcoin-alphabet base58 (multibase "base58btc"), the text form of peer ids and CIDv0s. */
public final class Base58 {

    private static final String ALPHABET =
            "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final BigInteger BASE = BigInteger.valueOf(58);

    /** Longer inputs are refused before the quadratic BigInteger work; ids are about 52 chars. */
    private static final int MAX_TEXT = 256;

    private Base58() {}

    /**
     * Encodes bytes.
     *
     * @param bytes the bytes
     * @return the base58btc text; leading zero bytes become '1's
     */
    public static String encode(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        BigInteger n = new BigInteger(1, bytes);
        while (n.signum() > 0) {
            BigInteger[] qr = n.divideAndRemainder(BASE);
            sb.append(ALPHABET.charAt(qr[1].intValue()));
            n = qr[0];
        }
        for (int i = 0; i < bytes.length && bytes[i] == 0; i++) {
            sb.append('1');
        }
        return sb.reverse().toString();
    }

    /**
     * Decodes text.
     *
     * @param text base58btc text
     * @return the bytes
     * @throws IllegalArgumentException on a character outside the alphabet or too long an input
     */
    public static byte[] decode(String text) {
        if (text.length() > MAX_TEXT) {
            throw new IllegalArgumentException("base58 text longer than " + MAX_TEXT);
        }
        BigInteger n = BigInteger.ZERO;
        int zeros = 0;
        while (zeros < text.length() && text.charAt(zeros) == '1') {
            zeros++;
        }
        for (int i = 0; i < text.length(); i++) {
            int digit = ALPHABET.indexOf(text.charAt(i));
            if (digit < 0) {
                throw new IllegalArgumentException("not base58btc: '" + text.charAt(i) + "'");
            }
            n = n.multiply(BASE).add(BigInteger.valueOf(digit));
        }
        byte[] magnitude = n.signum() == 0 ? new byte[0] : n.toByteArray();
        if (magnitude.length > 0 && magnitude[0] == 0) {
            magnitude = Arrays.copyOfRange(magnitude, 1, magnitude.length);
        }
        byte[] out = new byte[zeros + magnitude.length];
        System.arraycopy(magnitude, 0, out, zeros, magnitude.length);
        return out;
    }
}
