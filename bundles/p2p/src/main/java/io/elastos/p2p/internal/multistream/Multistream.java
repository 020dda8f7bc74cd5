// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.multistream;

import io.elastos.p2p.internal.wire.LengthPrefixed;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * multistream-select 1.0: both sides send {@code /multistream/1.0.0}, then the dialer proposes
 * protocol ids and the listener echoes the one it accepts or answers {@code na}. Each message is a
 * varint-length-prefixed line ending in {@code \n}.
 *
 * <p>The dialer pipelines its header and first proposal, as js-libp2p and go-libp2p do, so a
 * selection costs one round trip. Reads take exactly the bytes of each message, so data a peer
 * sends right after the negotiation stays in the stream for the protocol.
 */
public final class Multistream {

    /** The protocol id of multistream-select itself. */
    public static final String PROTOCOL = "/multistream/1.0.0";

    /** The listener's answer to a protocol it does not speak. */
    public static final String NA = "na";

    /** Longest message, newline included; js-libp2p uses the same bound. */
    public static final int MAX_MESSAGE = 1024;

    /** A listener gives up after this many refused proposals, so a peer cannot loop forever. */
    public static final int MAX_PROPOSALS = 16;

    private Multistream() {}

    /**
     * Selects a protocol as the dialer.
     *
     * @param in the stream from the listener
     * @param out the stream to the listener
     * @param protocol the protocol to propose
     * @throws ProtocolException if the listener refuses the protocol or breaks the protocol
     * @throws IOException if the stream fails
     */
    public static void select(InputStream in, OutputStream out, String protocol)
            throws IOException {
        ByteArrayOutputStream pipelined = new ByteArrayOutputStream();
        pipelined.writeBytes(encode(PROTOCOL));
        pipelined.writeBytes(encode(protocol));
        out.write(pipelined.toByteArray());
        out.flush();
        expectHeader(in);
        String answer = readMessage(in);
        if (answer.equals(NA)) {
            throw new UnsupportedProtocolException(protocol);
        }
        if (!answer.equals(protocol)) {
            throw new ProtocolException("listener answered '" + answer + "' to " + protocol);
        }
    }

    /**
     * Negotiates as the listener: accepts the first proposal in {@code supported}.
     *
     * @param in the stream from the dialer
     * @param out the stream to the dialer
     * @param supported the protocols this side speaks
     * @return the accepted protocol
     * @throws ProtocolException if the dialer breaks the protocol or proposes too many unknown ids
     * @throws IOException if the stream fails or ends
     */
    public static String accept(InputStream in, OutputStream out, Set<String> supported)
            throws IOException {
        expectHeader(in);
        out.write(encode(PROTOCOL));
        out.flush();
        for (int i = 0; i < MAX_PROPOSALS; i++) {
            String proposal = readMessage(in);
            if (supported.contains(proposal)) {
                out.write(encode(proposal));
                out.flush();
                return proposal;
            }
            // "ls" and unknown ids both get "na": listing protocols is optional in the spec.
            out.write(encode(NA));
            out.flush();
        }
        throw new ProtocolException("dialer proposed " + MAX_PROPOSALS + " unknown protocols");
    }

    /**
     * Encodes one message.
     *
     * @param line the text without the trailing newline
     * @return the framed message
     */
    public static byte[] encode(String line) {
        byte[] text = (line + "\n").getBytes(StandardCharsets.UTF_8);
        if (text.length > MAX_MESSAGE) {
            throw new IllegalArgumentException("multistream message too long: " + line);
        }
        return LengthPrefixed.frame(text);
    }

    private static void expectHeader(InputStream in) throws IOException {
        String header = readMessage(in);
        if (!header.equals(PROTOCOL)) {
            throw new ProtocolException(
                    "expected " + PROTOCOL + ", got '" + printable(header) + "'");
        }
    }

    private static String readMessage(InputStream in) throws IOException {
        byte[] message = LengthPrefixed.readRequired(in, MAX_MESSAGE);
        if (message.length == 0 || message[message.length - 1] != '\n') {
            throw new ProtocolException("multistream message does not end with a newline");
        }
        String line = new String(message, 0, message.length - 1, StandardCharsets.UTF_8);
        if (line.indexOf('\n') >= 0) {
            throw new ProtocolException("multistream message with an embedded newline");
        }
        return line;
    }

    private static String printable(String s) {
        String t = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
