// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.yamux;

import java.net.ProtocolException;

/**
 * The 12-byte Yamux frame header (hashicorp/yamux spec.md), all fields big-endian:
 *
 * <pre>
 * version:8 (0) | type:8 | flags:16 | stream id:32 | length:32
 * </pre>
 *
 * <p>{@code length} is the payload size of a Data frame, the window delta of a WindowUpdate, the
 * opaque value of a Ping and the error code of a GoAway.
 *
 * @param type {@link #DATA}, {@link #WINDOW_UPDATE}, {@link #PING} or {@link #GO_AWAY}
 * @param flags a combination of {@link #SYN}, {@link #ACK}, {@link #FIN} and {@link #RST}
 * @param streamId the stream, 0 for session frames; unsigned on the wire
 * @param length the length field, 0 to 2^32 - 1
 */
public record YamuxHeader(int type, int flags, int streamId, long length) {

    /** Header size in bytes. */
    public static final int LENGTH = 12;

    /** Frame type: payload for a stream. */
    public static final int DATA = 0;

    /** Frame type: grows a stream's send window, or carries flags alone. */
    public static final int WINDOW_UPDATE = 1;

    /** Frame type: session keep-alive and round-trip measurement. */
    public static final int PING = 2;

    /** Frame type: the sender accepts no new streams. */
    public static final int GO_AWAY = 3;

    /** Flag: opens a stream (or a ping request). */
    public static final int SYN = 1;

    /** Flag: acknowledges a stream open (or answers a ping). */
    public static final int ACK = 2;

    /** Flag: the sender will send no more data on the stream (half close). */
    public static final int FIN = 4;

    /** Flag: aborts the stream in both directions. */
    public static final int RST = 8;

    /** GoAway code: normal termination. */
    public static final int GO_AWAY_NORMAL = 0;

    /** GoAway code: the peer broke the protocol. */
    public static final int GO_AWAY_PROTOCOL_ERROR = 1;

    /** GoAway code: this side failed internally. */
    public static final int GO_AWAY_INTERNAL_ERROR = 2;

    /**
     * Decodes a header.
     *
     * @param b exactly 12 bytes
     * @return the header
     * @throws ProtocolException on an unknown version, type or flag bit
     */
    public static YamuxHeader decode(byte[] b) throws ProtocolException {
        if (b[0] != 0) {
            throw new ProtocolException("unsupported yamux version " + (b[0] & 0xFF));
        }
        int type = b[1] & 0xFF;
        if (type > GO_AWAY) {
            throw new ProtocolException("unknown yamux frame type " + type);
        }
        int flags = ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
        if ((flags & ~(SYN | ACK | FIN | RST)) != 0) {
            throw new ProtocolException("unknown yamux flags 0x" + Integer.toHexString(flags));
        }
        int streamId =
                ((b[4] & 0xFF) << 24)
                        | ((b[5] & 0xFF) << 16)
                        | ((b[6] & 0xFF) << 8)
                        | (b[7] & 0xFF);
        long length =
                ((long) (b[8] & 0xFF) << 24)
                        | ((b[9] & 0xFF) << 16)
                        | ((b[10] & 0xFF) << 8)
                        | (b[11] & 0xFF);
        return new YamuxHeader(type, flags, streamId, length);
    }

    /**
     * Encodes a frame: this header followed by a payload.
     *
     * @param payload the array holding the Data payload
     * @param offset where the payload starts
     * @param count the payload size; for Data frames it equals {@link #length()}
     * @return header and payload
     */
    public byte[] frame(byte[] payload, int offset, int count) {
        byte[] b = new byte[LENGTH + count];
        b[1] = (byte) type;
        b[2] = (byte) (flags >>> 8);
        b[3] = (byte) flags;
        b[4] = (byte) (streamId >>> 24);
        b[5] = (byte) (streamId >>> 16);
        b[6] = (byte) (streamId >>> 8);
        b[7] = (byte) streamId;
        b[8] = (byte) (length >>> 24);
        b[9] = (byte) (length >>> 16);
        b[10] = (byte) (length >>> 8);
        b[11] = (byte) length;
        System.arraycopy(payload, offset, b, LENGTH, count);
        return b;
    }

    /**
     * Encodes a frame without payload.
     *
     * @return the 12 header bytes
     */
    public byte[] frame() {
        return frame(new byte[0], 0, 0);
    }
}
