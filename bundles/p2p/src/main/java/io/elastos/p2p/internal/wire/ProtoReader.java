// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.wire;

import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A minimal protobuf (proto2/proto3 wire format) reader for the few small messages libp2p uses.
 * Unknown fields are skipped, groups and malformed input are refused.
 *
 * <pre>{@code
 * ProtoReader r = new ProtoReader(bytes);
 * while (r.next()) {
 *     switch (r.field()) {
 *         case 1 -> key = r.bytes();
 *         default -> {} // unknown: already skipped
 *     }
 * }
 * }</pre>
 */
public final class ProtoReader {

    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED32 = 5;

    private final ByteReader in;
    private int field;
    private int wireType;
    private long varint;
    private byte[] bytes;

    /**
     * Reads a whole message.
     *
     * @param message the encoded message
     */
    public ProtoReader(byte[] message) {
        this.in = new ByteReader(message);
    }

    /**
     * Advances to the next field and reads its value.
     *
     * @return whether a field was read; {@code false} at the end of the message
     * @throws ProtocolException if the message is malformed
     */
    public boolean next() throws ProtocolException {
        if (!in.hasRemaining()) {
            return false;
        }
        long key = in.readProtobufVarint();
        long number = key >>> 3;
        if (number == 0 || number > 0x1FFFFFFF) {
            throw new ProtocolException("invalid protobuf field number " + number);
        }
        field = (int) number;
        wireType = (int) (key & 7);
        bytes = null;
        switch (wireType) {
            case VARINT -> varint = in.readProtobufVarint();
            case FIXED64 -> in.skip(8);
            case LENGTH_DELIMITED -> {
                long length = in.readProtobufVarint();
                if (length < 0 || length > in.remaining()) {
                    throw new ProtocolException(
                            "protobuf field " + field + " overruns the message");
                }
                bytes = in.readBytes((int) length);
            }
            case FIXED32 -> in.skip(4);
            default -> throw new ProtocolException("unsupported protobuf wire type " + wireType);
        }
        return true;
    }

    /**
     * Returns the current field's number.
     *
     * @return the field number
     */
    public int field() {
        return field;
    }

    /**
     * Returns the current field as an integer.
     *
     * @return the varint value
     * @throws ProtocolException if the field is not a varint
     */
    public long varint() throws ProtocolException {
        if (wireType != VARINT) {
            throw new ProtocolException("field " + field + " is not a varint");
        }
        return varint;
    }

    /**
     * Returns the current field as bytes (bytes, string or embedded message).
     *
     * @return the field's bytes
     * @throws ProtocolException if the field is not length-delimited
     */
    public byte[] bytes() throws ProtocolException {
        if (wireType != LENGTH_DELIMITED) {
            throw new ProtocolException("field " + field + " is not length-delimited");
        }
        return bytes;
    }

    /**
     * Returns the current field as a UTF-8 string.
     *
     * @return the decoded string
     * @throws ProtocolException if the field is not length-delimited or not valid UTF-8
     */
    public String string() throws ProtocolException {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException("field " + field + " is not valid UTF-8");
        }
    }
}
