// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.testing;

import io.elastos.p2p.internal.host.Connection;
import io.elastos.p2p.internal.host.StreamHandler;
import io.elastos.p2p.internal.yamux.YamuxStream;
import java.io.IOException;

/** Serves {@code /elastos/echo/1.0.0}: writes back everything until the peer closes its side. */
public final class EchoHandler implements StreamHandler {

    /** The test protocol id, registered on both the Java and the JS peer. */
    public static final String PROTOCOL = "/elastos/echo/1.0.0";

    @Override
    public void handle(Connection connection, YamuxStream stream) throws IOException {
        stream.input().transferTo(stream.output());
        stream.output().close();
    }
}
