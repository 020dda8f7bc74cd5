// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.protocol;

import io.elastos.api.p2p.PeerId;
import io.elastos.p2p.internal.peer.Multiaddr;
import java.util.List;

/**
 * What a peer told us about itself over identify.
 *
 * @param peer the peer, as authenticated by Noise and matched against its identify key
 * @param protocolVersion such as {@code ipfs/0.1.0}
 * @param agentVersion such as {@code js-libp2p/3.0.0}
 * @param listenAddrs its listen addresses in the supported multiaddr shape; others are left out
 * @param protocols the protocol ids it serves
 * @param observedAddr how it sees our end of the connection, or {@code null}
 */
public record IdentifyInfo(
        PeerId peer,
        String protocolVersion,
        String agentVersion,
        List<Multiaddr> listenAddrs,
        List<String> protocols,
        Multiaddr observedAddr) {

    /** Copies the lists so the record is immutable. */
    public IdentifyInfo {
        listenAddrs = List.copyOf(listenAddrs);
        protocols = List.copyOf(protocols);
    }
}
