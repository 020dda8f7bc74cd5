// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** A minimal protobuf writer: fields are written in call order, which callers keep ascending. */
public final class ProtoWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /**
     * Writes a varint field.
     *
     * @param field the field number
     * @param value a non-negative value
     * @return this writer
     */
    public ProtoWriter varint(int field, long value) {
        key(field, 0);
        out.writeBytes(Varint.encode(value));
        return this;
    }

    /**
     * Writes a bool field; proto3 leaves {@code false} out, and so does this.
     *
     * @param field the field number
     * @param value the value
     * @return this writer
     */
    public ProtoWriter bool(int field, boolean value) {
        return value ? varint(field, 1) : this;
    }

    /**
     * Writes a bytes (or embedded message) field.
     *
     * @param field the field number
     * @param value the bytes
     * @return this writer
     */
    public ProtoWriter bytes(int field, byte[] value) {
        key(field, 2);
        out.writeBytes(Varint.encode(value.length));
        out.writeBytes(value);
        return this;
    }

    /**
     * Writes a string field as UTF-8.
     *
     * @param field the field number
     * @param value the string
     * @return this writer
     */
    public ProtoWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Returns the encoded message.
     *
     * @return the bytes written so far
     */
    public byte[] toByteArray() {
        return out.toByteArray();
    }

    private void key(int field, int wireType) {
        out.writeBytes(Varint.encode(((long) field << 3) | wireType));
    }
}
