// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.bitswap;

import io.elastos.api.storage.Cid;
import io.elastos.p2p.internal.peer.Base32;
import io.elastos.p2p.internal.peer.Base58;
import io.elastos.p2p.internal.wire.ByteReader;
import io.elastos.p2p.internal.wire.Varint;
import java.io.ByteArrayOutputStream;
import java.net.ProtocolException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Binary CIDs as bitswap carries them, their text forms, and the "prefix" a bitswap 1.1+ block
 * comes with. The node exchanges only what it can verify: sha2-256 multihashes over raw (0x55) or
 * dag-pb (0x70) blocks, in CIDv0 or CIDv1.
 */
public final class CidBytes {

    /** Multicodec of raw blocks. */
    public static final int RAW = 0x55;

    /** Multicodec of dag-pb (UnixFS) blocks. */
    public static final int DAG_PB = 0x70;

    private static final int SHA2_256 = 0x12;
    private static final int DIGEST_LENGTH = 32;

    /**
     * The CID metadata sent with each block, so the receiver can recompute the CID from the bytes.
     *
     * @param version 0 or 1
     * @param codec the multicodec of the block
     * @param hashFunction the multihash function code
     * @param digestLength the digest length in bytes
     */
    public record Prefix(long version, long codec, long hashFunction, int digestLength) {

        /**
         * Encodes the prefix as four varints.
         *
         * @return the prefix bytes
         */
        public byte[] encode() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(Varint.encode(version));
            out.writeBytes(Varint.encode(codec));
            out.writeBytes(Varint.encode(hashFunction));
            out.writeBytes(Varint.encode(digestLength));
            return out.toByteArray();
        }

        /**
         * Decodes a prefix.
         *
         * @param bytes four varints
         * @return the prefix
         * @throws ProtocolException if it is malformed
         */
        public static Prefix decode(byte[] bytes) throws ProtocolException {
            ByteReader r = new ByteReader(bytes);
            Prefix p =
                    new Prefix(
                            r.readVarint(),
                            r.readVarint(),
                            r.readVarint(),
                            (int) Math.min(r.readVarint(), 1024));
            if (r.hasRemaining()) {
                throw new ProtocolException("trailing bytes after a CID prefix");
            }
            return p;
        }
    }

    private CidBytes() {}

    /**
     * Decodes a CID string to its binary form.
     *
     * @param cid a CIDv0 ({@code Qm...}) or a CIDv1 in base32 ({@code b...}) or base58btc ({@code
     *     z...})
     * @return the binary CID
     * @throws IllegalArgumentException if the CID is malformed or uses another multibase
     */
    public static byte[] toBytes(Cid cid) {
        String s = cid.value();
        byte[] bytes;
        if (s.startsWith("Qm")) {
            bytes = Base58.decode(s);
        } else if (s.charAt(0) == 'b' || s.charAt(0) == 'B') {
            bytes = Base32.decode(s.substring(1));
        } else if (s.charAt(0) == 'z') {
            bytes = Base58.decode(s.substring(1));
        } else {
            throw new IllegalArgumentException("unsupported multibase in CID " + s);
        }
        try {
            prefixOf(bytes);
        } catch (ProtocolException e) {
            throw new IllegalArgumentException("malformed CID " + s + ": " + e.getMessage());
        }
        return bytes;
    }

    /**
     * Encodes a binary CID as text: base58 for CIDv0, lowercase base32 for CIDv1.
     *
     * @param bytes the binary CID
     * @return the CID
     * @throws ProtocolException if the bytes are not a CID
     */
    public static Cid fromBytes(byte[] bytes) throws ProtocolException {
        Prefix p = prefixOf(bytes);
        return Cid.of(p.version() == 0 ? Base58.encode(bytes) : "b" + Base32.encode(bytes));
    }

    /**
     * Reads the prefix of a binary CID.
     *
     * @param bytes the binary CID
     * @return its prefix
     * @throws ProtocolException if the bytes are not a CID
     */
    public static Prefix prefixOf(byte[] bytes) throws ProtocolException {
        if (bytes.length == 34 && bytes[0] == SHA2_256 && bytes[1] == DIGEST_LENGTH) {
            return new Prefix(0, DAG_PB, SHA2_256, DIGEST_LENGTH);
        }
        ByteReader r = new ByteReader(bytes);
        long version = r.readVarint();
        if (version != 1) {
            throw new ProtocolException("unsupported CID version " + version);
        }
        long codec = r.readVarint();
        long hash = r.readVarint();
        int length = r.readLength(r.remaining());
        if (r.remaining() != length) {
            throw new ProtocolException("CID digest length does not match");
        }
        return new Prefix(1, codec, hash, length);
    }

    /**
     * Computes the CID of a block from its prefix, refusing what the node does not verify.
     *
     * @param prefix the prefix sent with the block
     * @param data the block
     * @return the binary CID
     * @throws ProtocolException if the prefix names another hash, digest length, codec or version
     */
    public static byte[] cidOf(Prefix prefix, byte[] data) throws ProtocolException {
        if (prefix.hashFunction() != SHA2_256 || prefix.digestLength() != DIGEST_LENGTH) {
            throw new ProtocolException("only sha2-256 blocks are accepted");
        }
        if (prefix.codec() != RAW && prefix.codec() != DAG_PB) {
            throw new ProtocolException(
                    "unsupported block codec 0x" + Long.toHexString(prefix.codec()));
        }
        byte[] digest = sha256(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (prefix.version() == 0) {
            if (prefix.codec() != DAG_PB) {
                throw new ProtocolException("a CIDv0 is always dag-pb");
            }
        } else if (prefix.version() == 1) {
            out.writeBytes(Varint.encode(1));
            out.writeBytes(Varint.encode(prefix.codec()));
        } else {
            throw new ProtocolException("unsupported CID version " + prefix.version());
        }
        out.write(SHA2_256);
        out.write(DIGEST_LENGTH);
        out.writeBytes(digest);
        return out.toByteArray();
    }

    /**
     * Tells whether a block's bytes match a binary CID.
     *
     * @param cid the binary CID
     * @param data the block
     * @return whether the CID is one the node verifies and the data hashes to it
     */
    public static boolean matches(byte[] cid, byte[] data) {
        try {
            return Arrays.equals(cid, cidOf(prefixOf(cid), data));
        } catch (ProtocolException e) {
            return false;
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
