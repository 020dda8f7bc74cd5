// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class VarintTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void encodesTheSpecExamples() {
        // From the multiformats unsigned-varint README.
        assertEquals("01", HEX.formatHex(Varint.encode(1)));
        assertEquals("7f", HEX.formatHex(Varint.encode(127)));
        assertEquals("8001", HEX.formatHex(Varint.encode(128)));
        assertEquals("ff01", HEX.formatHex(Varint.encode(255)));
        assertEquals("ac02", HEX.formatHex(Varint.encode(300)));
        assertEquals("808001", HEX.formatHex(Varint.encode(16384)));
        assertEquals(9, Varint.size(Long.MAX_VALUE));
    }

    @Test
    void roundTripsThroughStreamsAndArrays() throws IOException {
        long[] values = {0, 1, 127, 128, 300, 65535, 1L << 32, Long.MAX_VALUE};
        for (long v : values) {
            byte[] encoded = Varint.encode(v);
            assertEquals(v, Varint.read(new ByteArrayInputStream(encoded)));
            assertEquals(v, new ByteReader(encoded).readVarint());
        }
    }

    @Test
    void refusesOverlongNonMinimalAndTruncatedInput() {
        byte[] tenBytes = HEX.parseHex("ffffffffffffffffff01");
        assertThrows(
                ProtocolException.class, () -> Varint.read(new ByteArrayInputStream(tenBytes)));
        assertThrows(ProtocolException.class, () -> new ByteReader(tenBytes).readVarint());
        byte[] nonMinimal = HEX.parseHex("8100");
        assertThrows(
                ProtocolException.class, () -> Varint.read(new ByteArrayInputStream(nonMinimal)));
        assertThrows(
                EOFException.class,
                () -> Varint.read(new ByteArrayInputStream(HEX.parseHex("80"))));
        assertThrows(
                ProtocolException.class, () -> new ByteReader(HEX.parseHex("80")).readVarint());
    }

    @Test
    void negativeValuesAreNotVarints() {
        assertThrows(IllegalArgumentException.class, () -> Varint.encode(-1));
    }

    @Test
    void lengthPrefixedMessagesHaveHardBounds() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LengthPrefixed.write(out, new byte[] {1, 2, 3});
        LengthPrefixed.write(out, new byte[200]);
        ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
        assertArrayEquals(new byte[] {1, 2, 3}, LengthPrefixed.read(in, 10));
        assertThrows(ProtocolException.class, () -> LengthPrefixed.read(in, 199));
        assertNull(LengthPrefixed.read(new ByteArrayInputStream(new byte[0]), 10));

        // A claimed 4 GiB message is refused before any allocation.
        byte[] huge = Varint.encode(1L << 32);
        assertThrows(
                ProtocolException.class,
                () -> LengthPrefixed.read(new ByteArrayInputStream(huge), 1 << 20));
        // A message cut short is an EOF, not a short array.
        byte[] cut = {5, 1, 2};
        assertThrows(
                EOFException.class, () -> LengthPrefixed.read(new ByteArrayInputStream(cut), 10));
    }

    @Test
    void protobufReaderSkipsUnknownFieldsAndRefusesGarbage() throws ProtocolException {
        byte[] message =
                new ProtoWriter()
                        .varint(1, 150)
                        .string(2, "hello")
                        .bytes(9, new byte[] {7})
                        .bool(3, true)
                        .toByteArray();
        ProtoReader r = new ProtoReader(message);
        int seen = 0;
        while (r.next()) {
            switch (r.field()) {
                case 1 -> assertEquals(150, r.varint());
                case 2 -> assertEquals("hello", r.string());
                case 3 -> assertEquals(1, r.varint());
                default -> {}
            }
            seen++;
        }
        assertEquals(4, seen);
        // Field 1 claiming 100 bytes with 1 present; wire type 3 (groups); field number 0.
        assertThrows(ProtocolException.class, () -> new ProtoReader(HEX.parseHex("0a6401")).next());
        assertThrows(ProtocolException.class, () -> new ProtoReader(HEX.parseHex("0b")).next());
        assertThrows(ProtocolException.class, () -> new ProtoReader(HEX.parseHex("0001")).next());
        ProtoReader badUtf8 = new ProtoReader(HEX.parseHex("0a02c328"));
        badUtf8.next();
        assertThrows(ProtocolException.class, badUtf8::string);
    }
}
