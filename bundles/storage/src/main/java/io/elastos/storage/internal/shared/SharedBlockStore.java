// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.shared;

import io.elastos.api.storage.BlockStore;
import io.elastos.api.storage.Cid;
import io.elastos.api.storage.StorageException;
import io.elastos.api.storage.StorageException.Reason;
import io.elastos.storage.internal.StorageService;
import io.elastos.storage.internal.ipfs.ContentId;
import java.io.IOException;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The shared partition's blocks as the {@link BlockStore} service the P2P bundle serves over
 * bitswap and stores fetched blocks in. Only the shared partition: the private partition's sealed
 * chunks are never reachable through it. Every stored block is checked against its CID; blocks are
 * removed only by garbage collection (unpinned ones), never by a peer.
 */
@Component(service = BlockStore.class)
public class SharedBlockStore implements BlockStore {

    @Reference StorageService storage;

    @Override
    public void put(Cid cid, byte[] block) throws StorageException {
        ContentId id = SharedStore.parse(cid);
        try {
            blocks().put(id, block);
        } catch (StoreBlocks.Failure e) {
            throw e.storageException();
        } catch (IOException e) {
            throw new StorageException(Reason.IO, "cannot store " + cid.value() + ": " + e, e);
        }
    }

    @Override
    public Optional<byte[]> get(Cid cid) throws StorageException {
        ContentId id = parseOrNull(cid);
        if (id == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(blocks().get(id));
        } catch (StoreBlocks.Failure e) {
            throw e.storageException();
        } catch (IOException e) {
            throw new StorageException(Reason.INTEGRITY, "block " + cid.value() + ": " + e, e);
        }
    }

    @Override
    public boolean has(Cid cid) throws StorageException {
        ContentId id = parseOrNull(cid);
        return id != null && blocks().has(id);
    }

    @Override
    public boolean delete(Cid cid) throws StorageException {
        throw new StorageException(
                Reason.INVALID_ARGUMENT,
                "shared blocks are removed by garbage collection once unpinned, not one by one");
    }

    private StoreBlocks blocks() {
        return storage.sharedStore().storeBlocks();
    }

    /** A CID this partition cannot hold (another hash or codec) is simply not stored here. */
    private static ContentId parseOrNull(Cid cid) {
        try {
            return SharedStore.parse(cid);
        } catch (StorageException e) {
            return null;
        }
    }
}
