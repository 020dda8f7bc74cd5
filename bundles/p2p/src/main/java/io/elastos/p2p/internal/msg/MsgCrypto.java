// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.msg;

import io.elastos.api.identity.NodeIdentity;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.agreement.X25519Agreement;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;

/**
 * The message protocol's cryptography: the node's X25519 message key, derived from a deterministic
 * Ed25519 signature so it needs no key file of its own; ephemeral-static X25519, HKDF-SHA256 and
 * ChaCha20-Poly1305 to seal a message to that key.
 */
public final class MsgCrypto {

    static final byte[] KEY_LABEL = ascii("elastos-msg-x25519-v1");
    static final byte[] HELLO_LABEL = ascii("elastos-msg-key-v1");
    static final byte[] ENVELOPE_LABEL = ascii("elastos-msg-v1");
    static final byte[] RECEIPT_LABEL = ascii("elastos-msg-receipt-v1");
    private static final byte[] HKDF_INFO = ascii("elastos-msg-v1 chacha20-poly1305");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A message sealed to a recipient's X25519 key. */
    public record Sealed(byte[] ephemeral, byte[] nonce, byte[] ciphertext) {}

    private MsgCrypto() {}

    /**
     * Derives the node's X25519 private key. Ed25519 signatures are deterministic, so signing a
     * fixed label gives the same secret on every start, and only the node key can make it.
     *
     * @param identity the node identity
     * @return the 32-byte private key
     */
    public static byte[] staticPrivateKey(NodeIdentity identity) {
        return sha256(identity.sign(KEY_LABEL));
    }

    /**
     * Returns the public key of an X25519 private key.
     *
     * @param privateKey the 32-byte private key
     * @return the 32-byte public key
     */
    public static byte[] publicKey(byte[] privateKey) {
        return new X25519PrivateKeyParameters(privateKey, 0).generatePublicKey().getEncoded();
    }

    /**
     * Seals a plaintext to a recipient key with a fresh ephemeral key.
     *
     * @param recipient the recipient's X25519 public key
     * @param aad data bound to the ciphertext but not encrypted
     * @param plaintext the message
     * @return the ephemeral public key, nonce and ciphertext (with its 16-byte tag)
     */
    public static Sealed seal(byte[] recipient, byte[] aad, byte[] plaintext) {
        X25519PrivateKeyParameters eph = new X25519PrivateKeyParameters(RANDOM);
        byte[] ephPub = eph.generatePublicKey().getEncoded();
        byte[] key = key(agree(eph, recipient), ephPub, recipient);
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        try {
            return new Sealed(ephPub, nonce, aead(true, key, nonce, aad, plaintext));
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("encryption cannot fail", e);
        }
    }

    /**
     * Opens a sealed message.
     *
     * @param privateKey the recipient's X25519 private key
     * @param sealed the sealed message
     * @param aad the data bound to it
     * @return the plaintext
     * @throws ProtocolException if it was not sealed to this key or was changed
     */
    public static byte[] open(byte[] privateKey, Sealed sealed, byte[] aad)
            throws ProtocolException {
        if (sealed.ephemeral().length != 32 || sealed.nonce().length != 12) {
            throw new ProtocolException("malformed sealed message");
        }
        X25519PrivateKeyParameters priv = new X25519PrivateKeyParameters(privateKey, 0);
        byte[] key =
                key(
                        agree(priv, sealed.ephemeral()),
                        sealed.ephemeral(),
                        priv.generatePublicKey().getEncoded());
        try {
            return aead(false, key, sealed.nonce(), aad, sealed.ciphertext());
        } catch (InvalidCipherTextException e) {
            throw new ProtocolException("message does not decrypt: " + e.getMessage());
        }
    }

    /**
     * Concatenates byte arrays, for signature inputs.
     *
     * @param parts the parts
     * @return their concatenation
     */
    public static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int off = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, off, p.length);
            off += p.length;
        }
        return out;
    }

    /**
     * SHA-256.
     *
     * @param data the input
     * @return the digest
     */
    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always there", e);
        }
    }

    private static byte[] agree(X25519PrivateKeyParameters priv, byte[] peerPublic) {
        X25519Agreement agreement = new X25519Agreement();
        agreement.init(priv);
        byte[] shared = new byte[agreement.getAgreementSize()];
        agreement.calculateAgreement(new X25519PublicKeyParameters(peerPublic, 0), shared, 0);
        return shared;
    }

    private static byte[] key(byte[] shared, byte[] ephPub, byte[] recipientPub) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(shared, concat(ephPub, recipientPub), HKDF_INFO));
        byte[] key = new byte[32];
        hkdf.generateBytes(key, 0, key.length);
        return key;
    }

    private static byte[] aead(boolean encrypt, byte[] key, byte[] nonce, byte[] aad, byte[] in)
            throws InvalidCipherTextException {
        ChaCha20Poly1305 cipher = new ChaCha20Poly1305();
        cipher.init(encrypt, new AEADParameters(new KeyParameter(key), 128, nonce, aad));
        byte[] out = new byte[cipher.getOutputSize(in.length)];
        int n = cipher.processBytes(in, 0, in.length, out, 0);
        n += cipher.doFinal(out, n);
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
