// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.testing;

import io.elastos.api.identity.NodeIdentity;
import io.elastos.p2p.internal.peer.Ed25519Keys;
import java.security.SecureRandom;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** An in-memory Ed25519 node identity for tests, random or from a fixed seed. */
public final class TestIdentity implements NodeIdentity {

    private final Ed25519PrivateKeyParameters key;
    private final byte[] publicKey;

    private TestIdentity(Ed25519PrivateKeyParameters key) {
        this.key = key;
        this.publicKey = key.generatePublicKey().getEncoded();
    }

    /** A fresh random identity. */
    public static TestIdentity random() {
        return new TestIdentity(new Ed25519PrivateKeyParameters(new SecureRandom()));
    }

    /** The identity whose private key is the given 32-byte seed (RFC 8032). */
    public static TestIdentity fromSeed(byte[] seed) {
        return new TestIdentity(new Ed25519PrivateKeyParameters(seed, 0));
    }

    @Override
    public String did() {
        return "did:key:test";
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public byte[] sign(byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    @Override
    public boolean verify(byte[] message, byte[] signature) {
        return Ed25519Keys.verify(publicKey, message, signature);
    }
}
