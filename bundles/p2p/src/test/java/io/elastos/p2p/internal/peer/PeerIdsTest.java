// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.api.p2p.PeerId;
import io.elastos.p2p.testing.TestIdentity;
import java.net.ProtocolException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PeerIdsTest {

    private static final HexFormat HEX = HexFormat.of();

    // Produced by @libp2p/crypto 5.1.23 and @libp2p/peer-id 6.0.15 (src/test/js) from the seed
    // 0x01..0x20: generateKeyPairFromSeed('Ed25519', seed), peerIdFromPrivateKey(key).
    private static final String JS_PUBLIC_KEY =
            "79b5562e8fe654f94078b112e8a98ba7901f853ae695bed7e0e3910bad049664";
    private static final String JS_KEY_PROTOBUF = "08011220" + JS_PUBLIC_KEY;
    private static final String JS_PEER_ID = "12D3KooWJ1TsijH7H5F74hfAD5XishQz3sxrmAtVY37GtNd9CqYf";
    private static final String JS_PEER_CID =
            "bafzaajaiaejca6nvkyxi7zsu7fahrmis5cuyxj4qd6ctvzuvx3l6by4rbowqjfte";

    private static byte[] seed() {
        byte[] seed = new byte[32];
        for (int i = 0; i < 32; i++) {
            seed[i] = (byte) (i + 1);
        }
        return seed;
    }

    @Test
    void matchesJsLibp2pForTheSameSeed() {
        byte[] key = TestIdentity.fromSeed(seed()).publicKey();
        assertEquals(JS_PUBLIC_KEY, HEX.formatHex(key));
        assertEquals(JS_KEY_PROTOBUF, HEX.formatHex(Ed25519Keys.toProtobuf(key)));
        PeerId id = PeerIds.fromEd25519(key);
        assertEquals(JS_PEER_ID, id.value());
        assertEquals(JS_PEER_CID, PeerIds.toCid(id));
        assertEquals("0024" + JS_KEY_PROTOBUF, HEX.formatHex(PeerIds.toMultihash(id)));
    }

    @Test
    void parsesBothTextForms() {
        assertEquals(JS_PEER_ID, PeerIds.parse(JS_PEER_ID).value());
        assertEquals(JS_PEER_ID, PeerIds.parse(JS_PEER_CID).value());
        assertArrayEquals(
                HEX.parseHex(JS_PUBLIC_KEY),
                PeerIds.ed25519Key(PeerId.of(JS_PEER_ID)).orElseThrow());
    }

    @Test
    void hashedPeerIdsParseButCarryNoKey() {
        // A go-ipfs RSA peer id: sha2-256 multihash.
        PeerId rsa = PeerIds.parse("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N");
        assertTrue(PeerIds.ed25519Key(rsa).isEmpty());
        assertTrue(PeerIds.parse(PeerIds.toCid(rsa)).equals(rsa));
    }

    @Test
    void refusesMalformedIds() {
        // Wrong multibase content, wrong codec (raw 0x55), not base58, bad multihash length.
        assertThrows(IllegalArgumentException.class, () -> PeerIds.parse("b!!!!"));
        assertThrows(
                IllegalArgumentException.class,
                () -> PeerIds.parse("bafkreidon73zkcrwdb5iafqtijxildoonbwnpv7dyd6ef3qdgads2jc4su"));
        assertThrows(IllegalArgumentException.class, () -> PeerIds.parse("12D3KooW0OIl"));
        assertThrows(
                IllegalArgumentException.class,
                () -> PeerIds.parse(Base58.encode(HEX.parseHex("1220" + "00".repeat(31)))));
    }

    @Test
    void keyProtobufMustBeEd25519() {
        // KeyType 0 is RSA.
        byte[] rsa = HEX.parseHex("08001204deadbeef");
        assertThrows(ProtocolException.class, () -> Ed25519Keys.fromProtobuf(rsa));
        byte[] shortKey = HEX.parseHex("08011204deadbeef");
        assertThrows(ProtocolException.class, () -> Ed25519Keys.fromProtobuf(shortKey));
    }

    @Test
    void base32AndBase58RoundTrip() {
        byte[] data = HEX.parseHex("0001020304fffefd");
        assertArrayEquals(data, Base58.decode(Base58.encode(data)));
        assertArrayEquals(data, Base32.decode(Base32.encode(data)));
        assertEquals("mzxw6ytboi", Base32.encode("foobar".getBytes()));
        assertEquals("112", Base58.encode(HEX.parseHex("000001")));
    }
}
