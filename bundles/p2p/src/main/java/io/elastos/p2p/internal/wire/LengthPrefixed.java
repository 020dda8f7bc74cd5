// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.wire;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;

/**
 * Messages framed by an unsigned-varint length, the framing of multistream-select, identify and
 * bitswap. Every read names its own upper bound, so a peer can never make us allocate more than the
 * protocol allows.
 */
public final class LengthPrefixed {

    private LengthPrefixed() {}

    /**
     * Reads one message.
     *
     * @param in the stream
     * @param maxLength the largest message accepted
     * @return the message, or {@code null} if the stream ended cleanly before it
     * @throws ProtocolException if the length exceeds {@code maxLength} or the varint is malformed
     * @throws EOFException if the stream ends inside the message
     */
    public static byte[] read(InputStream in, int maxLength) throws IOException {
        long length = Varint.read(in);
        if (length < 0) {
            return null;
        }
        if (length > maxLength) {
            throw new ProtocolException("message of " + length + " bytes exceeds " + maxLength);
        }
        byte[] message = in.readNBytes((int) length);
        if (message.length != length) {
            throw new EOFException("stream ended inside a " + length + "-byte message");
        }
        return message;
    }

    /**
     * Reads one message that must be there.
     *
     * @param in the stream
     * @param maxLength the largest message accepted
     * @return the message
     * @throws EOFException if the stream ends before or inside the message
     * @throws ProtocolException if the length exceeds {@code maxLength}
     */
    public static byte[] readRequired(InputStream in, int maxLength) throws IOException {
        byte[] message = read(in, maxLength);
        if (message == null) {
            throw new EOFException("stream ended before a message");
        }
        return message;
    }

    /**
     * Frames a message.
     *
     * @param message the payload
     * @return varint length followed by the payload
     */
    public static byte[] frame(byte[] message) {
        byte[] out = new byte[Varint.size(message.length) + message.length];
        int offset = Varint.write(message.length, out, 0);
        System.arraycopy(message, 0, out, offset, message.length);
        return out;
    }

    /**
     * Writes one framed message without flushing.
     *
     * @param out the stream
     * @param message the payload
     * @throws IOException if the write fails
     */
    public static void write(OutputStream out, byte[] message) throws IOException {
        out.write(frame(message));
    }
}
