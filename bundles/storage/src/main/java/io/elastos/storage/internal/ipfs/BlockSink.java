// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.ipfs;

import java.io.IOException;

/** Receives the blocks of a DAG as they are built or read. */
@FunctionalInterface
public interface BlockSink {

    /** A sink that drops every block, for computing a CID only. */
    BlockSink DISCARD = (cid, block) -> {};

    /**
     * Takes one block. The array is the caller's to keep: producers never reuse it.
     *
     * @param cid the block's CID, whose digest is the SHA-256 of {@code block}
     * @param block the block's bytes
     * @throws IOException if the block cannot be stored
     */
    void put(ContentId cid, byte[] block) throws IOException;
}
