// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.p2p;

import io.elastos.api.identity.Did;
import java.time.Instant;
import java.util.Objects;

/**
 * A message received over the node protocol {@code /elastos/msg/1.0.0}, already decrypted and its
 * sender authenticated.
 *
 * @param from the sender, proven by the signature on the message envelope
 * @param peer the peer the message arrived from; the sender's node or a relay
 * @param payload the decrypted message bytes; the array is the listener's own
 * @param receivedAt when the node received the message
 */
public record P2pMessage(Did from, PeerId peer, byte[] payload, Instant receivedAt) {

    /**
     * Validates the message.
     *
     * @throws NullPointerException if any component is {@code null}
     */
    public P2pMessage {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }
}
