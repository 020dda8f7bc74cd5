// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.ipfs;

import java.io.IOException;

/** A block needed to walk a DAG is not available from the {@link BlockSource}. */
public class MissingBlockException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient ContentId cid;

    /**
     * Creates the exception.
     *
     * @param cid the missing block's CID
     */
    public MissingBlockException(ContentId cid) {
        super("block not found: " + cid);
        this.cid = cid;
    }

    /**
     * Returns the missing block's CID.
     *
     * @return the CID
     */
    public ContentId cid() {
        return cid;
    }
}
