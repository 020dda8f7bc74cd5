// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.host;

import io.elastos.p2p.internal.yamux.YamuxStream;
import java.io.IOException;

/** Serves one protocol on streams the peer opens. */
@FunctionalInterface
public interface StreamHandler {

    /**
     * Serves one stream, on its own virtual thread. The handler closes the stream when done; if it
     * throws, the host resets the stream.
     *
     * @param connection the connection the stream arrived on
     * @param stream the stream, its protocol already negotiated
     * @throws IOException if the stream fails or the peer breaks the protocol
     */
    void handle(Connection connection, YamuxStream stream) throws IOException;
}
