// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.p2p;

import java.util.List;
import java.util.Objects;

/**
 * What the node knows of a connected peer, mostly learned from the libp2p identify protocol.
 *
 * @param id the peer's id, authenticated by the Noise handshake
 * @param addresses the multiaddrs the peer listens on, such as {@code /ip4/192.0.2.7/tcp/4001}
 * @param protocols the protocol ids the peer supports, such as {@code /ipfs/bitswap/1.2.0}
 * @param agentVersion the peer's agent string, such as {@code kubo/0.35.0}; {@code ""} if unknown
 */
public record PeerInfo(
        PeerId id, List<String> addresses, List<String> protocols, String agentVersion) {

    /**
     * Validates the info and copies the lists so it is immutable.
     *
     * @throws NullPointerException if any component or list element is {@code null}
     */
    public PeerInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(agentVersion, "agentVersion");
        addresses = List.copyOf(addresses);
        protocols = List.copyOf(protocols);
    }
}
