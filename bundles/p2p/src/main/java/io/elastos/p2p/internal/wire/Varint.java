// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.wire;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;

/**
 * Unsigned LEB128 varints as the multiformats unsigned-varint spec defines them: at most 9 bytes
 * (63 bits) and minimally encoded, so one value has exactly one encoding.
 */
public final class Varint {

    /** The unsigned-varint spec caps values at 2^63 - 1, which fits in 9 bytes. */
    public static final int MAX_BYTES = 9;

    private Varint() {}

    /**
     * Returns how many bytes {@link #write} emits for a value.
     *
     * @param value a non-negative value
     * @return 1 to 9
     */
    public static int size(long value) {
        requireUnsigned(value);
        int n = 1;
        while ((value >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    /**
     * Encodes a value.
     *
     * @param value a non-negative value
     * @return its varint bytes
     */
    public static byte[] encode(long value) {
        byte[] out = new byte[size(value)];
        write(value, out, 0);
        return out;
    }

    /**
     * Writes a value into an array.
     *
     * @param value a non-negative value
     * @param out the target array
     * @param offset where to start
     * @return the offset after the last byte written
     */
    public static int write(long value, byte[] out, int offset) {
        requireUnsigned(value);
        while ((value & ~0x7FL) != 0) {
            out[offset++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out[offset++] = (byte) value;
        return offset;
    }

    /**
     * Reads a value from a stream.
     *
     * @param in the stream
     * @return the value, or -1 if the stream ended before the first byte
     * @throws EOFException if the stream ends inside the varint
     * @throws ProtocolException if the varint is longer than 9 bytes or not minimal
     */
    public static long read(InputStream in) throws IOException {
        long value = 0;
        for (int i = 0; i < MAX_BYTES; i++) {
            int b = in.read();
            if (b < 0) {
                if (i == 0) {
                    return -1;
                }
                throw new EOFException("stream ended inside a varint");
            }
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw new ProtocolException("varint is not minimally encoded");
                }
                return value;
            }
        }
        throw new ProtocolException("varint longer than " + MAX_BYTES + " bytes");
    }

    private static void requireUnsigned(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("varints are unsigned: " + value);
        }
    }
}
