// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.ipfs;

import java.io.IOException;

/** Looks blocks up by CID, for walking a stored DAG. */
@FunctionalInterface
public interface BlockSource {

    /**
     * Returns a block.
     *
     * @param cid the block's CID
     * @return the block's bytes, or {@code null} if the block is not available
     * @throws IOException if the block cannot be read
     */
    byte[] get(ContentId cid) throws IOException;
}
