// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.shared;

import io.elastos.storage.internal.ipfs.BlockSource;
import io.elastos.storage.internal.ipfs.ContentId;
import io.elastos.storage.internal.ipfs.MissingBlockException;
import io.elastos.storage.internal.ipfs.PbNode;
import io.elastos.storage.internal.ipfs.UnixFsData;
import java.io.IOException;
import java.io.InputStream;

/**
 * A UnixFS file in a block store: its size, known from the root block alone, and streams of any
 * byte range of it.
 *
 * <p>A file is either a raw block (a one-chunk file) or a dag-pb node of UnixFS type File (or the
 * legacy type Raw) whose bytes are its inline data followed by its children's bytes, each child
 * covering the number of bytes its {@code blocksizes} entry says. The source must verify blocks
 * against their CIDs; this class checks the sizes, so a node that lies about them fails the read
 * instead of yielding a different file.
 */
final class UnixFsFile {

    private final BlockSource source;
    private final ContentId root;
    private final long size;

    private UnixFsFile(BlockSource source, ContentId root, long size) {
        this.source = source;
        this.root = root;
        this.size = size;
    }

    /**
     * Reads a file's root block.
     *
     * @param source where the blocks are
     * @param root the file's root CID
     * @return the file
     * @throws MissingBlockException if the root block is not stored
     * @throws NotAFileException if the root is not a UnixFS file (a directory, say)
     * @throws IOException if the root block cannot be read or decoded
     */
    static UnixFsFile open(BlockSource source, ContentId root) throws IOException {
        byte[] block = load(source, root);
        long size = root.codec() == ContentId.RAW ? block.length : fileNode(root, block).size();
        return new UnixFsFile(source, root, size);
    }

    /** The file's length in bytes. */
    long size() {
        return size;
    }

    /**
     * Streams part of the file, reading (and verifying) blocks only as they are reached; subtrees
     * wholly before {@code offset} are skipped without being read.
     *
     * @param offset the first byte, at most {@link #size()}
     * @param length how many bytes, at most {@code size() - offset}
     * @return the bytes; a missing or damaged block fails the read with an {@link IOException}
     */
    InputStream stream(long offset, long length) {
        if (offset < 0 || length < 0 || offset + length > size) {
            throw new IndexOutOfBoundsException(
                    "range " + offset + "+" + length + " outside a file of " + size + " bytes");
        }
        return new UnixFsStream(this, offset, length);
    }

    ContentId root() {
        return root;
    }

    BlockSource source() {
        return source;
    }

    static byte[] load(BlockSource source, ContentId cid) throws IOException {
        byte[] block = source.get(cid);
        if (block == null) {
            throw new MissingBlockException(cid);
        }
        return block;
    }

    /**
     * Decodes a dag-pb file node and checks that its sizes add up.
     *
     * @throws NotAFileException if the node is not of type File or Raw
     * @throws IOException if it is malformed
     */
    static FileNode fileNode(ContentId cid, byte[] block) throws IOException {
        PbNode node = PbNode.decode(block);
        if (node.data() == null) {
            throw new NotAFileException(cid, "a dag-pb node without UnixFS data");
        }
        UnixFsData data = UnixFsData.decode(node.data());
        if (data.type() != UnixFsData.Type.FILE && data.type() != UnixFsData.Type.RAW) {
            throw new NotAFileException(cid, "a UnixFS " + data.type().name().toLowerCase());
        }
        if (data.blockSizes().size() != node.links().size()) {
            throw new IOException(
                    "UnixFS node "
                            + cid
                            + " has "
                            + node.links().size()
                            + " links but "
                            + data.blockSizes().size()
                            + " block sizes");
        }
        long size = data.data() == null ? 0 : data.data().length;
        for (long s : data.blockSizes()) {
            if (s < 0 || size + s < size) {
                throw new IOException("UnixFS node " + cid + " has an impossible block size");
            }
            size += s;
        }
        if (data.fileSize() != null && data.fileSize() != size) {
            throw new IOException(
                    "UnixFS node "
                            + cid
                            + " claims "
                            + data.fileSize()
                            + " bytes but its parts hold "
                            + size);
        }
        return new FileNode(node, data, size);
    }

    /** A decoded file node with its checked size. */
    record FileNode(PbNode node, UnixFsData data, long size) {}

    /** The root is a UnixFS node, but not a file. */
    static final class NotAFileException extends IOException {
        private static final long serialVersionUID = 1L;

        NotAFileException(ContentId cid, String what) {
            super(cid + " is not a UnixFS file but " + what);
        }
    }
}
