// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.noise;

import io.elastos.api.identity.NodeIdentity;
import io.elastos.api.p2p.PeerId;
import io.elastos.p2p.internal.peer.Ed25519Keys;
import io.elastos.p2p.internal.peer.PeerIds;
import io.elastos.p2p.internal.wire.ProtoReader;
import io.elastos.p2p.internal.wire.ProtoWriter;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;

/**
 * The libp2p Noise handshake payload, which binds the Noise static key to the peer's identity key:
 *
 * <pre>
 * message NoiseHandshakePayload {
 *   bytes identity_key = 1;        // libp2p PublicKey protobuf
 *   bytes identity_sig = 2;        // sign("noise-libp2p-static-key:" + noise static public key)
 *   NoiseExtensions extensions = 4; // optional; ignored here
 * }
 * </pre>
 */
final class HandshakePayload {

    private static final byte[] SIGNATURE_PREFIX =
            "noise-libp2p-static-key:".getBytes(StandardCharsets.US_ASCII);

    private HandshakePayload() {}

    /** Builds this side's payload: its identity key and its signature over the static key. */
    static byte[] create(NodeIdentity identity, byte[] staticPublicKey) {
        byte[] signature = identity.sign(signedBytes(staticPublicKey));
        return new ProtoWriter()
                .bytes(1, Ed25519Keys.toProtobuf(identity.publicKey()))
                .bytes(2, signature)
                .toByteArray();
    }

    /**
     * Checks the remote payload against the remote static key.
     *
     * @return the remote peer id, derived from its identity key
     * @throws ProtocolException if the payload is malformed, the key is not Ed25519 or the
     *     signature does not verify
     */
    static PeerId verify(byte[] payload, byte[] remoteStaticKey) throws ProtocolException {
        byte[] identityKey = null;
        byte[] signature = null;
        ProtoReader r = new ProtoReader(payload);
        while (r.next()) {
            switch (r.field()) {
                case 1 -> identityKey = r.bytes();
                case 2 -> signature = r.bytes();
                default -> {} // extensions (early muxer negotiation, webtransport) are optional
            }
        }
        if (identityKey == null || signature == null) {
            throw new ProtocolException("noise payload without identity key or signature");
        }
        byte[] rawKey = Ed25519Keys.fromProtobuf(identityKey);
        if (!Ed25519Keys.verify(rawKey, signedBytes(remoteStaticKey), signature)) {
            throw new ProtocolException("noise payload signature does not match the static key");
        }
        return PeerIds.fromEd25519(rawKey);
    }

    private static byte[] signedBytes(byte[] staticPublicKey) {
        byte[] out = new byte[SIGNATURE_PREFIX.length + staticPublicKey.length];
        System.arraycopy(SIGNATURE_PREFIX, 0, out, 0, SIGNATURE_PREFIX.length);
        System.arraycopy(staticPublicKey, 0, out, SIGNATURE_PREFIX.length, staticPublicKey.length);
        return out;
    }
}
