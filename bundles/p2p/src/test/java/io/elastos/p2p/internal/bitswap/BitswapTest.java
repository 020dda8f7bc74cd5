// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.bitswap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.api.storage.Cid;
import io.elastos.p2p.internal.host.Connection;
import io.elastos.p2p.internal.host.HostConfig;
import io.elastos.p2p.internal.host.Libp2pHost;
import io.elastos.p2p.internal.wire.LengthPrefixed;
import io.elastos.p2p.internal.yamux.YamuxStream;
import io.elastos.p2p.testing.MemoryBlockStore;
import io.elastos.p2p.testing.TestIdentity;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BitswapTest {

    /** {@code echo -n hello | ipfs add --cid-version 1 --raw-leaves}, i.e. raw sha2-256. */
    private static final Cid HELLO_RAW =
            Cid.of("bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq");

    private Libp2pHost server;
    private Libp2pHost client;

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
        if (client != null) {
            client.close();
        }
    }

    @Test
    void cidsRoundTripAndBlocksVerify() throws ProtocolException {
        byte[] bytes = CidBytes.toBytes(HELLO_RAW);
        assertEquals(HELLO_RAW, CidBytes.fromBytes(bytes));
        CidBytes.Prefix p = CidBytes.prefixOf(bytes);
        assertEquals(new CidBytes.Prefix(1, CidBytes.RAW, 0x12, 32), p);
        assertEquals("01551220", HexFormat.of().formatHex(p.encode()));
        assertEquals(p, CidBytes.Prefix.decode(p.encode()));
        assertTrue(CidBytes.matches(bytes, "hello".getBytes(StandardCharsets.UTF_8)));
        assertFalse(CidBytes.matches(bytes, "hellO".getBytes(StandardCharsets.UTF_8)));
        // CIDv0 of the empty UnixFS directory.
        Cid v0 = Cid.of("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn");
        assertEquals(
                new CidBytes.Prefix(0, CidBytes.DAG_PB, 0x12, 32),
                CidBytes.prefixOf(CidBytes.toBytes(v0)));
        assertTrue(CidBytes.matches(CidBytes.toBytes(v0), HexFormat.of().parseHex("0a020801")));
        // Identity and blake2 CIDs are not verified, so not exchanged.
        assertThrows(
                ProtocolException.class,
                () -> CidBytes.cidOf(new CidBytes.Prefix(1, CidBytes.RAW, 0, 5), new byte[5]));
        assertThrows(
                ProtocolException.class,
                () -> CidBytes.cidOf(new CidBytes.Prefix(1, 0x71, 0x12, 32), new byte[5]));
    }

    @Test
    void messagesRoundTrip() throws ProtocolException {
        byte[] cid = CidBytes.toBytes(HELLO_RAW);
        BitswapMessage m =
                new BitswapMessage(
                        List.of(new BitswapMessage.Want(cid, 7, false, false, true)),
                        true,
                        List.of(
                                new BitswapMessage.Block(
                                        new byte[] {1, 0x55, 0x12, 32}, new byte[] {9})),
                        List.of(new BitswapMessage.Presence(cid, false)));
        BitswapMessage back = BitswapMessage.decode(m.encode());
        assertTrue(back.fullWantlist());
        assertEquals(7, back.wants().get(0).priority());
        assertFalse(back.wants().get(0).wantBlock());
        assertTrue(back.wants().get(0).sendDontHave());
        assertArrayEquals(new byte[] {9}, back.blocks().get(0).data());
        assertFalse(back.presences().get(0).have());
    }

    @Test
    void javaFetchesFromJavaAndTamperedOrMissingBlocksFail() throws Exception {
        MemoryBlockStore served = new MemoryBlockStore();
        served.put(HELLO_RAW, "hello".getBytes(StandardCharsets.UTF_8));
        server = new Libp2pHost(TestIdentity.random(), HostConfig.defaults());
        server.handle(
                Bitswap.PROTOCOL, new Bitswap(served, Executors.newVirtualThreadPerTaskExecutor()));
        var address = server.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));

        MemoryBlockStore fetched = new MemoryBlockStore();
        client = new Libp2pHost(TestIdentity.random(), HostConfig.defaults());
        Bitswap bitswap = new Bitswap(fetched, Executors.newVirtualThreadPerTaskExecutor());
        client.handle(Bitswap.PROTOCOL, bitswap);
        Connection c = client.dial(address);
        c.identified().get(5, TimeUnit.SECONDS);

        assertEquals("hello", new String(bitswap.fetch(c, HELLO_RAW, Duration.ofSeconds(5))));
        assertTrue(fetched.has(HELLO_RAW));

        Cid missing = Cid.of("bafkreiabltrd5zm73pvi7plq25pef3hm7jxhbi3kv4hapegrkfpkqtkbme");
        IOException e =
                assertThrows(
                        IOException.class, () -> bitswap.fetch(c, missing, Duration.ofSeconds(5)));
        assertTrue(e.getMessage().contains("does not have"), e.getMessage());
    }

    @Test
    void aBlockThatDoesNotMatchItsCidIsDropped() throws Exception {
        // A lying server: answers every want with the wrong bytes under the wanted prefix.
        server = new Libp2pHost(TestIdentity.random(), HostConfig.defaults());
        server.handle(
                Bitswap.PROTOCOL,
                (conn, stream) -> {
                    BitswapMessage m =
                            BitswapMessage.decode(
                                    LengthPrefixed.readRequired(stream.input(), 1 << 20));
                    stream.close();
                    byte[] cid = m.wants().get(0).cid();
                    YamuxStream out = conn.newStream(Bitswap.PROTOCOL);
                    LengthPrefixed.write(
                            out.output(),
                            new BitswapMessage(
                                            List.of(),
                                            false,
                                            List.of(
                                                    new BitswapMessage.Block(
                                                            CidBytes.prefixOf(cid).encode(),
                                                            "evil".getBytes())),
                                            List.of())
                                    .encode());
                    out.close();
                });
        var address = server.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        MemoryBlockStore fetched = new MemoryBlockStore();
        client = new Libp2pHost(TestIdentity.random(), HostConfig.defaults());
        Bitswap bitswap = new Bitswap(fetched, Executors.newVirtualThreadPerTaskExecutor());
        client.handle(Bitswap.PROTOCOL, bitswap);
        Connection c = client.dial(address);
        IOException e =
                assertThrows(
                        IOException.class,
                        () -> bitswap.fetch(c, HELLO_RAW, Duration.ofMillis(1500)));
        assertTrue(e.getMessage().contains("no block"), e.getMessage());
        assertEquals(0, fetched.size());
    }
}
