// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.pkg;

import io.elastos.api.identity.Did;
import java.math.BigInteger;
import java.util.Objects;

/** A publisher's signing key: an Ed25519 seed ({@code did:key}) or a secp256k1 wallet key. */
public final class PublisherKey {

    /** The kind of key, which decides the DID method and signature format. */
    public enum Type {
        /** An Ed25519 32-byte seed; publishes as {@code did:key}, 64-byte signatures. */
        ED25519,
        /** A secp256k1 private key; publishes as {@code did:pkh:eip155}, EIP-191 signatures. */
        SECP256K1
    }

    private final Type type;
    private final byte[] secret;
    private final long chainId;

    /**
     * Wraps key material.
     *
     * @param type the key type
     * @param secret the 32-byte seed or big-endian private key
     * @param chainId the EIP-155 chain of the {@code did:pkh}; ignored for Ed25519
     * @throws IllegalArgumentException if the secret is not a valid key of that type
     */
    public PublisherKey(Type type, byte[] secret, long chainId) {
        this.type = Objects.requireNonNull(type, "type");
        if (secret.length != 32) {
            throw new IllegalArgumentException("secret must be 32 bytes");
        }
        if (type == Type.SECP256K1) {
            if (!Secp256k1.isValidPrivateKey(new BigInteger(1, secret))) {
                throw new IllegalArgumentException("not a secp256k1 private key");
            }
            if (chainId < 1) {
                throw new IllegalArgumentException("chain id must be positive: " + chainId);
            }
        }
        this.secret = secret.clone();
        this.chainId = type == Type.SECP256K1 ? chainId : 0;
    }

    /** Returns the key type. */
    public Type type() {
        return type;
    }

    /** Returns the EIP-155 chain id of a wallet key, 0 for Ed25519. */
    public long chainId() {
        return chainId;
    }

    /** Returns a copy of the secret bytes. */
    public byte[] secret() {
        return secret.clone();
    }

    /** Returns the publisher DID that this key's signatures verify against. */
    public Did did() {
        return Did.of(
                type == Type.ED25519
                        ? PackageSigner.didKey(secret)
                        : PackageSigner.didPkh(chainId, new BigInteger(1, secret)));
    }

    /**
     * Signs the exact manifest bytes in this key's signature format.
     *
     * @param manifest the {@code manifest.json} bytes
     * @return the content of the package's {@code signature} file
     */
    public byte[] sign(byte[] manifest) {
        return type == Type.ED25519
                ? PackageSigner.signEd25519(secret, manifest)
                : PackageSigner.signEip191(new BigInteger(1, secret), manifest);
    }

    /** Never shows the secret. */
    @Override
    public String toString() {
        return "PublisherKey[" + type + ", " + did() + "]";
    }
}
