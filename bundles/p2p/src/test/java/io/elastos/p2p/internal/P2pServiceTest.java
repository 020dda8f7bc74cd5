// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.api.p2p.P2pException;
import io.elastos.api.p2p.PeerInfo;
import io.elastos.api.storage.Cid;
import io.elastos.p2p.internal.bitswap.Bitswap;
import io.elastos.p2p.internal.peer.PeerIds;
import io.elastos.p2p.testing.MemoryBlockStore;
import io.elastos.p2p.testing.TestIdentity;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The DS component without a framework: fields set by hand, then activate, as SCR would. */
class P2pServiceTest {

    private final P2pService a = new P2pService();
    private final P2pService b = new P2pService();

    @AfterEach
    void deactivate() {
        a.deactivate();
        b.deactivate();
    }

    @Test
    void connectsIdentifiesAndServesBitswapFromTheInjectedStore() throws Exception {
        TestIdentity identity = TestIdentity.random();
        MemoryBlockStore fetched = new MemoryBlockStore();
        a.identity = identity;
        a.blockStore = fetched;
        a.activate(config("127.0.0.1", 0));
        MemoryBlockStore store = new MemoryBlockStore();
        Cid hello = Cid.of("bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq");
        store.put(hello, "hello".getBytes());
        b.identity = TestIdentity.random();
        b.blockStore = store;
        b.activate(config("127.0.0.1", 0));

        assertEquals(PeerIds.fromEd25519(identity.publicKey()), a.peerId());
        String bAddress = b.listenAddresses().get(0);
        assertTrue(bAddress.startsWith("/ip4/127.0.0.1/tcp/"), bAddress);

        PeerInfo info = a.connect(bAddress + "/p2p/" + b.peerId());
        assertEquals(b.peerId(), info.id());
        assertEquals(java.util.List.of(bAddress), info.addresses());
        assertTrue(info.protocols().contains(Bitswap.PROTOCOL), info.protocols().toString());
        assertEquals(1, a.peers().size());

        byte[] got =
                a.bitswap()
                        .fetch(
                                a.host().connection(b.peerId()).orElseThrow(),
                                hello,
                                Duration.ofSeconds(5));
        assertEquals("hello", new String(got));
        assertTrue(fetched.has(hello));
    }

    @Test
    void badAddressesAndMessagesAreP2pExceptions() throws Exception {
        a.identity = TestIdentity.random();
        a.activate(config("127.0.0.1", 0));
        assertThrows(P2pException.class, () -> a.connect("/dns4/example.com/tcp/4001"));
        assertThrows(P2pException.class, () -> a.connect("/ip4/127.0.0.1/tcp/1"));
        assertThrows(
                P2pException.class,
                () ->
                        a.sendMessage(
                                io.elastos.api.identity.Did.of("did:key:z6Mkabc"), new byte[1]));
    }

    static P2pService.Config config(String address, int port) {
        return config(
                Map.of(
                        "listen_address", address,
                        "listen_port", port,
                        "max_connections", 16,
                        "max_streams_per_connection", 64,
                        "handshake_timeout_seconds", 5,
                        "idle_timeout_seconds", 60,
                        "identify_timeout_seconds", 5));
    }

    /** A configuration with the annotation's defaults except the given values, as SCR makes it. */
    static P2pService.Config config(Map<String, Object> values) {
        return (P2pService.Config)
                Proxy.newProxyInstance(
                        P2pService.Config.class.getClassLoader(),
                        new Class<?>[] {P2pService.Config.class},
                        (proxy, method, args) -> {
                            if (method.getDeclaringClass() == Object.class) {
                                return switch (method.getName()) {
                                    case "hashCode" -> System.identityHashCode(proxy);
                                    case "equals" -> proxy == args[0];
                                    default -> "Config" + values;
                                };
                            }
                            if (method.getName().equals("annotationType")) {
                                return P2pService.Config.class;
                            }
                            if (method.getName().equals("mdns")) {
                                // Tests do not announce themselves on the LAN unless they ask to.
                                return values.getOrDefault("mdns", false);
                            }
                            return values.getOrDefault(method.getName(), method.getDefaultValue());
                        });
    }
}
