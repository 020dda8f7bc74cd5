// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.ipfs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A dag-pb node: links and optional opaque data (for UnixFS, a {@link UnixFsData} message).
 *
 * <p>Encoding follows the dag-pb specification's canonical form: every {@code Links} entry (field
 * 2) before {@code Data} (field 1), and in each link {@code Hash}, {@code Name}, {@code Tsize} in
 * that order. Decoding is strict: it accepts only that form, without unknown fields, duplicates or
 * non-minimal varints, so a decoded node re-encodes to the same bytes and hence the same CID. Links
 * are kept in the given order; builders sort them where UnixFS requires it.
 *
 * @param links the links, in encoding order
 * @param data the data, {@code null} when absent
 */
public record PbNode(List<PbLink> links, byte[] data) {

    private static final int DATA = 1;
    private static final int LINKS = 2;
    private static final int LINK_HASH = 1;
    private static final int LINK_NAME = 2;
    private static final int LINK_TSIZE = 3;

    /**
     * Copies the links.
     *
     * @throws NullPointerException if {@code links} or one of them is null
     */
    public PbNode {
        links = List.copyOf(links);
    }

    /**
     * Encodes the node.
     *
     * @return the block bytes
     */
    public byte[] encode() {
        ProtoWriter w = new ProtoWriter(64 + links.size() * 48 + (data == null ? 0 : data.length));
        for (PbLink link : links) {
            w.bytesField(LINKS, encodeLink(link));
        }
        if (data != null) {
            w.bytesField(DATA, data);
        }
        return w.toByteArray();
    }

    private static byte[] encodeLink(PbLink link) {
        ProtoWriter w = new ProtoWriter(48);
        w.bytesField(LINK_HASH, link.hash().bytes());
        if (link.name() != null) {
            w.bytesField(LINK_NAME, link.nameBytes());
        }
        if (link.tsize() != null) {
            w.varintField(LINK_TSIZE, link.tsize());
        }
        return w.toByteArray();
    }

    /**
     * Decodes a block strictly.
     *
     * @param block the block bytes
     * @return the node
     * @throws IOException if the block is not canonical dag-pb, or a link's CID is not a supported
     *     CIDv1
     */
    public static PbNode decode(byte[] block) throws IOException {
        ByteReader r = new ByteReader(block);
        List<PbLink> links = new ArrayList<>();
        byte[] data = null;
        while (r.hasRemaining()) {
            long key = r.readVarint();
            if ((key & 7) != ProtoWriter.LENGTH_DELIMITED) {
                throw new IOException("dag-pb: wire type " + (key & 7) + " in PBNode");
            }
            long field = key >>> 3;
            if (field == LINKS) {
                if (data != null) {
                    throw new IOException("dag-pb: Links after Data");
                }
                links.add(decodeLink(r.slice(r.readLength())));
            } else if (field == DATA) {
                if (data != null) {
                    throw new IOException("dag-pb: duplicate Data");
                }
                data = r.readBytes(r.readLength());
            } else {
                throw new IOException("dag-pb: unknown PBNode field " + field);
            }
        }
        return new PbNode(links, data);
    }

    private static PbLink decodeLink(ByteReader r) throws IOException {
        ContentId hash = null;
        String name = null;
        Long tsize = null;
        int last = 0;
        while (r.hasRemaining()) {
            long key = r.readVarint();
            long field = key >>> 3;
            int wire = (int) (key & 7);
            if (field <= last || field > LINK_TSIZE) {
                throw new IOException("dag-pb: PBLink field " + field + " out of order or unknown");
            }
            last = (int) field;
            int expectedWire =
                    field == LINK_TSIZE ? ProtoWriter.VARINT : ProtoWriter.LENGTH_DELIMITED;
            if (wire != expectedWire) {
                throw new IOException("dag-pb: wire type " + wire + " for PBLink field " + field);
            }
            if (field == LINK_HASH) {
                try {
                    hash = ContentId.fromBytes(r.readBytes(r.readLength()));
                } catch (IllegalArgumentException e) {
                    throw new IOException("dag-pb: link " + e.getMessage(), e);
                }
            } else if (field == LINK_NAME) {
                name = utf8(r.readBytes(r.readLength()));
            } else {
                tsize = r.readVarint();
            }
        }
        if (hash == null) {
            throw new IOException("dag-pb: PBLink without Hash");
        }
        return new PbLink(hash, name, tsize);
    }

    private static String utf8(byte[] bytes) throws IOException {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IOException("dag-pb: link name is not UTF-8", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PbNode n && links.equals(n.links) && Arrays.equals(data, n.data);
    }

    @Override
    public int hashCode() {
        return 31 * links.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "PbNode[links=" + links.size() + ", data=" + (data == null ? -1 : data.length) + "]";
    }
}
