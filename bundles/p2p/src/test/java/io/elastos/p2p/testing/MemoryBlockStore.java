// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.testing;

import io.elastos.api.storage.BlockStore;
import io.elastos.api.storage.Cid;
import io.elastos.api.storage.StorageException;
import io.elastos.p2p.internal.bitswap.CidBytes;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link BlockStore} in memory that, like the real one, checks every block against its CID. */
public final class MemoryBlockStore implements BlockStore {

    private final Map<String, byte[]> blocks = new ConcurrentHashMap<>();

    @Override
    public void put(Cid cid, byte[] block) throws StorageException {
        byte[] bytes;
        try {
            bytes = CidBytes.toBytes(cid);
        } catch (IllegalArgumentException e) {
            throw new StorageException(StorageException.Reason.INVALID_ARGUMENT, e.getMessage());
        }
        if (!CidBytes.matches(bytes, block)) {
            throw new StorageException(
                    StorageException.Reason.INTEGRITY, "block does not match " + cid);
        }
        blocks.putIfAbsent(cid.value(), block.clone());
    }

    @Override
    public Optional<byte[]> get(Cid cid) {
        return Optional.ofNullable(blocks.get(cid.value())).map(byte[]::clone);
    }

    @Override
    public boolean has(Cid cid) {
        return blocks.containsKey(cid.value());
    }

    @Override
    public boolean delete(Cid cid) {
        return blocks.remove(cid.value()) != null;
    }

    /** The number of stored blocks. */
    public int size() {
        return blocks.size();
    }
}
