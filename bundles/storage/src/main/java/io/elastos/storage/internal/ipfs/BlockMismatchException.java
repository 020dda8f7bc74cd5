// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.ipfs;

import java.io.IOException;

/** A block's bytes do not hash to the digest in its CID: corrupt or forged data. */
public class BlockMismatchException extends IOException {

    private static final long serialVersionUID = 1L;

    /** The CID whose block failed verification. */
    private final transient ContentId cid;

    /**
     * Creates the exception.
     *
     * @param cid the CID the block claimed
     */
    public BlockMismatchException(ContentId cid) {
        super("block does not match its CID " + cid);
        this.cid = cid;
    }

    /**
     * Returns the CID whose block failed verification.
     *
     * @return the CID
     */
    public ContentId cid() {
        return cid;
    }
}
