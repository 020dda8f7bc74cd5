// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.p2p.internal.multistream.UnsupportedProtocolException;
import io.elastos.p2p.internal.peer.Multiaddr;
import io.elastos.p2p.internal.protocol.IdentifyInfo;
import io.elastos.p2p.internal.protocol.Ping;
import io.elastos.p2p.internal.yamux.YamuxStream;
import io.elastos.p2p.testing.EchoHandler;
import io.elastos.p2p.testing.TestIdentity;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two Java hosts over loopback: the whole stack from TCP to protocols. */
class HostTest {

    private final List<Libp2pHost> hosts = new ArrayList<>();

    @AfterEach
    void closeHosts() {
        hosts.forEach(Libp2pHost::close);
    }

    private Libp2pHost host(HostConfig config) {
        Libp2pHost h = new Libp2pHost(TestIdentity.random(), config);
        h.handle(EchoHandler.PROTOCOL, new EchoHandler());
        hosts.add(h);
        return h;
    }

    private static Multiaddr listen(Libp2pHost h) throws IOException {
        return h.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @Test
    void dialIdentifyPingAndEchoBetweenJavaHosts() throws Exception {
        Libp2pHost a = host(HostConfig.defaults());
        Libp2pHost b = host(HostConfig.defaults());
        Multiaddr bAddress = listen(b);

        Connection c = a.dial(bAddress);
        assertEquals(b.peerId(), c.remotePeer());
        IdentifyInfo info = c.identified().get(5, TimeUnit.SECONDS);
        assertEquals(b.peerId(), info.peer());
        assertEquals(HostConfig.DEFAULT_AGENT, info.agentVersion());
        assertTrue(info.protocols().contains(EchoHandler.PROTOCOL), info.protocols().toString());
        assertEquals(List.of(bAddress.withoutPeer()), info.listenAddrs());
        assertEquals(c.localAddress(), info.observedAddr());

        // The listener identified the dialer too.
        await(() -> b.connection(a.peerId()).isPresent(), "b to see a");
        IdentifyInfo back = b.connection(a.peerId()).get().identified().get(5, TimeUnit.SECONDS);
        assertEquals(a.peerId(), back.peer());

        assertTrue(Ping.ping(c).toMillis() < 5000);

        YamuxStream s = c.newStream(EchoHandler.PROTOCOL);
        s.output().write("hello".getBytes());
        s.output().close();
        assertArrayEquals("hello".getBytes(), s.input().readAllBytes());

        assertSame(c, a.dial(bAddress), "a second dial to a known peer reuses the connection");
        assertThrows(UnsupportedProtocolException.class, () -> c.newStream("/nobody/1.0.0"));
        assertTrue(Ping.ping(c).toMillis() < 5000, "a refused protocol leaves the connection up");
    }

    @Test
    void theConnectionLimitRefusesExtraConnections() throws Exception {
        Libp2pHost server = host(HostConfig.defaults().withMaxConnections(1));
        Multiaddr address = listen(server).withoutPeer();
        host(HostConfig.defaults()).dial(address);
        IOException e =
                assertThrows(IOException.class, () -> host(HostConfig.defaults()).dial(address));
        assertTrue(
                e instanceof java.io.EOFException || e instanceof java.net.SocketException,
                e.toString());
        assertEquals(1, server.connections().size());
    }

    @Test
    void idleConnectionsAreClosed() throws Exception {
        Libp2pHost server = host(HostConfig.defaults().withIdleTimeout(Duration.ofMillis(400)));
        Connection c = host(HostConfig.defaults()).dial(listen(server));
        c.identified().get(5, TimeUnit.SECONDS);
        await(c::isClosed, "the idle connection to close");
        assertTrue(server.connections().isEmpty());
    }

    @Test
    void closingAHostEndsItsConnectionsOnBothSides() throws Exception {
        Libp2pHost a = host(HostConfig.defaults());
        Libp2pHost b = host(HostConfig.defaults());
        Connection c = a.dial(listen(b));
        c.identified().get(5, TimeUnit.SECONDS);
        b.close();
        await(c::isClosed, "the dialer to see the close");
        assertThrows(
                IOException.class, () -> a.dial(Multiaddr.parse(c.remoteAddress().toString())));
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }
}
