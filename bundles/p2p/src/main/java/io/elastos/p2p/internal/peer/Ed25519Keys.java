// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.peer;

import io.elastos.p2p.internal.wire.ProtoReader;
import io.elastos.p2p.internal.wire.ProtoWriter;
import java.net.ProtocolException;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * The libp2p {@code PublicKey} protobuf for Ed25519 keys (the only key type the node accepts) and
 * signature checks with such keys.
 *
 * <pre>
 * message PublicKey { required KeyType Type = 1; required bytes Data = 2; }  // Ed25519 = 1
 * </pre>
 */
public final class Ed25519Keys {

    /** The libp2p {@code KeyType} of Ed25519. */
    public static final int KEY_TYPE_ED25519 = 1;

    /** A raw Ed25519 public key's length. */
    public static final int KEY_LENGTH = 32;

    /** An Ed25519 signature's length. */
    public static final int SIGNATURE_LENGTH = 64;

    private Ed25519Keys() {}

    /**
     * Encodes a raw Ed25519 key as a libp2p {@code PublicKey} protobuf.
     *
     * @param rawKey the 32-byte key
     * @return the protobuf bytes (36 bytes)
     */
    public static byte[] toProtobuf(byte[] rawKey) {
        if (rawKey.length != KEY_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 key has 32 bytes, not " + rawKey.length);
        }
        return new ProtoWriter().varint(1, KEY_TYPE_ED25519).bytes(2, rawKey).toByteArray();
    }

    /**
     * Decodes a libp2p {@code PublicKey} protobuf that must hold an Ed25519 key.
     *
     * @param protobuf the protobuf bytes
     * @return the raw 32-byte key
     * @throws ProtocolException if the bytes are malformed or another key type
     */
    public static byte[] fromProtobuf(byte[] protobuf) throws ProtocolException {
        long type = -1;
        byte[] data = null;
        ProtoReader r = new ProtoReader(protobuf);
        while (r.next()) {
            switch (r.field()) {
                case 1 -> type = r.varint();
                case 2 -> data = r.bytes();
                default -> {}
            }
        }
        if (type != KEY_TYPE_ED25519) {
            throw new ProtocolException("unsupported libp2p key type " + type + "; need Ed25519");
        }
        if (data == null || data.length != KEY_LENGTH) {
            throw new ProtocolException("Ed25519 key data must be 32 bytes");
        }
        return data;
    }

    /**
     * Checks an Ed25519 signature.
     *
     * @param rawKey the 32-byte public key
     * @param message the signed bytes
     * @param signature the signature
     * @return whether it is valid; {@code false} for malformed keys or signatures
     */
    public static boolean verify(byte[] rawKey, byte[] message, byte[] signature) {
        if (rawKey.length != KEY_LENGTH || signature.length != SIGNATURE_LENGTH) {
            return false;
        }
        try {
            Ed25519Signer signer = new Ed25519Signer();
            signer.init(false, new Ed25519PublicKeyParameters(rawKey, 0));
            signer.update(message, 0, message.length);
            return signer.verifySignature(signature);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
