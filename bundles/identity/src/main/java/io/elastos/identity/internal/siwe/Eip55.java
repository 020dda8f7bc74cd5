// SPDX-License-Identifier: Apache-2.0
package io.elastos.identity.internal.siwe;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * EIP-55 mixed-case checksums of Ethereum addresses. An address written all in lowercase or all in
 * uppercase carries no checksum and is accepted as is; a mixed-case one must carry the right one,
 * so that a mistyped address is caught rather than signed in as a different account.
 */
final class Eip55 {

    private Eip55() {}

    /**
     * Tells whether the casing of 40 hex digits is acceptable.
     *
     * @param hex the 40 hex digits of an address, without {@code 0x}
     * @return whether they are all lowercase, all uppercase, or carry the right checksum
     */
    static boolean isValid(String hex) {
        String lower = hex.toLowerCase(Locale.ROOT);
        return hex.equals(lower)
                || hex.equals(hex.toUpperCase(Locale.ROOT))
                || hex.equals(checksum(lower));
    }

    /**
     * Writes 40 hex digits with their EIP-55 checksum: a letter is uppercase where the matching
     * nibble of the Keccak-256 hash of the lowercase digits is 8 or more.
     *
     * @param hex the 40 hex digits of an address, without {@code 0x}, in any casing
     * @return the same digits in checksum casing
     */
    static String checksum(String hex) {
        String lower = hex.toLowerCase(Locale.ROOT);
        byte[] hash = Keccak256.hash(lower.getBytes(StandardCharsets.US_ASCII));
        StringBuilder out = new StringBuilder(lower.length());
        for (int i = 0; i < lower.length(); i++) {
            int nibble = (hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xf;
            char c = lower.charAt(i);
            out.append(nibble >= 8 ? Character.toUpperCase(c) : c);
        }
        return out.toString();
    }
}
