// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.multistream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.elastos.p2p.internal.wire.LengthPrefixed;
import io.elastos.p2p.internal.wire.Varint;
import io.elastos.p2p.testing.SocketPair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class MultistreamTest {

    @Test
    void encodesAsTheSpecShows() {
        // "\x13/multistream/1.0.0\n": 19 bytes of line, newline included.
        byte[] header = Multistream.encode(Multistream.PROTOCOL);
        assertEquals(0x13, header[0]);
        assertEquals("/multistream/1.0.0\n", new String(header, 1, 19, StandardCharsets.UTF_8));
        assertEquals("036e610a", HexFormat.of().formatHex(Multistream.encode("na")));
    }

    @Test
    void dialerAndListenerAgreeAndLeaveTrailingDataInTheStream() throws Exception {
        try (SocketPair pair = SocketPair.open()) {
            CompletableFuture<String> listener =
                    CompletableFuture.supplyAsync(() -> {
                        try {
                            InputStream in = pair.right().getInputStream();
                            String p =
                                    Multistream.accept(
                                            in,
                                            pair.right().getOutputStream(),
                                            Set.of("/a/1", "/b/1"));
                            return p + ":" + (char) in.read();
                        } catch (IOException e) {
                            throw new RuntimeException(e);
                        }
                    });
            Multistream.select(pair.left().getInputStream(), pair.left().getOutputStream(), "/b/1");
            pair.left().getOutputStream().write('x');
            assertEquals("/b/1:x", listener.get());
        }
    }

    @Test
    void naIsAnUnsupportedProtocol() throws Exception {
        try (SocketPair pair = SocketPair.open()) {
            CompletableFuture<Void> listener =
                    CompletableFuture.runAsync(() -> {
                        try {
                            Multistream.accept(
                                    pair.right().getInputStream(),
                                    pair.right().getOutputStream(),
                                    Set.of("/a/1"));
                        } catch (IOException expected) {
                            // The dialer hangs up after "na".
                        }
                    });
            UnsupportedProtocolException e =
                    assertThrows(
                            UnsupportedProtocolException.class,
                            () ->
                                    Multistream.select(
                                            pair.left().getInputStream(),
                                            pair.left().getOutputStream(),
                                            "/zzz/1"));
            assertEquals("/zzz/1", e.protocol());
            pair.left().close();
            listener.get();
        }
    }

    @Test
    void listenerRefusesGarbageOverlongLinesAndEndlessProposals() {
        Set<String> supported = Set.of("/a/1");
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        // An HTTP request instead of multistream: 'G' reads as a 71-byte length.
        byte[] http =
                "GET / HTTP/1.1\r\nHost: x\r\n\r\n".repeat(4).getBytes(StandardCharsets.UTF_8);
        assertThrows(
                ProtocolException.class,
                () -> Multistream.accept(new ByteArrayInputStream(http), sink, supported));
        // A 1 MiB line is refused from its length alone.
        byte[] huge = Varint.encode(1 << 20);
        assertThrows(
                ProtocolException.class,
                () -> Multistream.accept(new ByteArrayInputStream(huge), sink, supported));
        // A line without its newline.
        byte[] noNewline =
                LengthPrefixed.frame("/multistream/1.0.0".getBytes(StandardCharsets.UTF_8));
        assertThrows(
                ProtocolException.class,
                () -> Multistream.accept(new ByteArrayInputStream(noNewline), sink, supported));
        // Twenty unknown proposals.
        ByteArrayOutputStream endless = new ByteArrayOutputStream();
        endless.writeBytes(Multistream.encode(Multistream.PROTOCOL));
        for (int i = 0; i < 20; i++) {
            endless.writeBytes(Multistream.encode("/unknown/" + i));
        }
        sink.reset();
        assertThrows(
                ProtocolException.class,
                () ->
                        Multistream.accept(
                                new ByteArrayInputStream(endless.toByteArray()), sink, supported));
        // The listener answered its header and sixteen "na"s, then gave up.
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(Multistream.encode(Multistream.PROTOCOL));
        for (int i = 0; i < Multistream.MAX_PROPOSALS; i++) {
            expected.writeBytes(Multistream.encode(Multistream.NA));
        }
        assertArrayEquals(expected.toByteArray(), sink.toByteArray());
    }
}
