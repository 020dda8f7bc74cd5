// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.p2p;

import io.elastos.api.identity.Did;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The node's libp2p host: TCP transport, Noise handshake under the node's Ed25519 identity, Yamux
 * streams, identify and ping, and the node protocol {@code /elastos/msg/1.0.0} for end-to-end
 * encrypted messages between DIDs. Incoming messages go to every registered {@link
 * MessageListener}. Implementations are thread-safe.
 */
@ProviderType
public interface P2pNode {

    /** The largest message payload {@link #sendMessage(Did, byte[])} accepts, in bytes. */
    int MAX_MESSAGE_SIZE = 1 << 20;

    /**
     * Returns the node's own peer id, derived from the node key.
     *
     * @return the peer id
     */
    PeerId peerId();

    /**
     * Returns the addresses the node listens on.
     *
     * @return multiaddrs such as {@code /ip4/127.0.0.1/tcp/4001}, without the {@code /p2p/} suffix
     */
    List<String> listenAddresses();

    /**
     * Dials a peer, or returns the existing connection to it. When the address ends with {@code
     * /p2p/<peer id>}, the handshake must prove that identity or the connection is dropped.
     *
     * @param multiaddr the address to dial, such as {@code /ip4/192.0.2.7/tcp/4001/p2p/12D3KooW...}
     * @return the connected peer, after identify has completed
     * @throws P2pException if the address is malformed or unsupported, or the dial, handshake or
     *     identify fails or times out
     */
    PeerInfo connect(String multiaddr) throws P2pException;

    /**
     * Lists the peers the node is connected to.
     *
     * @return the connected peers, in no particular order
     */
    List<PeerInfo> peers();

    /**
     * Sends an end-to-end encrypted message to a DID. The recipient's node is found from the DID (a
     * {@code did:key} node identity is its own peer id) or through the DHT, and dialed if needed.
     * The call blocks until the recipient's node has acknowledged the message or a configured
     * timeout passes.
     *
     * @param toDid the recipient
     * @param payload the message bytes, at most {@link #MAX_MESSAGE_SIZE}
     * @throws P2pException if the recipient cannot be found or reached, or did not acknowledge
     * @throws IllegalArgumentException if the payload is larger than {@link #MAX_MESSAGE_SIZE}
     */
    void sendMessage(Did toDid, byte[] payload) throws P2pException;

    /**
     * Measures the round trip to a connected peer with {@code /ipfs/ping/1.0.0}.
     *
     * @param peer the peer, which must be connected
     * @return the round-trip time
     * @throws P2pException if the peer is not connected or does not answer in time
     */
    java.time.Duration ping(PeerId peer) throws P2pException;
}
