// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.p2p;

import io.elastos.api.storage.Cid;
import java.time.Duration;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Fetches blocks from other peers by CID (bitswap). The storage bundle uses it to bring a whole DAG
 * into the shared partition: it asks for the root, reads its links and asks for those.
 */
@ProviderType
public interface BlockExchange {

    /** The largest block the exchange accepts from a peer (the bitswap convention). */
    int MAX_BLOCK_SIZE = 2 << 20;

    /**
     * Fetches one block from the connected peers. The bytes are checked against the CID's multihash
     * before they are returned; nothing is stored.
     *
     * @param cid the block's CID (raw or dag-pb, SHA-256)
     * @param timeout how long to wait for a peer that has it
     * @return the verified block
     * @throws P2pException if no connected peer delivers it in time, or a peer sends bytes that do
     *     not match (that peer is then not asked again for it)
     */
    byte[] fetch(Cid cid, Duration timeout) throws P2pException;
}
