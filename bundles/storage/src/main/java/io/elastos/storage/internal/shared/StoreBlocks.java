// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.shared;

import io.elastos.api.storage.StorageException;
import io.elastos.api.storage.StorageException.Reason;
import io.elastos.storage.internal.blocks.BlockFiles;
import io.elastos.storage.internal.ipfs.BlockMismatchException;
import io.elastos.storage.internal.ipfs.BlockSink;
import io.elastos.storage.internal.ipfs.BlockSource;
import io.elastos.storage.internal.ipfs.ContentId;
import java.io.IOException;

/**
 * Adapts {@link BlockFiles} (keyed by SHA-256 hex) to the CID-keyed {@link BlockSink} and {@link
 * BlockSource} the IPFS codecs use. Both codecs of one digest share a file, which is harmless: the
 * bytes are the same.
 *
 * <p>The codecs speak {@link IOException}, so a {@link StorageException} from the block files
 * travels inside a {@link Failure} and {@link SharedStore} unwraps it, keeping its reason.
 */
final class StoreBlocks implements BlockSink, BlockSource {

    private final BlockFiles files;

    StoreBlocks(BlockFiles files) {
        this.files = files;
    }

    @Override
    public void put(ContentId cid, byte[] block) throws IOException {
        try {
            files.put(cid.digestHex(), block);
        } catch (StorageException e) {
            throw new Failure(e);
        }
    }

    @Override
    public byte[] get(ContentId cid) throws IOException {
        try {
            return files.get(cid.digestHex()).orElse(null);
        } catch (StorageException e) {
            if (e.reason() == Reason.INTEGRITY) {
                // The codecs report a damaged block as a mismatch of the CID they asked for.
                BlockMismatchException mismatch = new BlockMismatchException(cid);
                mismatch.initCause(e);
                throw mismatch;
            }
            throw new Failure(e);
        }
    }

    /**
     * Tells whether a block is stored, without reading it.
     *
     * @param cid the block's CID
     * @return whether its file exists
     */
    boolean has(ContentId cid) throws StorageException {
        return files.has(cid.digestHex());
    }

    /** A {@link StorageException} carried through an {@link IOException}-only interface. */
    static final class Failure extends IOException {
        private static final long serialVersionUID = 1L;

        Failure(StorageException cause) {
            super(cause.getMessage(), cause);
        }

        StorageException storageException() {
            return (StorageException) getCause();
        }
    }
}
