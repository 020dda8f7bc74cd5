// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.wire;

import java.net.ProtocolException;
import java.util.Arrays;

/**
 * Decodes varints and byte runs from an array received from a peer; every overrun is a {@link
 * ProtocolException}, never an {@link ArrayIndexOutOfBoundsException}.
 */
public final class ByteReader {

    private final byte[] bytes;
    private int position;
    private final int end;

    /**
     * Reads a whole array.
     *
     * @param bytes the array, not copied
     */
    public ByteReader(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    /**
     * Reads part of an array.
     *
     * @param bytes the array, not copied
     * @param offset the first byte to read
     * @param end the index after the last byte to read
     */
    public ByteReader(byte[] bytes, int offset, int end) {
        this.bytes = bytes;
        this.position = offset;
        this.end = end;
    }

    /**
     * Tells whether bytes remain.
     *
     * @return whether the reader is before the end
     */
    public boolean hasRemaining() {
        return position < end;
    }

    /**
     * Returns how many bytes remain.
     *
     * @return bytes after the current position
     */
    public int remaining() {
        return end - position;
    }

    /**
     * Returns the current position in the array.
     *
     * @return the index of the next byte
     */
    public int position() {
        return position;
    }

    /**
     * Reads a varint.
     *
     * @return the value
     * @throws ProtocolException if it is truncated, longer than 9 bytes or not minimal
     */
    public long readVarint() throws ProtocolException {
        long value = 0;
        for (int i = 0; i < Varint.MAX_BYTES; i++) {
            if (position >= end) {
                throw new ProtocolException("truncated varint");
            }
            int b = bytes[position++] & 0xFF;
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw new ProtocolException("varint is not minimally encoded");
                }
                return value;
            }
        }
        throw new ProtocolException("varint longer than " + Varint.MAX_BYTES + " bytes");
    }

    /**
     * Reads a protobuf varint: up to 10 bytes (negative int32 and int64 values use all 10), not
     * necessarily minimal.
     *
     * @return the value's low 64 bits
     * @throws ProtocolException if it is truncated or longer than 10 bytes
     */
    public long readProtobufVarint() throws ProtocolException {
        long value = 0;
        for (int i = 0; i < 10; i++) {
            if (position >= end) {
                throw new ProtocolException("truncated varint");
            }
            int b = bytes[position++] & 0xFF;
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new ProtocolException("protobuf varint longer than 10 bytes");
    }

    /**
     * Reads a varint used as a length and checks it against a bound and what remains.
     *
     * @param max the largest accepted value
     * @return the value
     * @throws ProtocolException if it is malformed, above {@code max} or beyond the end
     */
    public int readLength(int max) throws ProtocolException {
        long v = readVarint();
        if (v > max || v > remaining()) {
            throw new ProtocolException("length " + v + " exceeds the bound or the input");
        }
        return (int) v;
    }

    /**
     * Reads one byte.
     *
     * @return the unsigned byte value
     * @throws ProtocolException at the end
     */
    public int readByte() throws ProtocolException {
        if (position >= end) {
            throw new ProtocolException("truncated input");
        }
        return bytes[position++] & 0xFF;
    }

    /**
     * Reads bytes.
     *
     * @param n how many
     * @return a copy of the next {@code n} bytes
     * @throws ProtocolException if fewer remain
     */
    public byte[] readBytes(int n) throws ProtocolException {
        if (n < 0 || n > remaining()) {
            throw new ProtocolException("truncated: need " + n + " bytes, have " + remaining());
        }
        byte[] out = Arrays.copyOfRange(bytes, position, position + n);
        position += n;
        return out;
    }

    /**
     * Skips bytes.
     *
     * @param n how many
     * @throws ProtocolException if fewer remain
     */
    public void skip(int n) throws ProtocolException {
        if (n < 0 || n > remaining()) {
            throw new ProtocolException("truncated: need " + n + " bytes, have " + remaining());
        }
        position += n;
    }
}
