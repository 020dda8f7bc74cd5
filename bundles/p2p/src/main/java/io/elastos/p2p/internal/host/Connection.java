// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.host;

import io.elastos.api.p2p.PeerId;
import io.elastos.p2p.internal.multistream.Multistream;
import io.elastos.p2p.internal.peer.Multiaddr;
import io.elastos.p2p.internal.protocol.IdentifyInfo;
import io.elastos.p2p.internal.yamux.YamuxSession;
import io.elastos.p2p.internal.yamux.YamuxStream;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * An upgraded connection to one authenticated peer: Noise-secured, Yamux-multiplexed. Streams
 * opened here negotiate their protocol with multistream-select before they are returned.
 */
public final class Connection implements Closeable {

    private final YamuxSession session;
    private final PeerId remotePeer;
    private final Multiaddr remoteAddress;
    private final Multiaddr localAddress;
    private final boolean outbound;
    private final Duration negotiationTimeout;
    private final CompletableFuture<IdentifyInfo> identified = new CompletableFuture<>();

    Connection(
            YamuxSession session,
            PeerId remotePeer,
            Multiaddr remoteAddress,
            Multiaddr localAddress,
            boolean outbound,
            Duration negotiationTimeout) {
        this.session = session;
        this.remotePeer = remotePeer;
        this.remoteAddress = remoteAddress;
        this.localAddress = localAddress;
        this.outbound = outbound;
        this.negotiationTimeout = negotiationTimeout;
        session.onClose(() ->
                identified.completeExceptionally(
                        new IOException("connection closed before identify")));
    }

    /**
     * Opens a stream and selects a protocol on it.
     *
     * @param protocol the protocol id, such as {@code /ipfs/ping/1.0.0}
     * @return the stream, ready for the protocol's first byte
     * @throws io.elastos.p2p.internal.multistream.UnsupportedProtocolException if the peer does not
     *     speak the protocol
     * @throws IOException if the connection fails or negotiation times out
     */
    public YamuxStream newStream(String protocol) throws IOException {
        YamuxStream stream = session.openStream();
        try {
            stream.readTimeout(negotiationTimeout);
            Multistream.select(stream.input(), stream.output(), protocol);
            stream.readTimeout(Duration.ZERO);
            stream.protocol(protocol);
            return stream;
        } catch (IOException | RuntimeException e) {
            stream.reset();
            throw e;
        }
    }

    /**
     * Returns the peer id the remote proved in the Noise handshake.
     *
     * @return the remote peer id
     */
    public PeerId remotePeer() {
        return remotePeer;
    }

    /**
     * Returns the remote end of the TCP connection.
     *
     * @return the remote address, with the peer id
     */
    public Multiaddr remoteAddress() {
        return remoteAddress;
    }

    /**
     * Returns the local end of the TCP connection.
     *
     * @return the local address, without a peer id
     */
    public Multiaddr localAddress() {
        return localAddress;
    }

    /**
     * Tells whether this side dialed.
     *
     * @return whether the connection is outbound
     */
    public boolean isOutbound() {
        return outbound;
    }

    /**
     * Returns the Yamux session.
     *
     * @return the session
     */
    public YamuxSession session() {
        return session;
    }

    /**
     * Returns the result of asking the peer for its identify record after connecting.
     *
     * @return a future that completes with the peer's identify record, or fails
     */
    public CompletableFuture<IdentifyInfo> identified() {
        return identified;
    }

    /**
     * Tells whether the connection has ended.
     *
     * @return whether it is closed
     */
    public boolean isClosed() {
        return session.isClosed();
    }

    /** Closes the connection (Yamux GoAway, then the socket). */
    @Override
    public void close() {
        session.close();
    }

    @Override
    public String toString() {
        return (outbound ? "outbound" : "inbound") + " connection to " + remoteAddress;
    }
}
