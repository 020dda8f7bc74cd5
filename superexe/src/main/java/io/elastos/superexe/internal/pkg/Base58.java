// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.pkg;

import java.math.BigInteger;
import java.util.Arrays;

/** The Bitcoin base58 alphabet, as used by multibase {@code z} (base58btc) in {@code did:key}. */
final class Base58 {
    private static final String ALPHABET =
            "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final BigInteger BASE = BigInteger.valueOf(58);

    // did:key strings are short; the bound keeps the quadratic BigInteger work trivial.
    private static final int MAX_INPUT = 256;

    private Base58() {}

    static String encode(byte[] data) {
        StringBuilder out = new StringBuilder();
        BigInteger n = new BigInteger(1, data);
        while (n.signum() > 0) {
            BigInteger[] qr = n.divideAndRemainder(BASE);
            out.append(ALPHABET.charAt(qr[1].intValue()));
            n = qr[0];
        }
        for (int i = 0; i < data.length && data[i] == 0; i++) {
            out.append('1');
        }
        return out.reverse().toString();
    }

    /**
     * Decodes base58btc text.
     *
     * @throws IllegalArgumentException on a character outside the alphabet or an overlong input
     */
    static byte[] decode(String text) {
        if (text.isEmpty() || text.length() > MAX_INPUT) {
            throw new IllegalArgumentException("base58 text empty or too long");
        }
        BigInteger n = BigInteger.ZERO;
        int zeros = 0;
        boolean leading = true;
        for (int i = 0; i < text.length(); i++) {
            int digit = ALPHABET.indexOf(text.charAt(i));
            if (digit < 0) {
                throw new IllegalArgumentException("not a base58 character: " + text.charAt(i));
            }
            if (leading && digit == 0) {
                zeros++;
            } else {
                leading = false;
            }
            n = n.multiply(BASE).add(BigInteger.valueOf(digit));
        }
        byte[] body = n.signum() == 0 ? new byte[0] : n.toByteArray();
        if (body.length > 0 && body[0] == 0) {
            body = Arrays.copyOfRange(body, 1, body.length);
        }
        byte[] out = new byte[zeros + body.length];
        System.arraycopy(body, 0, out, zeros, body.length);
        return out;
    }
}
