// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.protocol;

import io.elastos.p2p.internal.host.Connection;
import io.elastos.p2p.internal.host.StreamHandler;
import io.elastos.p2p.internal.yamux.YamuxStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;

/**
 * The ping protocol {@code /ipfs/ping/1.0.0}: the dialer sends 32 random bytes, the listener echoes
 * them, as many times as the dialer likes on one stream.
 */
public final class Ping implements StreamHandler {

    /** The protocol id. */
    public static final String PROTOCOL = "/ipfs/ping/1.0.0";

    /** The payload size fixed by the spec. */
    public static final int SIZE = 32;

    /** A peer that keeps a ping stream open without pinging is dropped after this. */
    private static final Duration IDLE = Duration.ofSeconds(30);

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public void handle(Connection connection, YamuxStream stream) throws IOException {
        stream.readTimeout(IDLE);
        while (true) {
            byte[] payload = stream.input().readNBytes(SIZE);
            if (payload.length == 0) {
                break;
            }
            if (payload.length < SIZE) {
                throw new EOFException("ping stream ended inside a payload");
            }
            stream.output().write(payload);
        }
        stream.close();
    }

    /**
     * Pings a peer once.
     *
     * @param connection the connection to the peer
     * @return the round-trip time
     * @throws ProtocolException if the echo differs
     * @throws IOException if the stream fails or times out
     */
    public static Duration ping(Connection connection) throws IOException {
        YamuxStream stream = connection.newStream(PROTOCOL);
        try {
            stream.readTimeout(READ_TIMEOUT);
            byte[] payload = new byte[SIZE];
            RANDOM.nextBytes(payload);
            long start = System.nanoTime();
            stream.output().write(payload);
            byte[] echo = stream.input().readNBytes(SIZE);
            Duration rtt = Duration.ofNanos(System.nanoTime() - start);
            if (!Arrays.equals(payload, echo)) {
                throw new ProtocolException("ping echo differs from the payload");
            }
            stream.close();
            return rtt;
        } catch (IOException | RuntimeException e) {
            stream.reset();
            throw e;
        }
    }
}
