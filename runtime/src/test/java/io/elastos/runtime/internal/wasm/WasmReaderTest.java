// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.wasm;

import static io.elastos.runtime.internal.wasm.TestWasm.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WasmReaderTest {

    private static WasmReader reader(int... values) {
        return new WasmReader(bytes(values));
    }

    private static void assertMalformed(Runnable read, String expected) {
        WasmFormatException e = assertThrows(WasmFormatException.class, read::run);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void readsUnsigned32() {
        assertEquals(0, reader(0x00).readU32());
        assertEquals(624_485, reader(0xE5, 0x8E, 0x26).readU32());
        assertEquals(0xFFFF_FFFFL, reader(0xFF, 0xFF, 0xFF, 0xFF, 0x0F).readU32());
        // Padded encodings are legal as long as they fit in five bytes.
        assertEquals(5, reader(0x85, 0x80, 0x80, 0x80, 0x00).readU32());
    }

    @Test
    void rejectsBadUnsigned32() {
        assertMalformed(() -> reader(0xFF, 0xFF, 0xFF, 0xFF, 0x1F).readU32(), "exceeds u32");
        assertMalformed(
                () -> reader(0x80, 0x80, 0x80, 0x80, 0x80, 0x00).readU32(), "longer than 5");
        assertMalformed(() -> reader(0x80, 0x80).readU32(), "truncated LEB128");
        assertMalformed(() -> reader().readU32(), "truncated LEB128");
    }

    @Test
    void readsAndRejectsUnsigned64() {
        int[] max = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01};
        assertEquals(-1L, reader(max).readU64());
        max[9] = 0x02;
        assertMalformed(() -> reader(max).readU64(), "exceeds u64");
        max[9] = 0x81;
        assertMalformed(() -> reader(max).readU64(), "longer than 10");
    }

    @Test
    void readsSigned32() {
        assertEquals(-1, reader(0x7F).readS32());
        assertEquals(63, reader(0x3F).readS32());
        assertEquals(-64, reader(0x40).readS32());
        assertEquals(-123_456, reader(0xC0, 0xBB, 0x78).readS32());
        assertEquals(Integer.MIN_VALUE, reader(0x80, 0x80, 0x80, 0x80, 0x78).readS32());
        assertEquals(Integer.MAX_VALUE, reader(0xFF, 0xFF, 0xFF, 0xFF, 0x07).readS32());
    }

    @Test
    void rejectsBadSigned32() {
        assertMalformed(() -> reader(0x80, 0x80, 0x80, 0x80, 0x70).readS32(), "exceeds s32");
        assertMalformed(() -> reader(0xFF, 0xFF, 0xFF, 0xFF, 0x0F).readS32(), "exceeds s32");
        assertMalformed(() -> reader(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F).readS32(), "longer than");
    }

    @Test
    void readsAndRejectsSigned33() {
        assertEquals(-64, reader(0x40).readS33());
        assertEquals(0xFFFF_FFFFL, reader(0xFF, 0xFF, 0xFF, 0xFF, 0x0F).readS33());
        assertEquals(-(1L << 32), reader(0x80, 0x80, 0x80, 0x80, 0x70).readS33());
        assertMalformed(() -> reader(0x80, 0x80, 0x80, 0x80, 0x60).readS33(), "exceeds s33");
    }

    @Test
    void readsAndRejectsSigned64() {
        int[] min = {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F};
        assertEquals(Long.MIN_VALUE, reader(min).readS64());
        int[] max = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00};
        assertEquals(Long.MAX_VALUE, reader(max).readS64());
        assertEquals(-2, reader(0x7E).readS64());
        min[9] = 0x7E;
        assertMalformed(() -> reader(min).readS64(), "exceeds s64");
        max[9] = 0x01;
        assertMalformed(() -> reader(max).readS64(), "exceeds s64");
    }

    @Test
    void readsNames() {
        assertEquals("h\u00e9", reader(0x03, 'h', 0xC3, 0xA9).readName());
        assertEquals("", reader(0x00).readName());
    }

    @Test
    void rejectsBadNames() {
        assertMalformed(() -> reader(0x05, 'a', 'b').readName(), "exceeds the 2 bytes left");
        assertMalformed(() -> reader(0x02, 0xC0, 0x80).readName(), "not valid UTF-8");
        assertMalformed(() -> reader(0x03, 0xED, 0xA0, 0x80).readName(), "not valid UTF-8");
        assertMalformed(() -> reader(0x01, 0xFF).readName(), "not valid UTF-8");
    }

    @Test
    void boundsCountsAndBytesByWindow() {
        byte[] data = bytes(0x09, 0x03, 1, 2, 3, 4);
        WasmReader window = new WasmReader(data, 1, 4);
        assertMalformed(() -> window.readCount("thing", 100), "exceeds the 2 bytes left");
        assertMalformed(() -> new WasmReader(data, 0, 6).readCount("thing", 8), "exceeds 8");
        WasmReader in = new WasmReader(data, 1, 5);
        assertEquals(3, in.readCount("thing", 100));
        assertEquals(3, in.readBytes(3).length);
        assertTrue(in.atEnd());
        WasmFormatException e = assertThrows(WasmFormatException.class, in::readByte);
        assertEquals(5, e.offset());
        assertMalformed(() -> new WasmReader(data).skip(7), "need 7 bytes");
        assertMalformed(() -> new WasmReader(data).expectEnd("test"), "6 unexpected trailing");
    }
}
