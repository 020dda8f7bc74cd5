// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.ipfs;

import java.io.IOException;
import java.util.Arrays;

/**
 * A bounds-checked cursor over a byte array, for decoding untrusted CIDs, protobuf and CBOR.
 *
 * <p>Every read checks the remaining length first, so a hostile length prefix fails with an {@link
 * IOException} instead of an allocation or an index error.
 */
final class ByteReader {

    private final byte[] buf;
    private int pos;
    private final int limit;

    ByteReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    ByteReader(byte[] buf, int offset, int limit) {
        this.buf = buf;
        this.pos = offset;
        this.limit = limit;
    }

    int position() {
        return pos;
    }

    int remaining() {
        return limit - pos;
    }

    boolean hasRemaining() {
        return pos < limit;
    }

    int readByte() throws IOException {
        if (pos >= limit) {
            throw new IOException("unexpected end of data");
        }
        return buf[pos++] & 0xFF;
    }

    long readVarint() throws IOException {
        long value = 0;
        for (int i = 0; i < Varint.MAX_BYTES; i++) {
            int b = readByte();
            value = Varint.accumulate(value, b, i);
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("varint longer than " + Varint.MAX_BYTES + " bytes");
    }

    /** Reads a varint length and checks that that many bytes remain. */
    int readLength() throws IOException {
        long n = readVarint();
        if (n > remaining()) {
            throw new IOException("length " + n + " exceeds the " + remaining() + " bytes left");
        }
        return (int) n;
    }

    byte[] readBytes(int n) throws IOException {
        if (n < 0 || n > remaining()) {
            throw new IOException("length " + n + " exceeds the " + remaining() + " bytes left");
        }
        byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return out;
    }

    /** A reader over the next {@code n} bytes; this reader skips past them. */
    ByteReader slice(int n) throws IOException {
        if (n < 0 || n > remaining()) {
            throw new IOException("length " + n + " exceeds the " + remaining() + " bytes left");
        }
        ByteReader sub = new ByteReader(buf, pos, pos + n);
        pos += n;
        return sub;
    }
}
