// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.ipfs;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes CAR v1 archives: a varint-prefixed DAG-CBOR header naming the roots, then one section per
 * block, {@code varint(length) CID block}.
 *
 * <p>{@link #exportDag} writes a DAG's blocks in depth-first pre-order from the root, links in node
 * order, each block once: the order Kubo's {@code dag export} and the trustless gateway ({@code
 * dups=n}) use, which lets a reader verify and consume a file front to back.
 */
public final class CarWriter {

    private final OutputStream out;

    /**
     * Starts an archive by writing its header.
     *
     * @param out where to write; not closed by this class
     * @param roots the roots to name in the header
     * @throws IOException if writing fails
     */
    public CarWriter(OutputStream out, List<ContentId> roots) throws IOException {
        this.out = out;
        byte[] header = CarHeader.encode(roots);
        Varint.write(header.length, out);
        out.write(header);
    }

    /**
     * Appends one block section. The caller vouches that the block matches its CID.
     *
     * @param cid the block's CID
     * @param block the block's bytes
     * @throws IOException if writing fails
     */
    public void writeBlock(ContentId cid, byte[] block) throws IOException {
        byte[] cidBytes = cid.bytes();
        Varint.write((long) cidBytes.length + block.length, out);
        out.write(cidBytes);
        out.write(block);
    }

    /**
     * Writes a whole archive of one root and every block reachable from it.
     *
     * @param root the DAG's root
     * @param source where to read the blocks
     * @param out where to write; not closed
     * @return the number of blocks written
     * @throws MissingBlockException if a block of the DAG is not in the source
     * @throws IOException if a block is not valid dag-pb, does not match its CID, or I/O fails
     */
    public static long exportDag(ContentId root, BlockSource source, OutputStream out)
            throws IOException {
        CarWriter writer = new CarWriter(out, List.of(root));
        Set<ContentId> written = new HashSet<>();
        Deque<ContentId> stack = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            ContentId cid = stack.pop();
            if (!written.add(cid)) {
                continue;
            }
            byte[] block = source.get(cid);
            if (block == null) {
                throw new MissingBlockException(cid);
            }
            // Never export a corrupt block as if it were the DAG's: the reader would refuse it.
            if (!cid.matches(block)) {
                throw new BlockMismatchException(cid);
            }
            writer.writeBlock(cid, block);
            if (cid.codec() == ContentId.DAG_PB) {
                List<PbLink> links = PbNode.decode(block).links();
                for (int i = links.size() - 1; i >= 0; i--) {
                    stack.push(links.get(i).hash());
                }
            }
        }
        return written.size();
    }
}
