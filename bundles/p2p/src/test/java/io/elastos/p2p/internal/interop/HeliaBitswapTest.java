// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.api.storage.Cid;
import io.elastos.p2p.internal.bitswap.Bitswap;
import io.elastos.p2p.internal.bitswap.CidBytes;
import io.elastos.p2p.internal.host.Connection;
import io.elastos.p2p.internal.host.HostConfig;
import io.elastos.p2p.internal.host.Libp2pHost;
import io.elastos.p2p.internal.peer.Multiaddr;
import io.elastos.p2p.testing.JsPeer;
import io.elastos.p2p.testing.MemoryBlockStore;
import io.elastos.p2p.testing.TestIdentity;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Bitswap 1.2 against Helia 7: Helia fetches what Java serves, and Java fetches from Helia. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HeliaBitswapTest {

    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private JsPeer helia;
    private Libp2pHost host;
    private Bitswap bitswap;
    private final MemoryBlockStore store = new MemoryBlockStore();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private Multiaddr javaAddress;

    @BeforeAll
    void start() throws IOException {
        helia = JsPeer.start();
        host = new Libp2pHost(TestIdentity.random(), HostConfig.defaults());
        bitswap = new Bitswap(store, executor);
        host.handle(Bitswap.PROTOCOL, bitswap);
        javaAddress = host.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        helia.command("dial", Map.of("addr", javaAddress.toString()));
        // Helia sends wants only to peers whose identify lists bitswap.
        helia.command("identify", Map.of("peer", host.peerId().value()));
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
        if (helia != null) {
            helia.close();
        }
        executor.shutdownNow();
    }

    @Test
    void heliaFetchesARawBlockJavaServes() throws Exception {
        byte[] data = random(100_000, 1);
        Cid cid = rawCid(data);
        store.put(cid, data);
        Object got = helia.command("getBlock", Map.of("cid", cid.value(), "timeoutMs", 15000));
        assertArrayEquals(data, B64D.decode((String) got));
    }

    @Test
    void heliaCatsAUnixFsFileWhoseBlocksOnlyJavaHas() throws Exception {
        byte[] file = random(700_000, 2);
        Map<?, ?> built =
                (Map<?, ?>)
                        helia.command(
                                "buildFile",
                                Map.of("data", B64.encodeToString(file), "chunkSize", 100_000));
        List<?> blocks = (List<?>) built.get("blocks");
        assertEquals(8, blocks.size(), "seven raw leaves and a dag-pb root");
        for (Object o : blocks) {
            Map<?, ?> b = (Map<?, ?>) o;
            store.put(Cid.of((String) b.get("cid")), B64D.decode((String) b.get("data")));
        }
        Cid root = Cid.of((String) built.get("cid"));
        assertEquals(
                CidBytes.DAG_PB, CidBytes.prefixOf(CidBytes.toBytes(root)).codec(), root.value());
        Object got = helia.command("cat", Map.of("cid", root.value(), "timeoutMs", 20000));
        assertArrayEquals(file, B64D.decode((String) got));
    }

    @Test
    void javaFetchesARawBlockHeliaAdded() throws Exception {
        byte[] data = random(200_000, 3);
        Cid cid =
                Cid.of((String) helia.command("addRaw", Map.of("data", B64.encodeToString(data))));
        assertEquals(rawCid(data), cid);
        byte[] got = bitswap.fetch(heliaConnection(), cid, Duration.ofSeconds(15));
        assertArrayEquals(data, got);
        assertArrayEquals(data, store.get(cid).orElseThrow());
    }

    @Test
    void javaFetchesADagPbRootHeliaAdded() throws Exception {
        byte[] file = random(300_000, 4);
        Cid root =
                Cid.of(
                        (String)
                                helia.command(
                                        "addFile",
                                        Map.of(
                                                "data",
                                                B64.encodeToString(file),
                                                "chunkSize",
                                                100_000)));
        byte[] node = bitswap.fetch(heliaConnection(), root, Duration.ofSeconds(15));
        assertTrue(CidBytes.matches(CidBytes.toBytes(root), node));
        assertEquals(CidBytes.DAG_PB, CidBytes.prefixOf(CidBytes.toBytes(root)).codec());
    }

    private Connection heliaConnection() throws Exception {
        Connection c =
                host.connection(io.elastos.p2p.internal.peer.PeerIds.parse(helia.peerId()))
                        .orElseGet(() -> {
                            try {
                                return host.dial(Multiaddr.parse(helia.address()));
                            } catch (IOException e) {
                                throw new RuntimeException(e);
                            }
                        });
        c.identified().get(10, TimeUnit.SECONDS);
        return c;
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static Cid rawCid(byte[] data) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(data);
        return CidBytes.fromBytes(
                HexFormat.of().parseHex("01551220" + HexFormat.of().formatHex(digest)));
    }
}
