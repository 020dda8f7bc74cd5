// SPDX-License-Identifier: Apache-2.0
package io.elastos.chain.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pausable TCP proxy on 127.0.0.1 in front of the local chain's JSON-RPC port.
 *
 * <p>While paused it resets every open connection and every new one, so a client sees the same I/O
 * failures as when a real node goes away, without stopping the node and losing its state. The
 * listening port stays bound throughout, so no other process can take it in between.
 */
public final class ChainProxy implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private final InetSocketAddress target;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean paused;
    private volatile boolean closed;

    /**
     * Starts a proxy on an ephemeral loopback port forwarding to {@code target}.
     *
     * @param target the address of the node to forward to
     * @throws IOException if the listening socket cannot be opened
     */
    public ChainProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("chain-proxy-accept").start(this::acceptLoop);
    }

    /**
     * Returns the port the proxy listens on.
     *
     * @return the local port
     */
    public int port() {
        return server.getLocalPort();
    }

    /** Makes the chain unreachable: resets all open connections and refuses new ones. */
    public void pause() {
        paused = true;
        for (Socket s : open) {
            reset(s);
        }
    }

    /** Forwards connections to the node again. */
    public void resume() {
        paused = false;
    }

    /**
     * Tells whether the proxy is paused.
     *
     * @return {@code true} between {@link #pause()} and {@link #resume()}
     */
    public boolean isPaused() {
        return paused;
    }

    /** Stops listening and closes all connections. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // Closing is best effort.
        }
        for (Socket s : open) {
            reset(s);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            if (paused) {
                reset(client);
                continue;
            }
            Thread.ofVirtual().name("chain-proxy-conn").start(() -> connect(client));
        }
    }

    private void connect(Socket client) {
        Socket upstream = new Socket();
        open.add(client);
        open.add(upstream);
        try {
            upstream.connect(target, CONNECT_TIMEOUT_MILLIS);
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
            // A pause that raced with this connect must still cut it.
            if (paused) {
                throw new SocketException("paused");
            }
        } catch (IOException e) {
            reset(client);
            reset(upstream);
            return;
        }
        AtomicInteger finished = new AtomicInteger();
        Thread.ofVirtual()
                .name("chain-proxy-up")
                .start(() -> pump(client, upstream, client, upstream, finished));
        pump(upstream, client, client, upstream, finished);
    }

    /** Copies one direction; the pair is closed once both directions ended cleanly. */
    private void pump(Socket from, Socket to, Socket a, Socket b, AtomicInteger finished) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
            // Pass the half-close on; the other direction may still carry a response.
            to.shutdownOutput();
        } catch (IOException e) {
            reset(a);
            reset(b);
            return;
        }
        if (finished.incrementAndGet() == 2) {
            close(a);
            close(b);
        }
    }

    /** Closes with SO_LINGER 0 so the peer gets an RST ("connection reset"), not a clean EOF. */
    private void reset(Socket s) {
        try {
            if (!s.isClosed()) {
                s.setSoLinger(true, 0);
            }
        } catch (IOException ignored) {
            // The socket is going away anyway.
        }
        close(s);
    }

    private void close(Socket s) {
        open.remove(s);
        try {
            s.close();
        } catch (IOException ignored) {
            // Best effort.
        }
    }
}
