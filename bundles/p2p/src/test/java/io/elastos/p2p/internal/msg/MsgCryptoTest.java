// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.msg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.p2p.testing.TestIdentity;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The message key, sealing and the frames, without a network. */
class MsgCryptoTest {

    private static final byte[] AAD = "aad".getBytes(StandardCharsets.UTF_8);

    @Test
    void theMessageKeyIsStablePerNodeKeyAndDiffersBetweenNodes() {
        byte[] seed = new byte[32];
        seed[0] = 7;
        byte[] a = MsgCrypto.staticPrivateKey(TestIdentity.fromSeed(seed));
        assertArrayEquals(a, MsgCrypto.staticPrivateKey(TestIdentity.fromSeed(seed)));
        assertFalse(java.util.Arrays.equals(a, MsgCrypto.staticPrivateKey(TestIdentity.random())));
    }

    @Test
    void sealedMessagesOpenOnlyWithTheRightKeyAndUnchanged() throws Exception {
        byte[] priv = MsgCrypto.staticPrivateKey(TestIdentity.random());
        byte[] pub = MsgCrypto.publicKey(priv);
        byte[] plain = "hello".getBytes(StandardCharsets.UTF_8);
        MsgCrypto.Sealed s = MsgCrypto.seal(pub, AAD, plain);
        assertArrayEquals(plain, MsgCrypto.open(priv, s, AAD));

        byte[] other = MsgCrypto.staticPrivateKey(TestIdentity.random());
        assertThrows(ProtocolException.class, () -> MsgCrypto.open(other, s, AAD));
        assertThrows(ProtocolException.class, () -> MsgCrypto.open(priv, s, new byte[1]));
        byte[] changed = s.ciphertext().clone();
        changed[0] ^= 1;
        assertThrows(
                ProtocolException.class,
                () ->
                        MsgCrypto.open(
                                priv,
                                new MsgCrypto.Sealed(s.ephemeral(), s.nonce(), changed),
                                AAD));
        assertThrows(
                ProtocolException.class,
                () ->
                        MsgCrypto.open(
                                priv, new MsgCrypto.Sealed(new byte[5], s.nonce(), changed), AAD));
    }

    @Test
    void framesRoundTripAndGarbageIsAProtocolError() throws Exception {
        MsgWire.Inner inner =
                new MsgWire.Inner(
                        "0123456789abcdef0123456789abcdef",
                        "did:key:za",
                        "did:key:zb",
                        5,
                        new byte[] {1});
        MsgWire.Inner back = MsgWire.Inner.decode(inner.encode());
        assertEquals(inner.id(), back.id());
        assertEquals("did:key:zb", back.to());
        MsgWire.Hello refusal =
                MsgWire.Hello.decode(new MsgWire.Hello(null, null, "no", true).encode());
        assertEquals("no", refusal.refusal());
        assertTrue(refusal.retry());
        assertThrows(ProtocolException.class, () -> MsgWire.Envelope.decode(new byte[] {8, 2}));
        assertThrows(ProtocolException.class, () -> MsgWire.Inner.decode(new byte[] {10, 1, 'x'}));
        assertThrows(ProtocolException.class, () -> MsgWire.Receipt.decode(new byte[] {8, 9}));
        assertThrows(ProtocolException.class, () -> MsgWire.Hello.decode(new byte[] {(byte) 0xff}));
    }

    @Test
    void rateLimiterHasPerKeyAndGlobalBucketsThatRefill() {
        AtomicLong now = new AtomicLong();
        RateLimiter l = new RateLimiter(1, 2, 10, 3, now::get);
        assertTrue(l.tryAcquire("a", 1));
        assertTrue(l.tryAcquire("a", 1));
        assertFalse(l.tryAcquire("a", 1), "a's burst is 2");
        assertTrue(l.tryAcquire("b", 1));
        assertFalse(l.tryAcquire("c", 1), "the global burst is 3");
        now.addAndGet(1_000_000_000L);
        assertTrue(l.tryAcquire("a", 1), "a regains one token a second");
        assertFalse(l.tryAcquire("a", 1));
    }
}
