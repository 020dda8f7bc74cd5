// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.shared;

import io.elastos.api.storage.StorageException;
import io.elastos.storage.internal.ipfs.ContentId;
import io.elastos.storage.internal.ipfs.MissingBlockException;
import io.elastos.storage.internal.ipfs.PbLink;
import io.elastos.storage.internal.ipfs.PbNode;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Walks the stored DAG below a root through its dag-pb links, for the garbage collector's mark
 * phase and for checking that an imported DAG is complete.
 *
 * <p>Only dag-pb nodes are read (and so verified); raw leaves have no links and are only checked
 * for presence, which keeps marking cheap: a file's leaves are all but a few of its blocks.
 */
final class DagWalk {

    private final StoreBlocks blocks;
    private final boolean strict;
    // Nodes already expanded, by CID: the same bytes may be linked as raw and as dag-pb, and the
    // dag-pb reading must still be walked, so this cannot be keyed by digest alone.
    private final Set<ContentId> expanded = new HashSet<>();
    private final Set<String> reached = new HashSet<>();

    /**
     * @param strict whether a missing block is an error ({@link MissingBlockException}) or only
     *     ends that branch, as the garbage collector needs for a pinned DAG that is already
     *     incomplete
     */
    DagWalk(StoreBlocks blocks, boolean strict) {
        this.blocks = blocks;
        this.strict = strict;
    }

    /**
     * Walks one root's DAG, adding every stored block it reaches to {@link #reached()}.
     *
     * @throws MissingBlockException in strict mode, if a block is not stored
     * @throws IOException if a node is damaged or not valid dag-pb: its links are unknown, so the
     *     walk cannot tell what it keeps alive
     * @throws StorageException if the block files fail
     */
    void walk(ContentId root) throws IOException, StorageException {
        Deque<ContentId> stack = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            ContentId cid = stack.pop();
            if (cid.codec() == ContentId.RAW) {
                if (blocks.has(cid)) {
                    reached.add(cid.digestHex());
                } else if (strict) {
                    throw new MissingBlockException(cid);
                }
                continue;
            }
            if (!expanded.add(cid)) {
                continue;
            }
            byte[] block = blocks.get(cid);
            if (block == null) {
                if (strict) {
                    throw new MissingBlockException(cid);
                }
                continue;
            }
            reached.add(cid.digestHex());
            for (PbLink link : PbNode.decode(block).links()) {
                stack.push(link.hash());
            }
        }
    }

    /** The SHA-256 hex of every stored block reached so far: the block files' keys. */
    Set<String> reached() {
        return reached;
    }
}
