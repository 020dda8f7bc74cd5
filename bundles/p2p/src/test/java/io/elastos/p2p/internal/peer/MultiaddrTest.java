// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ProtocolException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class MultiaddrTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final String PEER = "12D3KooWJ1TsijH7H5F74hfAD5XishQz3sxrmAtVY37GtNd9CqYf";

    // @multiformats/multiaddr 13.0.3: multiaddr('/ip4/127.0.0.1/tcp/4001/p2p/' + PEER).bytes
    private static final String JS_BYTES =
            "047f000001060fa1a5032600240801122079b5562e8fe654f94078b112e8a98ba7901f853ae695bed7e0e3910bad049664";

    @Test
    void printsAndParsesText() {
        Multiaddr a = Multiaddr.parse("/ip4/127.0.0.1/tcp/4001/p2p/" + PEER);
        assertEquals("/ip4/127.0.0.1/tcp/4001/p2p/" + PEER, a.toString());
        assertEquals(4001, a.port());
        assertEquals(PEER, a.peer().value());
        Multiaddr bare = Multiaddr.parse("/ip4/10.0.0.255/tcp/0");
        assertNull(bare.peer());
        assertEquals("/ip4/10.0.0.255/tcp/0", bare.toString());
        assertEquals(a, Multiaddr.parse("/ip4/127.0.0.1/tcp/4001/ipfs/" + PEER));
    }

    @Test
    void binaryFormMatchesJsMultiaddr() throws ProtocolException {
        Multiaddr a = Multiaddr.parse("/ip4/127.0.0.1/tcp/4001/p2p/" + PEER);
        assertEquals(JS_BYTES, HEX.formatHex(a.toBytes()));
        assertEquals(a, Multiaddr.fromBytes(HEX.parseHex(JS_BYTES)));
        assertEquals(a.withoutPeer(), Multiaddr.fromBytes(HEX.parseHex("047f000001060fa1")));
    }

    @Test
    void refusesOtherShapesClearly() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Multiaddr.parse("/dns4/example.com/tcp/4001"));
        assertTrue(e.getMessage().contains("'dns4'"), e.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Multiaddr.parse("/ip4/1.2.3.4/udp/4001/quic-v1"));
        assertTrue(e.getMessage().contains("'udp'"), e.getMessage());
        for (String bad :
                new String[] {
                    "",
                    "ip4/1.2.3.4/tcp/1",
                    "/ip4/1.2.3/tcp/1",
                    "/ip4/1.2.3.256/tcp/1",
                    "/ip4/01.2.3.4/tcp/1",
                    "/ip4/1.2.3.4/tcp/65536",
                    "/ip4/1.2.3.4/tcp/-1",
                    "/ip4/1.2.3.4/tcp/1/p2p",
                    "/ip4/1.2.3.4/tcp/1/p2p/notapeer",
                    "/ip4/1.2.3.4/tcp/1/p2p/" + PEER + "/p2p-circuit",
                    "/ip4/١.2.3.4/tcp/1"
                }) {
            assertThrows(IllegalArgumentException.class, () -> Multiaddr.parse(bad), bad);
        }
    }

    @Test
    void refusesBadBinary() {
        // ip6, truncated ip4, trailing garbage, oversize.
        assertThrows(
                ProtocolException.class,
                () -> Multiaddr.fromBytes(HEX.parseHex("29" + "00".repeat(16))));
        assertThrows(ProtocolException.class, () -> Multiaddr.fromBytes(HEX.parseHex("047f00")));
        assertThrows(
                ProtocolException.class,
                () -> Multiaddr.fromBytes(HEX.parseHex("047f000001060fa1ff")));
        assertThrows(ProtocolException.class, () -> Multiaddr.fromBytes(new byte[65]));
    }
}
