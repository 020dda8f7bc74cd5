// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.p2p.internal.multistream.Multistream;
import io.elastos.p2p.internal.noise.NoiseHandshake;
import io.elastos.p2p.internal.noise.SecureChannel;
import io.elastos.p2p.internal.peer.Multiaddr;
import io.elastos.p2p.internal.protocol.Ping;
import io.elastos.p2p.internal.wire.Varint;
import io.elastos.p2p.internal.yamux.YamuxHeader;
import io.elastos.p2p.internal.yamux.YamuxSession;
import io.elastos.p2p.testing.TestIdentity;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Garbage at every layer closes that one connection and leaves the host serving others. Each test
 * ends by proving the host still accepts a well-behaved peer.
 */
class HostileInputTest {

    private Libp2pHost host;
    private Multiaddr address;
    private Socket raw;

    @BeforeEach
    void start() throws IOException {
        host =
                new Libp2pHost(
                        TestIdentity.random(),
                        HostConfig.defaults().withHandshakeTimeout(Duration.ofMillis(1500)));
        address = host.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        raw = new Socket(InetAddress.getLoopbackAddress(), address.port());
        raw.setSoTimeout(5000);
    }

    @AfterEach
    void stop() throws Exception {
        raw.close();
        // The host survived: a real peer still connects and pings.
        try (Libp2pHost good = new Libp2pHost(TestIdentity.random(), HostConfig.defaults())) {
            assertTrue(Ping.ping(good.dial(address)).toMillis() < 5000);
        }
        host.close();
    }

    @Test
    void httpInsteadOfMultistream() throws IOException {
        raw.getOutputStream()
                .write(
                        "GET / HTTP/1.1\r\nHost: x\r\n\r\n"
                                .repeat(8)
                                .getBytes(StandardCharsets.US_ASCII));
        assertClosed(raw.getInputStream());
    }

    @Test
    void anOversizedMultistreamLength() throws IOException {
        raw.getOutputStream().write(Varint.encode(1L << 40));
        assertClosed(raw.getInputStream());
    }

    @Test
    void anUnsupportedSecurityProtocolIsRefused() throws IOException {
        OutputStream out = raw.getOutputStream();
        out.write(Multistream.encode(Multistream.PROTOCOL));
        out.write(Multistream.encode("/tls/1.0.0"));
        InputStream in = raw.getInputStream();
        byte[] header = Multistream.encode(Multistream.PROTOCOL);
        assertEquals(new String(header), new String(in.readNBytes(header.length)));
        byte[] na = Multistream.encode(Multistream.NA);
        assertEquals(new String(na), new String(in.readNBytes(na.length)));
        raw.shutdownOutput();
        assertClosed(in);
    }

