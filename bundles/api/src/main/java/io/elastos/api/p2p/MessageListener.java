// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.p2p;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives the node's incoming DID-to-DID messages. Register an implementation as an OSGi service
 * (the whiteboard pattern); the P2P node calls every registered listener for every message.
 */
@ConsumerType
public interface MessageListener {

    /**
     * Handles one message. Called on a P2P thread, so it must return quickly and hand long work to
     * an executor of its own; an exception it throws is logged and does not reach the sender.
     *
     * @param message the received message
     */
    void onMessage(P2pMessage message);
}
