// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.api.identity.NodeIdentity;
import io.elastos.api.p2p.PeerId;
import io.elastos.p2p.internal.peer.PeerIds;
import io.elastos.p2p.testing.SocketPair;
import io.elastos.p2p.testing.TestIdentity;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NoiseHandshakeTest {

    private final TestIdentity alice = TestIdentity.random();
    private final TestIdentity bob = TestIdentity.random();

    @Test
    void javaToJavaHandshakeAuthenticatesBothSidesAndCarriesData() throws Exception {
        try (SocketPair pair = SocketPair.open()) {
            CompletableFuture<SecureChannel> responder = respond(bob, pair);
            SecureChannel initiator =
                    new NoiseHandshake(alice, NoiseHandshake.newStaticKey())
                            .initiate(
                                    pair.left().getInputStream(),
                                    pair.left().getOutputStream(),
                                    PeerIds.fromEd25519(bob.publicKey()));
            SecureChannel other = responder.get(5, TimeUnit.SECONDS);
            assertEquals(PeerIds.fromEd25519(bob.publicKey()), initiator.remotePeer());
            assertEquals(PeerIds.fromEd25519(alice.publicKey()), other.remotePeer());

            // 200 KB spans several 64 KiB frames.
            byte[] big = new byte[200_000];
            new java.util.Random(1).nextBytes(big);
            initiator.output().write(big);
            initiator.output().flush();
            assertArrayEquals(big, other.input().readNBytes(big.length));
            other.output().write("pong".getBytes());
            other.output().flush();
            assertEquals("pong", new String(initiator.input().readNBytes(4)));
        }
    }

    @Test
    void aTamperedTransportFrameIsRejected() throws Exception {
        try (SocketPair pair = SocketPair.open()) {
            CompletableFuture<SecureChannel> responder = respond(bob, pair);
            Tamper tamper = new Tamper(pair.left().getOutputStream());
            SecureChannel initiator =
                    new NoiseHandshake(alice, NoiseHandshake.newStaticKey())
                            .initiate(pair.left().getInputStream(), tamper, null);
            SecureChannel other = responder.get(5, TimeUnit.SECONDS);
            tamper.armed = true;
            initiator.output().write("hello".getBytes());
            initiator.output().flush();
            ProtocolException e = assertThrows(ProtocolException.class, () -> other.input().read());
            assertTrue(e.getMessage().contains("authentication"), e.getMessage());
        }
    }

    @Test
    void aTamperedHandshakeMessageFailsTheResponder() throws Exception {
        try (SocketPair pair = SocketPair.open()) {
            CompletableFuture<SecureChannel> responder = respond(bob, pair);
            Tamper tamper = new Tamper(pair.left().getOutputStream());
            tamper.skip = 2 + 32 + 2 + 5; // leave message 1 alone, flip a bit of message 3
            tamper.armed = true;
            new NoiseHandshake(alice, NoiseHandshake.newStaticKey())
                    .initiate(pair.left().getInputStream(), tamper, null);
            ExecutionException e =
                    assertThrows(
                            ExecutionException.class, () -> responder.get(5, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof ProtocolException, e.getCause().toString());
        }
    }

    @Test
    void theDialerRefusesAnUnexpectedPeer() throws Exception {
        try (SocketPair pair = SocketPair.open()) {
            respond(bob, pair);
            PeerId someoneElse = PeerIds.fromEd25519(TestIdentity.random().publicKey());
            ProtocolException e =
                    assertThrows(
                            ProtocolException.class,
                            () ->
                                    new NoiseHandshake(alice, NoiseHandshake.newStaticKey())
                                            .initiate(
                                                    pair.left().getInputStream(),
                                                    pair.left().getOutputStream(),
                                                    someoneElse));
            assertTrue(e.getMessage().contains("proved"), e.getMessage());
        }
    }

    @Test
    void aPayloadSignedByAnotherKeyIsRejected() throws Exception {
        TestIdentity mallory = TestIdentity.random();
        // Claims bob's key but signs with mallory's.
        NodeIdentity impostor =
                new NodeIdentity() {
                    @Override
                    public String did() {
                        return bob.did();
                    }

                    @Override
                    public byte[] publicKey() {
                        return bob.publicKey();
                    }

                    @Override
                    public byte[] sign(byte[] message) {
                        return mallory.sign(message);
                    }

                    @Override
                    public boolean verify(byte[] message, byte[] signature) {
                        return false;
                    }
                };
        try (SocketPair pair = SocketPair.open()) {
            respond(impostor, pair);
            ProtocolException e =
                    assertThrows(
                            ProtocolException.class,
                            () ->
                                    new NoiseHandshake(alice, NoiseHandshake.newStaticKey())
                                            .initiate(
                                                    pair.left().getInputStream(),
                                                    pair.left().getOutputStream(),
                                                    null));
            assertTrue(e.getMessage().contains("signature"), e.getMessage());
        }
    }

    @Test
    void shortAndLowOrderFirstMessagesAreRejected() throws Exception {
        try (SocketPair pair = SocketPair.open()) {
            CompletableFuture<SecureChannel> responder = respond(bob, pair);
            pair.left().getOutputStream().write(new byte[] {0, 3, 1, 2, 3});
            ExecutionException e =
                    assertThrows(
                            ExecutionException.class, () -> responder.get(5, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof ProtocolException, e.getCause().toString());
        }
        try (SocketPair pair = SocketPair.open()) {
            CompletableFuture<SecureChannel> responder = respond(bob, pair);
            byte[] zeroKey = new byte[2 + 32];
            zeroKey[1] = 32; // the all-zero point has small order
            pair.left().getOutputStream().write(zeroKey);
            ExecutionException e =
                    assertThrows(
                            ExecutionException.class, () -> responder.get(5, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains("low-order"), e.getCause().toString());
        }
    }

    private static CompletableFuture<SecureChannel> respond(NodeIdentity who, SocketPair pair) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new NoiseHandshake(who, NoiseHandshake.newStaticKey())
                        .respond(pair.right().getInputStream(), pair.right().getOutputStream());
            } catch (IOException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
    }

    /** Flips one bit of the first byte written after {@code skip} bytes, once armed. */
    private static final class Tamper extends FilterOutputStream {
        volatile boolean armed;
        int skip = 2;
        private boolean done;

        Tamper(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            byte[] copy = java.util.Arrays.copyOfRange(b, off, off + len);
            if (armed && !done) {
                if (skip < len) {
                    copy[skip] ^= 1;
                    done = true;
                } else {
                    skip -= len;
                }
            }
            out.write(copy);
        }
    }
}
