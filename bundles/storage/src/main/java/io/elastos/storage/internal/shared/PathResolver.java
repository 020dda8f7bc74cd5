// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.shared;

import io.elastos.api.storage.StorageException;
import io.elastos.api.storage.StorageException.Reason;
import io.elastos.storage.internal.ipfs.ContentId;
import io.elastos.storage.internal.ipfs.HamtDirectory;
import io.elastos.storage.internal.ipfs.PbLink;
import io.elastos.storage.internal.ipfs.PbNode;
import io.elastos.storage.internal.ipfs.UnixFsData;
import java.io.IOException;
import java.util.List;

/**
 * Follows a path of names below a root CID through UnixFS directories, flat or HAMT-sharded, to the
 * CID of the entry it names, as an IPFS gateway resolves {@code /ipfs/<cid>/a/b.txt}. Every block
 * on the way is read from the store (and so checked against its CID).
 */
final class PathResolver {
    /** Shard levels followed at most: 8 levels already cover 2^64 slots. */
    private static final int MAX_LEVELS = 16;

    private final StoreBlocks blocks;

    PathResolver(StoreBlocks blocks) {
        this.blocks = blocks;
    }

    ContentId resolve(ContentId root, List<String> names) throws StorageException {
        ContentId at = root;
        String walked = root.toString();
        for (String name : names) {
            PbNode dir = directory(at, walked);
            UnixFsData data = unixfs(at, dir, walked);
            ContentId next =
                    switch (data.type()) {
                        case DIRECTORY -> flat(dir, name);
                        case HAMT_SHARD -> sharded(dir, name, walked);
                        default -> null;
                    };
            if (data.type() != UnixFsData.Type.DIRECTORY
                    && data.type() != UnixFsData.Type.HAMT_SHARD) {
                throw new StorageException(Reason.NOT_FOUND, walked + " is not a directory");
            }
            walked += "/" + name;
            if (next == null) {
                throw new StorageException(Reason.NOT_FOUND, "no entry " + walked);
            }
            at = next;
        }
        return at;
    }

    private static ContentId flat(PbNode dir, String name) {
        for (PbLink link : dir.links()) {
            if (name.equals(link.name())) {
                return link.hash();
            }
        }
        return null;
    }

    private ContentId sharded(PbNode shard, String name, String walked) throws StorageException {
        PbNode node = shard;
        for (int level = 0; level < MAX_LEVELS; level++) {
            String prefix = String.format("%02X", HamtDirectory.slot(name, level));
            PbLink hit = null;
            for (PbLink link : node.links()) {
                if (link.name() != null && link.name().startsWith(prefix)) {
                    hit = link;
                    break;
                }
            }
            if (hit == null) {
                return null;
            }
            if (hit.name().length() > 2) {
                return hit.name().substring(2).equals(name) ? hit.hash() : null;
            }
            node = directory(hit.hash(), walked); // a sub-shard: one more level
        }
        throw new StorageException(Reason.INVALID_ARGUMENT, walked + " is sharded too deep");
    }

    private PbNode directory(ContentId cid, String walked) throws StorageException {
        if (cid.codec() != ContentId.DAG_PB) {
            throw new StorageException(Reason.NOT_FOUND, walked + " is not a directory");
        }
        byte[] block;
        try {
            block = blocks.get(cid);
        } catch (StoreBlocks.Failure e) {
            throw e.storageException();
        } catch (IOException e) {
            throw new StorageException(Reason.INTEGRITY, "block " + cid + ": " + e.getMessage(), e);
        }
        if (block == null) {
            throw new StorageException(Reason.NOT_FOUND, "block " + cid + " is not stored here");
        }
        try {
            return PbNode.decode(block);
        } catch (IOException e) {
            throw new StorageException(Reason.INVALID_ARGUMENT, walked + ": " + e.getMessage(), e);
        }
    }

    private static UnixFsData unixfs(ContentId cid, PbNode node, String walked)
            throws StorageException {
        if (node.data() == null) {
            throw new StorageException(Reason.NOT_FOUND, walked + " is not a directory");
        }
        try {
            return UnixFsData.decode(node.data());
        } catch (IOException e) {
            throw new StorageException(
                    Reason.INVALID_ARGUMENT,
                    walked + " (" + cid + ") is not UnixFS: " + e.getMessage(),
                    e);
        }
    }
}
