// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.ipfs;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Unsigned LEB128 varints as used by multiformats, protobuf and CAR.
 *
 * <p>Values are limited to 63 bits (what a Java {@code long} holds without sign tricks) and the
 * multiformats rule of at most 9 bytes; a non-minimal encoding (a trailing {@code 0x00} byte) is
 * refused, because two encodings of one value would give two CIDs for one block.
 */
public final class Varint {

    /** The longest varint accepted: 9 bytes carry 63 bits. */
    public static final int MAX_BYTES = 9;

    private Varint() {}

    /**
     * Returns how many bytes {@code value} takes.
     *
     * @param value a non-negative value
     * @return the encoded length, 1 to 9
     */
    public static int size(long value) {
        requireNonNegative(value);
        int n = 1;
        while ((value >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    /**
     * Writes {@code value}.
     *
     * @param value a non-negative value
     * @param out where to write
     * @throws IOException if writing fails
     */
    public static void write(long value, OutputStream out) throws IOException {
        requireNonNegative(value);
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    /**
     * Encodes {@code value} into a new array.
     *
     * @param value a non-negative value
     * @return the encoded bytes
     */
    public static byte[] encode(long value) {
        byte[] out = new byte[size(value)];
        int i = 0;
        while ((value & ~0x7FL) != 0) {
            out[i++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out[i] = (byte) value;
        return out;
    }

    /**
     * Reads a varint from a stream, or reports a clean end of stream.
     *
     * @param in the stream
     * @return the value, or -1 if the stream ended before the first byte
     * @throws EOFException if the stream ends inside the varint
     * @throws MalformedException if the varint is malformed
     * @throws IOException if reading fails
     */
    public static long readOrEnd(InputStream in) throws IOException {
        long value = 0;
        for (int i = 0; i < MAX_BYTES; i++) {
            int b = in.read();
            if (b < 0) {
                if (i == 0) {
                    return -1;
                }
                throw new EOFException("stream ends inside a varint");
            }
            value = accumulate(value, b, i);
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new MalformedException("varint longer than " + MAX_BYTES + " bytes");
    }

    /**
     * Adds byte {@code index} of a varint to the value read so far.
     *
     * @throws IOException if the byte makes the encoding non-minimal or overflows 63 bits
     */
    static long accumulate(long value, int b, int index) throws IOException {
        if (index > 0 && b == 0) {
            throw new MalformedException("non-minimal varint");
        }
        if (index == MAX_BYTES - 1 && (b & 0x80) != 0) {
            throw new MalformedException("varint longer than " + MAX_BYTES + " bytes");
        }
        return value | ((long) (b & 0x7F) << (7 * index));
    }

    /** A varint is non-minimal, too long or overflows 63 bits. */
    public static final class MalformedException extends IOException {

        private static final long serialVersionUID = 1L;

        MalformedException(String message) {
            super(message);
        }
    }

    private static void requireNonNegative(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("varints are unsigned: " + value);
        }
    }
}
