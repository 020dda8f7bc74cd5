// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.pkg;

import io.elastos.api.identity.Did;
import java.math.BigInteger;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** Produces the {@code signature} file of a package and the publisher DIDs that verify it. */
public final class PackageSigner {
    private PackageSigner() {}

    /**
     * Signs manifest bytes with Ed25519.
     *
     * @param seed32 the 32-byte Ed25519 private key seed
     * @param manifest the exact {@code manifest.json} bytes
     * @return the 64-byte signature
     */
    public static byte[] signEd25519(byte[] seed32, byte[] manifest) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey(seed32));
        signer.update(manifest, 0, manifest.length);
        return signer.generateSignature();
    }

    /**
     * Signs manifest bytes as an Ethereum wallet's {@code personal_sign} (EIP-191) would, with RFC
     * 6979 nonces and a low s.
     *
     * @param privateKey the secp256k1 private key
     * @param manifest the exact {@code manifest.json} bytes
     * @return the 65-byte r || s || v signature, v being 27 or 28
     */
    public static byte[] signEip191(BigInteger privateKey, byte[] manifest) {
        return Eip191.sign(privateKey, manifest);
    }

    /**
     * Derives the {@code did:key} of an Ed25519 seed.
     *
     * @param seed32 the 32-byte seed
     * @return {@code did:key:z6Mk...}
     */
    public static String didKey(byte[] seed32) {
        return DidKeys.ed25519Did(privateKey(seed32).generatePublicKey().getEncoded()).value();
    }

    /**
     * Derives the {@code did:pkh} of a wallet key on a chain.
     *
     * @param chainId the EIP-155 chain id
     * @param privateKey the secp256k1 private key
     * @return {@code did:pkh:eip155:<chainId>:<lowercase address>}
     */
    public static String didPkh(long chainId, BigInteger privateKey) {
        return Did.pkh(chainId, ethereumAddress(privateKey)).value();
    }

    /**
     * Derives the Ethereum address of a secp256k1 private key.
     *
     * @param privateKey the private key
     * @return the lowercase {@code 0x} address
     */
    public static String ethereumAddress(BigInteger privateKey) {
        return Secp256k1.address(Secp256k1.publicPoint(privateKey));
    }

    private static Ed25519PrivateKeyParameters privateKey(byte[] seed32) {
        if (seed32 == null || seed32.length != 32) {
            throw new IllegalArgumentException("Ed25519 seed must be 32 bytes");
        }
        return new Ed25519PrivateKeyParameters(seed32, 0);
    }
}
