// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.pkg;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.math.ec.ECPoint;

/** EIP-191 version 0x45 ({@code personal_sign}) signatures, as produced by Ethereum wallets. */
final class Eip191 {
    private Eip191() {}

    /** Keccak-256 of {@code "\x19Ethereum Signed Message:\n" + len(message) + message}. */
    static byte[] hash(byte[] message) {
        byte[] prefix =
                ("\u0019Ethereum Signed Message:\n" + message.length)
                        .getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(prefix, prefix.length + message.length);
        System.arraycopy(message, 0, all, prefix.length, message.length);
        return Secp256k1.keccak256(all);
    }

    static byte[] sign(BigInteger privateKey, byte[] message) {
        return Secp256k1.sign(privateKey, hash(message));
    }

    /**
     * Recovers the signer's address from a 65-byte r || s || v signature.
     *
     * @return the lowercase {@code 0x} address, or empty if the signature is malformed, high-s, has
     *     a v outside {0, 1, 27, 28}, or recovers no key
     */
    static Optional<String> recoverAddress(byte[] message, byte[] signature) {
        if (signature.length != 65) {
            return Optional.empty();
        }
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
        int v = signature[64] & 0xff;
        int recId;
        if (v == 27 || v == 28) {
            recId = v - 27;
        } else if (v == 0 || v == 1) {
            recId = v;
        } else {
            return Optional.empty();
        }
        // EIP-2: a high s is the malleated twin of a valid signature; refuse it.
        if (s.compareTo(Secp256k1.HALF_N) > 0) {
            return Optional.empty();
        }
        ECPoint q = Secp256k1.recover(hash(message), r, s, recId);
        return q == null ? Optional.empty() : Optional.of(Secp256k1.address(q));
    }
}
