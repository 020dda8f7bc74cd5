// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.ipfs;

import io.elastos.api.storage.Cid;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A CIDv1 with a SHA-256 multihash, for the two codecs a UnixFS DAG uses: {@link #RAW} leaves and
 * {@link #DAG_PB} nodes.
 *
 * <p>Binary form: {@code varint(1) varint(codec) varint(0x12) varint(32) digest}; string form:
 * {@code 'b'} + lowercase base32 of that. Anything else (CIDv0, other bases, other hashes or
 * codecs) is refused, because the node stores only blocks it can verify and the block store is
 * keyed by the SHA-256 {@link #digest()}. Immutable.
 */
public final class ContentId {

    /** Multicodec of a raw block: the bytes are the content. */
    public static final int RAW = 0x55;

    /** Multicodec of a dag-pb (protobuf) node. */
    public static final int DAG_PB = 0x70;

    /** Multihash code of SHA2-256. */
    public static final int SHA2_256 = 0x12;

    /** Length of a SHA-256 digest. */
    public static final int DIGEST_LENGTH = 32;

    /** Length of the binary form: version, codec, hash code, digest length, digest. */
    public static final int BINARY_LENGTH = 4 + DIGEST_LENGTH;

    private final int codec;
    private final byte[] digest;

    private ContentId(int codec, byte[] digest) {
        this.codec = codec;
        this.digest = digest;
    }

    /**
     * Makes a CID from a codec and a digest.
     *
     * @param codec {@link #RAW} or {@link #DAG_PB}
     * @param digest the 32-byte SHA-256 of the block
     * @return the CID
     * @throws IllegalArgumentException if the codec is unsupported or the digest is not 32 bytes
     */
    public static ContentId of(int codec, byte[] digest) {
        requireCodec(codec);
        if (digest.length != DIGEST_LENGTH) {
            throw new IllegalArgumentException("SHA-256 digest must be 32 bytes: " + digest.length);
        }
        return new ContentId(codec, digest.clone());
    }

    /**
     * Hashes a block and makes its CID.
     *
     * @param codec {@link #RAW} or {@link #DAG_PB}
     * @param block the block's bytes
     * @return the CID
     */
    public static ContentId forBlock(int codec, byte[] block) {
        requireCodec(codec);
        return new ContentId(codec, sha256(block));
    }

    /**
     * Parses the string form.
     *
     * @param text a {@code b...} CIDv1
     * @return the CID
     * @throws IllegalArgumentException if the text is not a lowercase-base32 CIDv1 with a SHA-256
     *     multihash and a raw or dag-pb codec
     */
    public static ContentId parse(String text) {
        if (text.isEmpty() || text.charAt(0) != 'b') {
            throw new IllegalArgumentException(
                    "only lowercase base32 CIDv1 ('b...') is supported: " + abbreviate(text));
        }
        // 59 characters for our CIDs; the bound only keeps hostile input from being decoded.
        if (text.length() > 128) {
            throw new IllegalArgumentException("CID too long: " + abbreviate(text));
        }
        return fromBytes(Base32.decode(text.substring(1)));
    }

    /**
     * Converts the API's CID string.
     *
     * @param cid the API value
     * @return the CID
     * @throws IllegalArgumentException as {@link #parse}
     */
    public static ContentId fromApi(Cid cid) {
        return parse(cid.value());
    }

    /**
     * Decodes the binary form, which must be the whole array.
     *
     * @param bytes the binary CID
     * @return the CID
     * @throws IllegalArgumentException if the bytes are not a supported CID
     */
    public static ContentId fromBytes(byte[] bytes) {
        ByteReader r = new ByteReader(bytes);
        ContentId cid;
        try {
            cid = read(r);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed CID: " + e.getMessage(), e);
        }
        if (r.hasRemaining()) {
            throw new IllegalArgumentException("trailing bytes after CID");
        }
        return cid;
    }

    /**
     * Reads a binary CID from the reader's position.
     *
     * @throws IOException if the bytes end early or a varint is malformed
     * @throws IllegalArgumentException if the CID is well-formed but unsupported
     */
    static ContentId read(ByteReader r) throws IOException {
        long version = r.readVarint();
        if (version == SHA2_256) {
            throw new IllegalArgumentException("CIDv0 is not supported; use CIDv1");
        }
        if (version != 1) {
            throw new IllegalArgumentException("unsupported CID version " + version);
        }
        long codec = r.readVarint();
        if (codec != RAW && codec != DAG_PB) {
            throw new IllegalArgumentException("unsupported codec 0x" + Long.toHexString(codec));
        }
        long hash = r.readVarint();
        if (hash != SHA2_256) {
            throw new IllegalArgumentException("unsupported multihash 0x" + Long.toHexString(hash));
        }
        long length = r.readVarint();
        if (length != DIGEST_LENGTH) {
            throw new IllegalArgumentException("SHA-256 digest length must be 32: " + length);
        }
        return new ContentId((int) codec, r.readBytes(DIGEST_LENGTH));
    }

    /**
     * Returns the codec.
     *
     * @return {@link #RAW} or {@link #DAG_PB}
     */
    public int codec() {
        return codec;
    }

    /**
     * Returns the SHA-256 of the block this CID names.
     *
     * @return a copy of the 32-byte digest
     */
    public byte[] digest() {
        return digest.clone();
    }

    /**
     * Returns the digest in lowercase hex, the key of the node's block store.
     *
     * @return 64 hex digits
     */
    public String digestHex() {
        return HexFormat.of().formatHex(digest);
    }

    /**
     * Checks whether a block's bytes hash to this CID's digest.
     *
     * @param block the block
     * @return whether the SHA-256 matches
     */
    public boolean matches(byte[] block) {
        return MessageDigest.isEqual(digest, sha256(block));
    }

    /**
     * Returns the binary form.
     *
     * @return a new array of {@link #BINARY_LENGTH} bytes
     */
    public byte[] bytes() {
        byte[] out = new byte[BINARY_LENGTH];
        out[0] = 1;
        out[1] = (byte) codec; // both codecs are below 0x80, so one varint byte
        out[2] = SHA2_256;
        out[3] = DIGEST_LENGTH;
        System.arraycopy(digest, 0, out, 4, DIGEST_LENGTH);
        return out;
    }

    /**
     * Returns the API's CID value.
     *
     * @return the same string as {@link #toString()}
     */
    public Cid toApi() {
        return new Cid(toString());
    }

    /**
     * Returns the string form.
     *
     * @return {@code 'b'} + lowercase base32 of {@link #bytes()}
     */
    @Override
    public String toString() {
        return "b" + Base32.encode(bytes());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ContentId c && c.codec == codec && Arrays.equals(c.digest, digest);
    }

    @Override
    public int hashCode() {
        return 31 * codec + Arrays.hashCode(digest);
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static void requireCodec(int codec) {
        if (codec != RAW && codec != DAG_PB) {
            throw new IllegalArgumentException("unsupported codec 0x" + Integer.toHexString(codec));
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? "\"" + s + "\"" : "\"" + s.substring(0, 80) + "...\"";
    }
}
