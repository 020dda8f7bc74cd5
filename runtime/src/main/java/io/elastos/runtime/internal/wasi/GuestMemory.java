// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.wasi;

import io.elastos.api.runtime.SandboxException;
import io.elastos.runtime.internal.extism.GuestAbort;
import java.nio.charset.StandardCharsets;
import org.graalvm.polyglot.Value;

/**
 * The guest's exported linear memory, as host functions read and write it. Every access is checked
 * against the current size; a bad pointer from the guest ends the call, it never reaches the host.
 */
public final class GuestMemory {

    private Value memory;

    /** Binds the instance's exported {@code memory}; called once after instantiation. */
    public void bind(Value exports) {
        Value m = exports.getMember("memory");
        memory = m != null && m.hasBufferElements() ? m : null;
    }

    public long size() {
        return memory == null ? 0 : memory.getBufferSize();
    }

    public byte[] read(long offset, int length) {
        check(offset, length);
        byte[] out = new byte[length];
        if (length > 0) {
            memory.readBuffer(offset, out, 0, length);
        }
        return out;
    }

    public String readString(long offset, int length) {
        return new String(read(offset, length), StandardCharsets.UTF_8);
    }

    public void write(long offset, byte[] bytes) {
        check(offset, bytes.length);
        for (int i = 0; i < bytes.length; i++) {
            memory.writeBufferByte(offset + i, bytes[i]);
        }
    }

    public int readInt(long offset) {
        check(offset, 4);
        return memory.readBufferInt(java.nio.ByteOrder.LITTLE_ENDIAN, offset);
    }

    public void writeInt(long offset, int value) {
        check(offset, 4);
        memory.writeBufferInt(java.nio.ByteOrder.LITTLE_ENDIAN, offset, value);
    }

    public void writeLong(long offset, long value) {
        check(offset, 8);
        memory.writeBufferLong(java.nio.ByteOrder.LITTLE_ENDIAN, offset, value);
    }

    public void writeByte(long offset, int value) {
        check(offset, 1);
        memory.writeBufferByte(offset, (byte) value);
    }

    public void writeShort(long offset, int value) {
        check(offset, 2);
        memory.writeBufferShort(java.nio.ByteOrder.LITTLE_ENDIAN, offset, (short) value);
    }

    private void check(long offset, long length) {
        if (memory == null) {
            throw new GuestAbort(SandboxException.Kind.TRAP, "the module exports no memory");
        }
        if (offset < 0 || length < 0 || offset + length > memory.getBufferSize()) {
            throw new GuestAbort(
                    SandboxException.Kind.TRAP,
                    "guest memory access out of bounds: offset " + offset + ", length " + length);
        }
    }
}
