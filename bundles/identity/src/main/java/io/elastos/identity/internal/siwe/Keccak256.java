// SPDX-License-Identifier: Apache-2.0
package io.elastos.identity.internal.siwe;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.jcajce.provider.digest.Keccak;

/**
 * Ethereum's Keccak-256 (the original Keccak, not the NIST SHA3-256 padding), with Bouncy Castle
 * rather than web3j so that this bundle does not embed web3j.
 */
final class Keccak256 {

    private static final String EIP191_PREFIX = "\u0019Ethereum Signed Message:\n";

    private Keccak256() {}

    /** Hashes bytes with Keccak-256. */
    static byte[] hash(byte[] data) {
        return new Keccak.Digest256().digest(data);
    }

    /**
     * Hashes a message as EIP-191 {@code personal_sign} does: {@code keccak256("\x19Ethereum Signed
     * Message:\n" + length + message)}, the length being the decimal byte count. This is the hash
     * an ERC-1271 account is asked about.
     *
     * @param message the exact message bytes
     * @return the 32-byte hash
     */
    static byte[] eip191(byte[] message) {
        byte[] prefix = (EIP191_PREFIX + message.length).getBytes(StandardCharsets.US_ASCII);
        byte[] data = new byte[prefix.length + message.length];
        System.arraycopy(prefix, 0, data, 0, prefix.length);
        System.arraycopy(message, 0, data, prefix.length, message.length);
        return hash(data);
    }
}
