// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.identity;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The node's own Ed25519 identity, made on first start and kept in the data directory. The same key
 * is the node's {@code did:key} and, later, its libp2p peer id.
 */
@ProviderType
public interface NodeIdentity {

    /**
     * Returns the node's decentralized identifier.
     *
     * @return the {@code did:key:z6Mk...} form of the node's public key
     */
    String did();

    /**
     * Returns the node's public key.
     *
     * @return a copy of the 32-byte raw Ed25519 public key
     */
    byte[] publicKey();

    /**
     * Signs a message with the node key.
     *
     * @param message the bytes to sign
     * @return the 64-byte Ed25519 signature
     */
    byte[] sign(byte[] message);

    /**
     * Checks a signature made by this node's key.
     *
     * @param message the signed bytes
     * @param signature the signature to check
     * @return whether the signature is valid for this node's key
     */
    boolean verify(byte[] message, byte[] signature);
}
