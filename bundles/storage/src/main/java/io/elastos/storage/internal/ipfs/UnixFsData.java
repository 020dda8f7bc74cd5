// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.ipfs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The UnixFS {@code Data} protobuf carried in a dag-pb node's data: type, inline bytes, file size
 * and the sizes of the children's file ranges.
 *
 * <p>Only the fields the importer writes are kept. Decoding also accepts the optional {@code
 * hashType}, {@code fanout}, {@code mode} and {@code mtime} fields other implementations may write,
 * and drops them; unknown fields are refused.
 *
 * @param type the node type
 * @param data inline file bytes, {@code null} when absent
 * @param fileSize the file size, {@code null} when absent
 * @param blockSizes for each link, the number of file bytes below it
 */
public record UnixFsData(Type type, byte[] data, Long fileSize, List<Long> blockSizes) {

    /** UnixFS node types with their protobuf enum values. */
    public enum Type {
        /** Raw bytes (legacy leaves). */
        RAW,
        /** A directory; links are its entries. */
        DIRECTORY,
        /** A file; links are its chunks in order. */
        FILE,
        /** Metadata (unused). */
        METADATA,
        /** A symbolic link; data is the target. */
        SYMLINK,
        /** A HAMT-sharded directory. */
        HAMT_SHARD
    }

    /** The data of a directory node without mode or mtime, as the importer writes it. */
    public static final UnixFsData DIRECTORY =
            new UnixFsData(Type.DIRECTORY, null, null, List.of());

    private static final int TYPE = 1;
    private static final int DATA = 2;
    private static final int FILESIZE = 3;
    private static final int BLOCKSIZES = 4;
    private static final int HASH_TYPE = 5;
    private static final int FANOUT = 6;
    private static final int MODE = 7;
    private static final int MTIME = 8;

    /**
     * Copies the block sizes.
     *
     * @throws NullPointerException if {@code type} or {@code blockSizes} is null
     */
    public UnixFsData {
        Objects.requireNonNull(type, "type");
        blockSizes = List.copyOf(blockSizes);
    }

    /**
     * Encodes the message with fields in number order, as js-ipfs and Kubo do.
     *
     * @return the protobuf bytes
     */
    public byte[] encode() {
        ProtoWriter w = new ProtoWriter(16 + blockSizes.size() * 5);
        w.varintField(TYPE, type.ordinal());
        if (data != null) {
            w.bytesField(DATA, data);
        }
        if (fileSize != null) {
            w.varintField(FILESIZE, fileSize);
        }
        for (long size : blockSizes) {
            w.varintField(BLOCKSIZES, size);
        }
        return w.toByteArray();
    }

    /**
     * Decodes a UnixFS message.
     *
     * @param bytes the protobuf bytes, a dag-pb node's data
     * @return the message
     * @throws IOException if the bytes are malformed, the type is missing or unknown, or a field is
     *     unknown
     */
    public static UnixFsData decode(byte[] bytes) throws IOException {
        ByteReader r = new ByteReader(bytes);
        Type type = null;
        byte[] data = null;
        Long fileSize = null;
        List<Long> blockSizes = new ArrayList<>();
        while (r.hasRemaining()) {
            long key = r.readVarint();
            int wire = (int) (key & 7);
            long field = key >>> 3;
            if (field == BLOCKSIZES && wire == ProtoWriter.LENGTH_DELIMITED) {
                // proto2 allows a packed encoding of the repeated field too.
                ByteReader packed = r.slice(r.readLength());
                while (packed.hasRemaining()) {
                    blockSizes.add(packed.readVarint());
                }
                continue;
            }
            boolean bytesField = field == DATA || field == MTIME;
            int expected = bytesField ? ProtoWriter.LENGTH_DELIMITED : ProtoWriter.VARINT;
            if (field < TYPE || field > MTIME || wire != expected) {
                throw new IOException("unixfs: unknown field " + field + " or wire type " + wire);
            }
            if (field == TYPE) {
                long t = r.readVarint();
                if (t >= Type.values().length) {
                    throw new IOException("unixfs: unknown type " + t);
                }
                type = Type.values()[(int) t];
            } else if (field == DATA) {
                data = r.readBytes(r.readLength());
            } else if (field == FILESIZE) {
                fileSize = r.readVarint();
            } else if (field == BLOCKSIZES) {
                blockSizes.add(r.readVarint());
            } else if (field == MTIME) {
                r.slice(r.readLength());
            } else {
                r.readVarint(); // hashType, fanout, mode: not needed to read files
            }
        }
        if (type == null) {
            throw new IOException("unixfs: missing Type");
        }
        return new UnixFsData(type, data, fileSize, blockSizes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnixFsData u
                && type == u.type
                && Arrays.equals(data, u.data)
                && Objects.equals(fileSize, u.fileSize)
                && blockSizes.equals(u.blockSizes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, Arrays.hashCode(data), fileSize, blockSizes);
    }

    @Override
    public String toString() {
        return "UnixFsData["
                + type
                + ", fileSize="
                + fileSize
                + ", blocks="
                + blockSizes.size()
                + "]";
    }
}
