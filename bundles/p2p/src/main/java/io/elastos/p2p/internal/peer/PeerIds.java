// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.peer;

import io.elastos.api.p2p.PeerId;
import io.elastos.p2p.internal.wire.ByteReader;
import io.elastos.p2p.internal.wire.Varint;
import java.io.ByteArrayOutputStream;
import java.net.ProtocolException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Peer ids per the libp2p peer-ids spec: the multihash of the {@code PublicKey} protobuf, with the
 * identity hash for keys of at most 42 bytes (so an Ed25519 peer id carries its key) and SHA-256
 * above. Text forms are base58btc ({@code 12D3KooW...}) and CIDv1 with the {@code libp2p-key} codec
 * in base32 ({@code bafz...}).
 */
public final class PeerIds {

    /** Multihash code of the identity "hash". */
    static final int IDENTITY = 0x00;

    /** Multihash code of SHA-256. */
    static final int SHA2_256 = 0x12;

    /** Multicodec of a CID naming a libp2p public key. */
    static final int LIBP2P_KEY = 0x72;

    /** Keys up to this protobuf length are inlined with the identity hash (the spec's rule). */
    private static final int MAX_INLINE_KEY = 42;

    private PeerIds() {}

    /**
     * Derives the peer id of an Ed25519 key.
     *
     * @param rawEd25519Key the 32-byte public key
     * @return the peer id ({@code 12D3KooW...})
     */
    public static PeerId fromEd25519(byte[] rawEd25519Key) {
        byte[] protobuf = Ed25519Keys.toProtobuf(rawEd25519Key);
        byte[] multihash = new byte[2 + protobuf.length];
        multihash[0] = IDENTITY;
        multihash[1] = (byte) protobuf.length;
        System.arraycopy(protobuf, 0, multihash, 2, protobuf.length);
        return PeerId.of(Base58.encode(multihash));
    }

    /**
     * Returns the multihash bytes behind a peer id.
     *
     * @param id the peer id
     * @return the multihash
     * @throws IllegalArgumentException if the id is not a valid multihash
     */
    public static byte[] toMultihash(PeerId id) {
        byte[] multihash = Base58.decode(id.value());
        try {
            checkMultihash(multihash);
        } catch (ProtocolException e) {
            throw new IllegalArgumentException("not a peer id: " + id + ": " + e.getMessage());
        }
        return multihash;
    }

    /**
     * Makes a peer id from multihash bytes, such as the {@code /p2p/} part of a binary multiaddr.
     *
     * @param multihash the multihash
     * @return the peer id
     * @throws ProtocolException if the bytes are not an identity or SHA-256 multihash
     */
    public static PeerId fromMultihash(byte[] multihash) throws ProtocolException {
        checkMultihash(multihash);
        return PeerId.of(Base58.encode(multihash));
    }

    /**
     * Parses either text form of a peer id.
     *
     * @param text base58btc ({@code 12D3KooW...}, {@code Qm...}) or a {@code libp2p-key} CIDv1 in
     *     base32 ({@code bafz...})
     * @return the peer id in its canonical base58btc form
     * @throws IllegalArgumentException if the text is neither
     */
    public static PeerId parse(String text) {
        if (text.startsWith("b") || text.startsWith("B")) {
            return fromCid(text);
        }
        PeerId id = PeerId.of(text);
        toMultihash(id);
        return id;
    }

    /**
     * Returns the CIDv1 form of a peer id.
     *
     * @param id the peer id
     * @return {@code b} followed by base32 of {@code 0x01 0x72 <multihash>}
     */
    public static String toCid(PeerId id) {
        byte[] multihash = toMultihash(id);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Varint.encode(1));
        out.writeBytes(Varint.encode(LIBP2P_KEY));
        out.writeBytes(multihash);
        return "b" + Base32.encode(out.toByteArray());
    }

    /**
     * Returns the Ed25519 key a peer id inlines, if it does.
     *
     * @param id the peer id
     * @return the raw 32-byte key, or empty for hashed or non-Ed25519 ids
     */
    public static Optional<byte[]> ed25519Key(PeerId id) {
        byte[] multihash = toMultihash(id);
        if (multihash[0] != IDENTITY) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    Ed25519Keys.fromProtobuf(Arrays.copyOfRange(multihash, 2, multihash.length)));
        } catch (ProtocolException e) {
            return Optional.empty();
        }
    }

    private static PeerId fromCid(String text) {
        byte[] bytes;
        try {
            bytes = Base32.decode(text.substring(1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a peer id CID: " + text, e);
        }
        try {
            ByteReader r = new ByteReader(bytes);
            if (r.readVarint() != 1) {
                throw new IllegalArgumentException("not a CIDv1: " + text);
            }
            long codec = r.readVarint();
            if (codec != LIBP2P_KEY) {
                throw new IllegalArgumentException(
                        "CID codec 0x" + Long.toHexString(codec) + " is not libp2p-key: " + text);
            }
            return fromMultihash(r.readBytes(r.remaining()));
        } catch (ProtocolException e) {
            throw new IllegalArgumentException("not a peer id CID: " + text, e);
        }
    }

    private static void checkMultihash(byte[] multihash) throws ProtocolException {
        ByteReader r = new ByteReader(multihash);
        long code = r.readVarint();
        int length = r.readLength(Integer.MAX_VALUE);
        if (r.remaining() != length) {
            throw new ProtocolException("multihash length does not match its digest");
        }
        if (code == IDENTITY ? length > MAX_INLINE_KEY : code != SHA2_256 || length != 32) {
            throw new ProtocolException("peer ids use identity (<= 42 bytes) or sha2-256");
        }
    }
}
