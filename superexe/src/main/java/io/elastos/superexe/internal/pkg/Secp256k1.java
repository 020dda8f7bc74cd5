// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.pkg;

import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/**
 * Ethereum's secp256k1: deterministic low-s signing, SEC1 §4.1.6 public key recovery, addresses.
 */
final class Secp256k1 {
    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
    private static final ECDomainParameters DOMAIN =
            new ECDomainParameters(CURVE.getCurve(), CURVE.getG(), CURVE.getN(), CURVE.getH());
    static final BigInteger N = CURVE.getN();
    static final BigInteger HALF_N = N.shiftRight(1);

    private Secp256k1() {}

    static byte[] keccak256(byte[] data) {
        KeccakDigest d = new KeccakDigest(256);
        d.update(data, 0, data.length);
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return out;
    }

    static boolean isValidPrivateKey(BigInteger d) {
        return d.signum() > 0 && d.compareTo(N) < 0;
    }

    /** The uncompressed public point of a private key. */
    static ECPoint publicPoint(BigInteger privateKey) {
        if (!isValidPrivateKey(privateKey)) {
            throw new IllegalArgumentException("private key out of range");
        }
        return CURVE.getG().multiply(privateKey).normalize();
    }

    /** The {@code 0x} lowercase Ethereum address of a public point. */
    static String address(ECPoint q) {
        byte[] encoded = q.normalize().getEncoded(false);
        byte[] hash = keccak256(Arrays.copyOfRange(encoded, 1, encoded.length));
        return "0x" + Hex.of(Arrays.copyOfRange(hash, 12, 32));
    }

    /**
     * Signs a 32-byte hash with RFC 6979 nonces, normalizes s to the low half (EIP-2) and finds the
     * recovery id.
     *
     * @return 65 bytes r || s || v with v = 27 + recovery id
     */
    static byte[] sign(BigInteger privateKey, byte[] hash32) {
        ECPoint q = publicPoint(privateKey);
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, new ECPrivateKeyParameters(privateKey, DOMAIN));
        BigInteger[] rs = signer.generateSignature(hash32);
        BigInteger r = rs[0];
        BigInteger s = rs[1].compareTo(HALF_N) > 0 ? N.subtract(rs[1]) : rs[1];
        for (int recId = 0; recId < 2; recId++) {
            ECPoint candidate = recover(hash32, r, s, recId);
            if (candidate != null && candidate.equals(q)) {
                byte[] out = new byte[65];
                System.arraycopy(BigIntegers.asUnsignedByteArray(32, r), 0, out, 0, 32);
                System.arraycopy(BigIntegers.asUnsignedByteArray(32, s), 0, out, 32, 32);
                out[64] = (byte) (27 + recId);
                return out;
            }
        }
        // Only reachable when r >= p - n, probability about 2^-128; refuse rather than emit v>=29.
        throw new IllegalStateException("no recovery id for signature; retry with another message");
    }

    /**
     * Recovers the public key from an ECDSA signature per SEC1 §4.1.6, for x = r only (recovery ids
     * 0 and 1, the only ones Ethereum encodes in v).
     *
     * @return the public point, or {@code null} if no valid key results
     */
    static ECPoint recover(byte[] hash32, BigInteger r, BigInteger s, int recId) {
        if (r.signum() <= 0 || r.compareTo(N) >= 0 || s.signum() <= 0 || s.compareTo(N) >= 0) {
            return null;
        }
        if (recId != 0 && recId != 1) {
            return null;
        }
        // Step 1.1-1.3: x = r (j = 0), R = the point with that x and y parity = recId.
        BigInteger p = CURVE.getCurve().getField().getCharacteristic();
        if (r.compareTo(p) >= 0) {
            return null;
        }
        byte[] compressed = new byte[33];
        compressed[0] = (byte) (recId == 0 ? 0x02 : 0x03);
        System.arraycopy(BigIntegers.asUnsignedByteArray(32, r), 0, compressed, 1, 32);
        ECPoint bigR;
        try {
            bigR = CURVE.getCurve().decodePoint(compressed);
        } catch (IllegalArgumentException e) {
            return null;
        }
        // Step 1.4: nR must be infinity; secp256k1 has cofactor 1, checked anyway for clarity.
        if (!bigR.multiply(N).isInfinity()) {
            return null;
        }
        // Steps 1.5-1.6: e from the hash, Q = r^-1 (sR - eG).
        BigInteger e = new BigInteger(1, hash32);
        BigInteger rInv = r.modInverse(N);
        BigInteger eNeg = N.subtract(e.mod(N)).mod(N);
        ECPoint q =
                ECAlgorithms.sumOfTwoMultiplies(
                                CURVE.getG(),
                                eNeg.multiply(rInv).mod(N),
                                bigR,
                                s.multiply(rInv).mod(N))
                        .normalize();
        return q.isInfinity() ? null : q;
    }
}
