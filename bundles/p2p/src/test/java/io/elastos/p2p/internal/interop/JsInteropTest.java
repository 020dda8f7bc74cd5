// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.p2p.internal.host.Connection;
import io.elastos.p2p.internal.host.HostConfig;
import io.elastos.p2p.internal.host.Libp2pHost;
import io.elastos.p2p.internal.peer.Multiaddr;
import io.elastos.p2p.internal.peer.PeerIds;
import io.elastos.p2p.internal.protocol.Identify;
import io.elastos.p2p.internal.protocol.IdentifyInfo;
import io.elastos.p2p.internal.protocol.Ping;
import io.elastos.p2p.internal.yamux.YamuxSession;
import io.elastos.p2p.internal.yamux.YamuxStream;
import io.elastos.p2p.testing.EchoHandler;
import io.elastos.p2p.testing.JsPeer;
import io.elastos.p2p.testing.TestIdentity;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The acceptance test: the Java host against a real js-libp2p 3 peer, both directions. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JsInteropTest {

    private static final String SINK = "/elastos/sink/1.0.0";

    private JsPeer js;
    private Libp2pHost host;
    private Multiaddr javaAddress;

    @BeforeAll
    void start() throws IOException {
        js = JsPeer.start();
        host = new Libp2pHost(TestIdentity.random(), HostConfig.defaults());
        host.handle(EchoHandler.PROTOCOL, new EchoHandler());
        javaAddress = host.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @org.junit.jupiter.api.AfterEach
    void noStreamIsLeftOpen() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (Connection c : host.connections()) {
            while (c.session().streamCount() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(
                    0,
                    c.session().streamCount(),
                    "streams left open on " + c + ": " + c.session().streams());
        }
    }

    @AfterAll
    void stop() {
        if (host != null) {
            host.close();
        }
        if (js != null) {
            js.close();
        }
    }

    private Connection connectToJs() throws IOException {
        return host.dial(Multiaddr.parse(js.address()));
    }

    @Test
    void jsDialsJavaAndBothSidesIdentify() throws Exception {
        Map<?, ?> dialed = (Map<?, ?>) js.command("dial", Map.of("addr", javaAddress.toString()));
        assertEquals(host.peerId().value(), dialed.get("peer"));

        // What JS learned from our identify.
        Map<?, ?> id = (Map<?, ?>) js.command("identify", Map.of("peer", host.peerId().value()));
        assertEquals(host.peerId().value(), id.get("peer"));
        assertEquals(Identify.PROTOCOL_VERSION, id.get("protocolVersion"));
        assertEquals(HostConfig.DEFAULT_AGENT, id.get("agentVersion"));
        List<?> protocols = (List<?>) id.get("protocols");
        assertTrue(protocols.contains(Ping.PROTOCOL), protocols.toString());
        assertTrue(protocols.contains(Identify.PROTOCOL), protocols.toString());
        assertTrue(protocols.contains(EchoHandler.PROTOCOL), protocols.toString());
        assertTrue(
                ((List<?>) id.get("listenAddrs")).contains(javaAddress.withoutPeer().toString()),
                id.toString());

        // What we learned from theirs, over the connection they opened.
        Connection inbound = awaitConnection(js.peerId());
        assertFalse(inbound.isOutbound());
        IdentifyInfo info = inbound.identified().get(10, TimeUnit.SECONDS);
        assertJsIdentify(info);
    }

    @Test
    void javaDialsJsAndBothSidesIdentify() throws Exception {
        Connection c = connectToJs();
        assertEquals(js.peerId(), c.remotePeer().value());
        IdentifyInfo info = c.identified().get(10, TimeUnit.SECONDS);
        assertJsIdentify(info);
        assertTrue(
                info.listenAddrs().contains(Multiaddr.parse(js.address()).withoutPeer()),
                info.listenAddrs().toString());
        // Fresh identify over the same connection, as the host's API offers.
        assertEquals(info.protocols().size(), host.identify().request(c).protocols().size());
    }

    @Test
    void dialingWithTheWrongPeerIdFails() {
        Multiaddr wrong =
                Multiaddr.parse(js.address())
                        .withPeer(PeerIds.fromEd25519(TestIdentity.random().publicKey()));
        IOException e = assertThrows(IOException.class, () -> host.dial(wrong));
        assertTrue(e.getMessage().contains("proved"), e.getMessage());
    }

    @Test
    void pingWorksBothWays() throws Exception {
        Connection c = connectToJs();
        Duration rtt = Ping.ping(c);
        assertTrue(rtt.toMillis() < 5000, rtt.toString());
        Object jsRtt = js.command("ping", Map.of("addr", javaAddress.toString()));
        assertTrue(((Number) jsRtt).doubleValue() >= 0, String.valueOf(jsRtt));
    }

    @Test
    void thirtyTwoConcurrentEchoStreamsFromJsToJava() {
        js.command("dial", Map.of("addr", javaAddress.toString()));
        Object total =
                js.command(
                        "echo",
                        Map.of("peer", host.peerId().value(), "streams", 32, "bytes", 300_000));
        assertEquals(32L * 300_000, total);
    }

    @Test
    void thirtyTwoConcurrentEchoStreamsFromJavaToJs() throws Exception {
        Connection c = connectToJs();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                int seed = i;
                results.add(
                        pool.submit(() -> {
                            byte[] data = new byte[300_000];
                            new Random(seed).nextBytes(data);
                            YamuxStream s = c.newStream(EchoHandler.PROTOCOL);
                            CompletableFuture<byte[]> back =
                                    CompletableFuture.supplyAsync(
                                            () -> {
                                                try {
                                                    return s.input().readAllBytes();
                                                } catch (IOException e) {
                                                    throw new RuntimeException(e);
                                                }
                                            },
                                            pool);
                            s.output().write(data);
                            s.output().close();
                            assertArrayEquals(data, back.get(30, TimeUnit.SECONDS));
                            return true;
                        }));
            }
            for (Future<Boolean> f : results) {
                assertTrue(f.get(60, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void aJsPeerThatStopsReadingBlocksTheJavaWriter() throws Exception {
        Connection c = connectToJs();
        YamuxStream s = c.newStream(SINK);
        int total = 8 << 20;
        AtomicLong written = new AtomicLong();
        CompletableFuture<Void> writer =
                CompletableFuture.runAsync(() -> {
                    try {
                        byte[] chunk = new byte[16 * 1024];
                        for (int n = 0; n < total; n += chunk.length) {
                            s.output().write(chunk);
                            written.addAndGet(chunk.length);
                        }
                        s.output().close();
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (s.sendWindow() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(500);
        assertFalse(writer.isDone(), "the writer must block while JS does not read");
        assertEquals(0, s.sendWindow());
        long blockedAt = written.get();
        // JS may grow the window while it still reads (during negotiation), never past 16 MiB;
        // what is in flight is bounded by what it granted, not by what we wanted to send.
        assertTrue(blockedAt <= 2 * YamuxSession.INITIAL_WINDOW, "wrote " + blockedAt);
        List<?> stats = (List<?>) js.command("sinkStats", Map.of());
        long buffered = (Long) ((Map<?, ?>) stats.get(0)).get("buffered");
        assertTrue(buffered <= blockedAt, "JS buffered " + buffered);
        Thread.sleep(500);
        assertEquals(blockedAt, written.get(), "no progress while blocked");

        List<?> drained = (List<?>) js.command("sinkDrain", Map.of());
        assertEquals(List.of((long) total), drained);
        writer.get(30, TimeUnit.SECONDS);
    }

    private void assertJsIdentify(IdentifyInfo info) {
        assertEquals(js.peerId(), info.peer().value());
        assertEquals(Identify.PROTOCOL_VERSION, info.protocolVersion());
        assertTrue(info.agentVersion().contains("libp2p"), info.agentVersion());
        assertTrue(info.protocols().contains(Ping.PROTOCOL), info.protocols().toString());
        assertTrue(info.protocols().contains(Identify.PROTOCOL), info.protocols().toString());
        assertTrue(info.protocols().contains(EchoHandler.PROTOCOL), info.protocols().toString());
        assertTrue(info.protocols().contains(SINK), info.protocols().toString());
    }

    private Connection awaitConnection(String peer) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            var c = host.connection(PeerIds.parse(peer));
            if (c.isPresent()) {
                return c.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no connection from " + peer);
    }
}
