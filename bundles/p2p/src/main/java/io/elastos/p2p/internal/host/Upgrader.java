// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.host;

import io.elastos.api.p2p.PeerId;
import io.elastos.p2p.internal.multistream.Multistream;
import io.elastos.p2p.internal.noise.NoiseHandshake;
import io.elastos.p2p.internal.noise.SecureChannel;
import io.elastos.p2p.internal.yamux.YamuxSession;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Turns a raw TCP socket into a secured channel ready for Yamux: multistream-select {@code /noise},
 * the Noise XX handshake, then multistream-select {@code /yamux/1.0.0} inside Noise.
 *
 * <p>The whole upgrade has one deadline: a timer closes the socket when it passes, so a peer that
 * drips one byte at a time cannot hold a connection slot longer than a silent one.
 */
final class Upgrader {

    /** Buffers for the raw socket; a Noise frame is at most 64 KiB + 2. */
    private static final int SOCKET_BUFFER = 64 * 1024 + 2;

    private final NoiseHandshake noise;
    private final Duration deadline;
    private final ScheduledExecutorService timer;

    Upgrader(NoiseHandshake noise, Duration deadline, ScheduledExecutorService timer) {
        this.noise = noise;
        this.deadline = deadline;
        this.timer = timer;
    }

    /**
     * Upgrades a connected socket.
     *
     * @param socket the socket; closed by the timer if the deadline passes
     * @param outbound whether this side dialed (and so initiates every negotiation)
     * @param expected the peer the dialer must reach, or {@code null}
     * @return the channel, with the authenticated remote peer
     * @throws IOException if any step fails, the peer breaks a protocol or the deadline passes
     */
    SecureChannel upgrade(Socket socket, boolean outbound, PeerId expected) throws IOException {
        ScheduledFuture<?> timeout =
                timer.schedule(
                        () -> closeQuietly(socket), deadline.toMillis(), TimeUnit.MILLISECONDS);
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) deadline.toMillis());
            InputStream in = new BufferedInputStream(socket.getInputStream(), SOCKET_BUFFER);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), SOCKET_BUFFER);
            SecureChannel channel;
            if (outbound) {
                Multistream.select(in, out, NoiseHandshake.PROTOCOL);
                channel = noise.initiate(in, out, expected);
                Multistream.select(channel.input(), channel.output(), YamuxSession.PROTOCOL);
            } else {
                Multistream.accept(in, out, Set.of(NoiseHandshake.PROTOCOL));
                channel = noise.respond(in, out);
                Multistream.accept(
                        channel.input(), channel.output(), Set.of(YamuxSession.PROTOCOL));
            }
            if (!timeout.cancel(false)) {
                throw new SocketException("handshake deadline passed");
            }
            socket.setSoTimeout(0);
            return channel;
        } finally {
            timeout.cancel(false);
        }
    }

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }
}