    @Test
    void silenceHitsTheHandshakeDeadline() throws IOException {
        long start = System.nanoTime();
        assertClosed(raw.getInputStream());
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis >= 1000 && millis < 4500, "closed after " + millis + " ms");
    }

    @Test
    void aSlowlorisDripIsCutAtTheDeadlineToo() throws Exception {
        OutputStream out = raw.getOutputStream();
        byte[] header = Multistream.encode(Multistream.PROTOCOL);
        long start = System.nanoTime();
        try {
            for (byte b : header) {
                out.write(b);
                out.flush();
                Thread.sleep(200);
            }
        } catch (IOException closedUnderUs) {
            // Expected once the deadline passes.
        }
        assertClosed(raw.getInputStream());
        assertTrue((System.nanoTime() - start) / 1_000_000 < 4500);
    }

    @Test
    void garbageNoiseMessages() throws IOException {
        OutputStream out = raw.getOutputStream();
        out.write(Multistream.encode(Multistream.PROTOCOL));
        out.write(Multistream.encode(NoiseHandshake.PROTOCOL));
        InputStream in = raw.getInputStream();
        in.readNBytes(Multistream.encode(Multistream.PROTOCOL).length);
        in.readNBytes(Multistream.encode(NoiseHandshake.PROTOCOL).length);
        // Message 1: a random "ephemeral key"; the host answers with message 2.
        byte[] e = new byte[34];
        new Random(3).nextBytes(e);
        e[0] = 0;
        e[1] = 32;
        out.write(e);
        int length = (in.read() << 8) | in.read();
        assertEquals(length, in.readNBytes(length).length);
        // Message 3: the largest frame, all noise.
        byte[] garbage = new byte[2 + 0xFFFF];
        new Random(4).nextBytes(garbage);
        garbage[0] = (byte) 0xFF;
        garbage[1] = (byte) 0xFF;
        out.write(garbage);
        assertClosed(in);
    }

    @Test
    void garbageInsteadOfMuxerNegotiation() throws IOException {
        SecureChannel channel = secured();
        byte[] junk = new byte[5000];
        new Random(5).nextBytes(junk);
        junk[0] = (byte) 0xFF; // an over-long varint
        channel.output().write(junk);
        channel.output().flush();
        assertClosed(channel.input());
    }

    @Test
    void aBadYamuxHeaderGetsGoAwayAndClose() throws IOException {
        SecureChannel channel = yamux();
        channel.output().write(new byte[] {7, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0});
        channel.output().flush();
        byte[] header = new byte[12];
        YamuxHeader last = null;
        while (channel.input().readNBytes(header, 0, 12) == 12) {
            last = YamuxHeader.decode(header);
            if (last.type() == YamuxHeader.GO_AWAY) {
                break;
            }
            if (last.type() == YamuxHeader.DATA) { // the host's identify request
                channel.input().readNBytes((int) last.length());
            }
        }
        assertEquals(new YamuxHeader(YamuxHeader.GO_AWAY, 0, 0, 1), last);
        assertClosed(channel.input());
    }

    @Test
    void anOversizedYamuxDataFrame() throws IOException {
        SecureChannel channel = yamux();
        channel.output()
                .write(new YamuxHeader(YamuxHeader.WINDOW_UPDATE, YamuxHeader.SYN, 1, 0).frame());
        channel.output().write(new YamuxHeader(YamuxHeader.DATA, 0, 1, 0xFFFFFFFFL).frame());
        channel.output().flush();
        assertClosed(channel.input());
    }

    @Test
    void garbageOnOneStreamResetsOnlyThatStream() throws Exception {
        SecureChannel channel = yamux();
        OutputStream out = channel.output();
        out.write(new YamuxHeader(YamuxHeader.WINDOW_UPDATE, YamuxHeader.SYN, 1, 0).frame());
        byte[] junk = "\u00ffgarbage garbage garbage".getBytes(StandardCharsets.ISO_8859_1);
        out.write(new YamuxHeader(YamuxHeader.DATA, 0, 1, junk.length).frame(junk, 0, junk.length));
        out.flush();
        // The host acknowledges the stream, then resets it; the session stays up.
        byte[] header = new byte[12];
        boolean reset = false;
        while (!reset && channel.input().readNBytes(header, 0, 12) == 12) {
            YamuxHeader h = YamuxHeader.decode(header);
            if (h.type() == YamuxHeader.DATA) {
                channel.input().readNBytes((int) h.length());
            }
            reset = h.streamId() == 1 && (h.flags() & YamuxHeader.RST) != 0;
            assertTrue(h.type() != YamuxHeader.GO_AWAY, "the session must stay up");
        }
        assertTrue(reset);
        out.write(new YamuxHeader(YamuxHeader.PING, YamuxHeader.SYN, 0, 9).frame());
        out.flush();
        YamuxHeader h;
        do {
            assertEquals(12, channel.input().readNBytes(header, 0, 12));
            h = YamuxHeader.decode(header);
            if (h.type() == YamuxHeader.DATA) {
                channel.input().readNBytes((int) h.length());
            }
        } while (h.type() != YamuxHeader.PING);
        assertEquals(new YamuxHeader(YamuxHeader.PING, YamuxHeader.ACK, 0, 9), h);
    }

    /** Runs multistream and Noise as a well-behaved initiator, then returns the channel. */
    private SecureChannel secured() throws IOException {
        Multistream.select(raw.getInputStream(), raw.getOutputStream(), NoiseHandshake.PROTOCOL);
        return new NoiseHandshake(TestIdentity.random(), NoiseHandshake.newStaticKey())
                .initiate(raw.getInputStream(), raw.getOutputStream(), host.peerId());
    }

    private SecureChannel yamux() throws IOException {
        SecureChannel channel = secured();
        Multistream.select(channel.input(), channel.output(), YamuxSession.PROTOCOL);
        return channel;
    }

    /** The host closes: the stream ends or resets, well within the read timeout. */
    private static void assertClosed(InputStream in) throws IOException {
        byte[] buffer = new byte[8192];
        try {
            while (in.read(buffer) >= 0) {
                // Drain what the host sent before closing.
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the host did not close the connection", e);
        } catch (IOException e) {
            if (e.getMessage() == null || !e.getMessage().contains("reset")) {
                throw e;
            }
        }
    }
}
