// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.ipfs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The few protobuf encodings dag-pb and UnixFS need, into a growing byte array. */
final class ProtoWriter {

    static final int VARINT = 0;
    static final int LENGTH_DELIMITED = 2;

    private final ByteArrayOutputStream out;

    ProtoWriter(int sizeHint) {
        out = new ByteArrayOutputStream(sizeHint);
    }

    void varintField(int field, long value) {
        varint(((long) field << 3) | VARINT);
        varint(value);
    }

    void bytesField(int field, byte[] value) {
        varint(((long) field << 3) | LENGTH_DELIMITED);
        varint(value.length);
        out.writeBytes(value);
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    private void varint(long value) {
        try {
            Varint.write(value, out);
        } catch (IOException e) {
            throw new UncheckedIOException("a byte array stream does not fail", e);
        }
    }
}
