// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Two connected loopback TCP sockets, for testing one protocol layer against another. */
public record SocketPair(Socket left, Socket right) implements AutoCloseable {

    /** Connects a fresh pair on 127.0.0.1. */
    public static SocketPair open() {
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Socket left = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
            Socket right = server.accept();
            left.setTcpNoDelay(true);
            right.setTcpNoDelay(true);
            return new SocketPair(left, right);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        left.close();
        right.close();
    }
}
