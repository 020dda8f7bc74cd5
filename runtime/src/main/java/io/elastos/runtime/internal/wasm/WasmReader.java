// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.wasm;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Bounded cursor over a window of a WebAssembly binary that fails with {@link WasmFormatException}
 * on any truncation or malformed encoding.
 */
public final class WasmReader {

    private final byte[] data;
    private final int end;
    private int pos;

    /** Reads the whole array. */
    public WasmReader(byte[] data) {
        this(data, 0, data.length);
    }

    /**
     * Reads {@code data[start, end)}; offsets reported in errors are absolute indices into {@code
     * data}.
     */
    public WasmReader(byte[] data, int start, int end) {
        if (start < 0 || end < start || end > data.length) {
            throw new IllegalArgumentException("bad window [" + start + ", " + end + ")");
        }
        this.data = data;
        this.pos = start;
        this.end = end;
    }

    /** Returns the absolute offset of the next byte to read. */
    public int offset() {
        return pos;
    }

    /** Returns how many bytes are left in this window. */
    public int remaining() {
        return end - pos;
    }

    /** Returns whether the window has been fully consumed. */
    public boolean atEnd() {
        return pos == end;
    }

    /** Reads one unsigned byte. */
    public int readByte() {
        if (pos >= end) {
            throw new WasmFormatException(pos, "unexpected end of data");
        }
        return data[pos++] & 0xFF;
    }

    /** Reads an unsigned LEB128 32-bit integer, returned as a non-negative long. */
    public long readU32() {
        return readUnsigned(32);
    }

    /** Reads an unsigned LEB128 64-bit integer; values above 2^63-1 come back negative. */
    public long readU64() {
        return readUnsigned(64);
    }

    /** Reads a signed LEB128 32-bit integer. */
    public int readS32() {
        return (int) readSigned(32);
    }

    /** Reads a signed LEB128 33-bit integer (used for block types). */
    public long readS33() {
        return readSigned(33);
    }

    /** Reads a signed LEB128 64-bit integer. */
    public long readS64() {
        return readSigned(64);
    }

    /**
     * Reads a u32 element count and checks it against {@code limit} and against the bytes left,
     * since every element occupies at least one byte; callers may then size loops by it safely.
     */
    public int readCount(String what, int limit) {
        int at = pos;
        long count = readU32();
        if (count > limit) {
            throw new WasmFormatException(at, what + " count " + count + " exceeds " + limit);
        }
        if (count > remaining()) {
            throw new WasmFormatException(
                    at, what + " count " + count + " exceeds the " + remaining() + " bytes left");
        }
        return (int) count;
    }

    /** Reads a u32 length prefix that must fit in the bytes left. */
    public int readLength(String what) {
        int at = pos;
        long length = readU32();
        if (length > remaining()) {
            throw new WasmFormatException(
                    at, what + " length " + length + " exceeds the " + remaining() + " bytes left");
        }
        return (int) length;
    }

    /** Reads a length-prefixed UTF-8 name, rejecting malformed UTF-8 as the spec requires. */
    public String readName() {
        int length = readLength("name");
        int at = pos;
        CharsetDecoder decoder =
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            String name = decoder.decode(ByteBuffer.wrap(data, at, length)).toString();
            pos += length;
            return name;
        } catch (CharacterCodingException e) {
            throw new WasmFormatException(at, "name is not valid UTF-8");
        }
    }

    /** Reads {@code length} raw bytes. */
    public byte[] readBytes(int length) {
        int from = pos;
        skip(length);
        return Arrays.copyOfRange(data, from, from + length);
    }

    /** Skips {@code length} bytes. */
    public void skip(int length) {
        if (length < 0 || length > remaining()) {
            throw new WasmFormatException(
                    pos, "need " + length + " bytes but only " + remaining() + " are left");
        }
        pos += length;
    }

    /** Returns a reader over the next {@code length} bytes and advances past them. */
    public WasmReader slice(int length) {
        int from = pos;
        skip(length);
        return new WasmReader(data, from, from + length);
    }

    /** Fails if bytes remain, e.g. trailing garbage after the last entry of a section. */
    public void expectEnd(String what) {
        if (pos != end) {
            throw new WasmFormatException(
                    pos, (end - pos) + " unexpected trailing bytes in " + what);
        }
    }

    private long readUnsigned(int bits) {
        int start = pos;
        int maxBytes = (bits + 6) / 7;
        long result = 0;
        for (int i = 0; i < maxBytes; i++) {
            int b = readLebByte(start);
            result |= (long) (b & 0x7F) << (7 * i);
            if (i == maxBytes - 1) {
                int usedBits = bits - 7 * i;
                if ((b & 0x80) != 0) {
                    throw new WasmFormatException(
                            start, "LEB128 longer than " + maxBytes + " bytes");
                }
                if ((b & 0x7F & ~((1 << usedBits) - 1)) != 0) {
                    throw new WasmFormatException(start, "LEB128 value exceeds u" + bits);
                }
            } else if ((b & 0x80) == 0) {
                break;
            }
        }
        return result;
    }

    private long readSigned(int bits) {
        int start = pos;
        int maxBytes = (bits + 6) / 7;
        long result = 0;
        for (int i = 0; i < maxBytes; i++) {
            int b = readLebByte(start);
            result |= (long) (b & 0x7F) << (7 * i);
            if (i == maxBytes - 1) {
                checkLastSignedByte(start, b, bits - 7 * i, bits, maxBytes);
                // The last byte's top payload bits are all copies of the sign bit.
                return result << (64 - bits) >> (64 - bits);
            }
            if ((b & 0x80) == 0) {
                int shift = 7 * (i + 1);
                return (b & 0x40) != 0 && shift < 64 ? result | (-1L << shift) : result;
            }
        }
        throw new AssertionError("unreachable");
    }

    private static void checkLastSignedByte(
            int start, int b, int usedBits, int bits, int maxBytes) {
        if ((b & 0x80) != 0) {
            throw new WasmFormatException(start, "LEB128 longer than " + maxBytes + " bytes");
        }
        // Unused bits plus the sign bit must be all zeros or all ones.
        int signAndUnused = 0x7F & ~((1 << (usedBits - 1)) - 1);
        int actual = b & signAndUnused;
        if (actual != 0 && actual != signAndUnused) {
            throw new WasmFormatException(start, "LEB128 value exceeds s" + bits);
        }
    }

    private int readLebByte(int start) {
        if (pos >= end) {
            throw new WasmFormatException(start, "truncated LEB128 integer");
        }
        return data[pos++] & 0xFF;
    }
}
