// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.yamux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.p2p.testing.SocketPair;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class YamuxSessionTest {

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final BlockingQueue<YamuxStream> accepted = new LinkedBlockingQueue<>();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        executor.shutdownNow();
    }

    private YamuxSession[] sessions(YamuxSession.Options serverOptions) throws IOException {
        SocketPair pair = SocketPair.open();
        toClose.add(pair);
        YamuxSession client =
                new YamuxSession(
                        pair.left().getInputStream(),
                        pair.left().getOutputStream(),
                        pair.left(),
                        true,
                        YamuxSession.Options.DEFAULTS,
                        executor,
                        s -> {});
        YamuxSession server =
                new YamuxSession(
                        pair.right().getInputStream(),
                        pair.right().getOutputStream(),
                        pair.right(),
                        false,
                        serverOptions,
                        executor,
                        accepted::add);
        toClose.add(client);
        toClose.add(server);
        client.start();
        server.start();
        return new YamuxSession[] {client, server};
    }

    private YamuxStream accept() throws InterruptedException {
        YamuxStream s = accepted.poll(5, TimeUnit.SECONDS);
        assertNotNull(s, "no inbound stream");
        return s;
    }

    @Test
    void streamsCarryDataBothWaysAndHalfClose() throws Exception {
        YamuxSession client = sessions(YamuxSession.Options.DEFAULTS)[0];
        YamuxStream out = client.openStream();
        assertEquals(1, out.id());
        byte[] big = new byte[1_000_000]; // four windows' worth: needs window updates
        new Random(7).nextBytes(big);
        CompletableFuture<Void> writer =
                CompletableFuture.runAsync(
                        () -> {
                            try {
                                out.output().write(big);
                                out.output().close();
                            } catch (IOException e) {
                                throw new RuntimeException(e);
                            }
                        },
                        executor);
        YamuxStream in = accept();
        assertEquals(1, in.id());
        assertTrue(in.isInbound());
        assertArrayEquals(big, in.input().readAllBytes()); // ends at FIN
        writer.get(5, TimeUnit.SECONDS);
        in.output().write("done".getBytes());
        in.output().close();
        assertEquals("done", new String(out.input().readAllBytes()));
        assertEquals(3, client.openStream().id(), "client ids are odd and increase by 2");
    }

    @Test
    void aWriterBlocksWhenTheWindowIsExhaustedAndTheReaderBufferStaysBounded() throws Exception {
        YamuxSession client = sessions(YamuxSession.Options.DEFAULTS)[0];
        YamuxStream out = client.openStream();
        AtomicLong written = new AtomicLong();
        CompletableFuture<Void> writer =
                CompletableFuture.runAsync(
                        () -> {
                            try {
                                byte[] chunk = new byte[8192];
                                for (int i = 0; i < 128; i++) { // 1 MiB
                                    out.output().write(chunk);
                                    written.addAndGet(chunk.length);
                                }
                                out.output().close();
                            } catch (IOException e) {
                                throw new RuntimeException(e);
                            }
                        },
                        executor);
        YamuxStream in = accept();
        // Nobody reads: the writer gets exactly one window out, then blocks.
        awaitCondition(() -> out.sendWindow() == 0, "send window to reach zero");
        Thread.sleep(300);
        assertFalse(writer.isDone(), "the writer must be blocked");
        assertEquals(YamuxSession.INITIAL_WINDOW, written.get());
        awaitCondition(
                () -> in.bufferedBytes() == YamuxSession.INITIAL_WINDOW, "the window to arrive");
        // Reading releases it.
        assertEquals(1 << 20, in.input().readAllBytes().length);
        writer.get(5, TimeUnit.SECONDS);
    }

    @Test
    void resetFailsBothEnds() throws Exception {
        YamuxSession client = sessions(YamuxSession.Options.DEFAULTS)[0];
        YamuxStream out = client.openStream();
        out.output().write(1);
        YamuxStream in = accept();
        assertEquals(1, in.input().read());
        in.reset();
        IOException e = assertThrows(IOException.class, () -> out.input().read());
        assertTrue(e.getMessage().contains("reset"), e.getMessage());
        assertThrows(IOException.class, () -> out.output().write(new byte[10]));
        assertThrows(IOException.class, () -> in.input().read());
        awaitCondition(() -> client.streamCount() == 0, "the stream to be forgotten");
    }

    @Test
    void goAwayStopsNewStreamsAndCloseEndsTheSession() throws Exception {
        YamuxSession[] s = sessions(YamuxSession.Options.DEFAULTS);
        YamuxStream open = s[0].openStream();
        open.output().write(1);
        accept();
        s[1].close();
        awaitCondition(s[0]::isClosed, "client to see the connection end");
        assertThrows(IOException.class, s[0]::openStream);
        assertThrows(IOException.class, () -> open.input().read());
    }

    @Test
    void streamsBeyondTheInboundLimitAreReset() throws Exception {
        YamuxSession client =
                sessions(new YamuxSession.Options(4, 1 << 20, Duration.ofSeconds(30)))[0];
        List<YamuxStream> streams = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            streams.add(client.openStream());
        }
        for (int i = 0; i < 4; i++) {
            accept();
        }
        for (int i = 4; i < 6; i++) {
            YamuxStream refused = streams.get(i);
            IOException e = assertThrows(IOException.class, () -> refused.input().read());
            assertTrue(e.getMessage().contains("reset"), e.getMessage());
        }
        assertTrue(accepted.isEmpty());
        assertFalse(client.isClosed(), "refusing streams does not end the session");
    }

    @Test
    void aStreamThePeerNeverClosesIsResetAfterTheLinger() throws Exception {
        YamuxSession[] s = sessions(new YamuxSession.Options(256, 1 << 20, Duration.ofMillis(200)));
        YamuxSession client = s[0];
        YamuxSession server = s[1];
        YamuxStream out = client.openStream();
        out.output().write(1);
        YamuxStream in = accept();
        in.close(); // the server is done; the client never closes its side
        assertEquals(1, server.streamCount());
        awaitCondition(() -> server.streamCount() == 0, "the linger to reset the stream");
        IOException e = assertThrows(IOException.class, () -> out.input().read());
        assertTrue(e.getMessage().contains("reset"), e.getMessage());
    }

    // ----------------------------------------------------------------- hostile peers

    @Test
    void anUnknownVersionIsAProtocolError() throws Exception {
        assertGoAwayProtocolError(new byte[] {1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0});
    }

    @Test
    void anUnknownTypeIsAProtocolError() throws Exception {
        assertGoAwayProtocolError(new byte[] {0, 9, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0});
    }

    @Test
    void dataBeyondTheWindowIsAProtocolError() throws Exception {
        // SYN on stream 1, then 300 KiB claimed in one frame.
        byte[] syn = new YamuxHeader(YamuxHeader.WINDOW_UPDATE, YamuxHeader.SYN, 1, 0).frame();
        byte[] data = new YamuxHeader(YamuxHeader.DATA, 0, 1, 300 * 1024).frame();
        assertGoAwayProtocolError(concat(syn, data));
    }

    @Test
    void aWindowSizedFrameAfterPartOfTheWindowIsAProtocolError() throws Exception {
        byte[] syn = new YamuxHeader(YamuxHeader.WINDOW_UPDATE, YamuxHeader.SYN, 1, 0).frame();
        byte[] first =
                new YamuxHeader(YamuxHeader.DATA, 0, 1, 200 * 1024)
                        .frame(new byte[200 * 1024], 0, 200 * 1024);
        byte[] second =
                new YamuxHeader(YamuxHeader.DATA, 0, 1, 100 * 1024)
                        .frame(new byte[100 * 1024], 0, 100 * 1024);
        assertGoAwayProtocolError(concat(syn, first, second));
    }

    @Test
    void aStreamIdOfOurParityIsAProtocolError() throws Exception {
        // The raw peer is the client, so it must use odd ids; 2 is the server's.
        assertGoAwayProtocolError(
                new YamuxHeader(YamuxHeader.WINDOW_UPDATE, YamuxHeader.SYN, 2, 0).frame());
    }

    @Test
    void aReopenedStreamIsAProtocolError() throws Exception {
        byte[] syn = new YamuxHeader(YamuxHeader.WINDOW_UPDATE, YamuxHeader.SYN, 1, 0).frame();
        assertGoAwayProtocolError(concat(syn, syn));
    }

    @Test
    void aPingFloodFromAPeerThatDoesNotReadEndsTheSession() throws Exception {
        try (SocketPair pair = SocketPair.open()) {
            YamuxSession server = rawPeerServer(pair);
            byte[] ping = new YamuxHeader(YamuxHeader.PING, YamuxHeader.SYN, 0, 7).frame();
            byte[] burst = new byte[ping.length * 10_000];
            for (int i = 0; i < 10_000; i++) {
                System.arraycopy(ping, 0, burst, i * ping.length, ping.length);
            }
            OutputStream raw = pair.left().getOutputStream();
            try {
                for (int i = 0; i < 500 && !server.isClosed(); i++) { // up to 60 MB, never read
                    raw.write(burst);
                }
            } catch (IOException expected) {
                // The server hung up.
            }
            awaitCondition(server::isClosed, "the flooded session to close");
            assertTrue(server.closeReason().contains("does not read"), server.closeReason());
        }
    }

    @Test
    void pingsAreAnswered() throws Exception {
        try (SocketPair pair = SocketPair.open()) {
            rawPeerServer(pair);
            pair.left()
                    .getOutputStream()
                    .write(new YamuxHeader(YamuxHeader.PING, YamuxHeader.SYN, 0, 42).frame());
            byte[] answer = new DataInputStream(pair.left().getInputStream()).readNBytes(12);
            assertEquals(
                    new YamuxHeader(YamuxHeader.PING, YamuxHeader.ACK, 0, 42),
                    YamuxHeader.decode(answer));
        }
    }

    private void assertGoAwayProtocolError(byte[] input) throws Exception {
        try (SocketPair pair = SocketPair.open()) {
            YamuxSession server = rawPeerServer(pair);
            pair.left().getOutputStream().write(input);
            pair.left().setSoTimeout(5000);
            DataInputStream in = new DataInputStream(pair.left().getInputStream());
            YamuxHeader last = null;
            byte[] header = new byte[12];
            while (in.readNBytes(header, 0, 12) == 12) {
                last = YamuxHeader.decode(header);
                if (last.type() == YamuxHeader.GO_AWAY) {
                    break;
                }
            }
            assertNotNull(last, "the server sent nothing");
            assertEquals(YamuxHeader.GO_AWAY, last.type());
            assertEquals(YamuxHeader.GO_AWAY_PROTOCOL_ERROR, last.length());
            awaitCondition(server::isClosed, "the session to close");
            assertEquals(-1, in.read(), "the connection must be closed");
        }
    }

    /** A server session whose peer is the raw left socket of the pair. */
    private YamuxSession rawPeerServer(SocketPair pair) throws IOException {
        YamuxSession server =
                new YamuxSession(
                        pair.right().getInputStream(),
                        pair.right().getOutputStream(),
                        pair.right(),
                        false,
                        YamuxSession.Options.DEFAULTS,
                        executor,
                        accepted::add);
        toClose.add(server);
        server.start();
        return server;
    }

    static void awaitCondition(java.util.function.BooleanSupplier condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
