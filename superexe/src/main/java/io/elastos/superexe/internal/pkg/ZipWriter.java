// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.pkg;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes a plain, deterministic zip (fixed timestamps, UTF-8 names, regular-file modes, no data
 * descriptors) that {@link SafeZipReader} accepts.
 */
final class ZipWriter {
    // 1980-01-01 00:00, the DOS epoch: identical inputs give identical packages.
    private static final int DOS_DATE = (1 << 5) | 1;
    private static final int UTF8_FLAG = 0x0800;
    private static final int MADE_BY_UNIX = (3 << 8) | 20;
    private static final long REGULAR_FILE_0644 = 0100644L << 16;

    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final ByteArrayOutputStream central = new ByteArrayOutputStream();
    private int count;

    /** Adds an entry, deflating it unless that does not make it smaller. */
    void add(String name, byte[] data) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        byte[] deflated = deflate(data);
        // Stored too when the ratio would look like a bomb to the reader's default limit.
        boolean store =
                deflated.length >= data.length
                        || (long) deflated.length * PackageLimits.DEFAULT.maxRatio() < data.length;
        byte[] stored = store ? data : deflated;
        CRC32 crc = new CRC32();
        crc.update(data);
        int offset = body.size();
        u32(body, 0x04034b50);
        u16(body, 20);
        u16(body, UTF8_FLAG);
        u16(body, store ? 0 : 8);
        u16(body, 0);
        u16(body, DOS_DATE);
        u32(body, crc.getValue());
        u32(body, stored.length);
        u32(body, data.length);
        u16(body, nameBytes.length);
        u16(body, 0);
        body.writeBytes(nameBytes);
        body.writeBytes(stored);

        u32(central, 0x02014b50);
        u16(central, MADE_BY_UNIX);
        u16(central, 20);
        u16(central, UTF8_FLAG);
        u16(central, store ? 0 : 8);
        u16(central, 0);
        u16(central, DOS_DATE);
        u32(central, crc.getValue());
        u32(central, stored.length);
        u32(central, data.length);
        u16(central, nameBytes.length);
        u16(central, 0);
        u16(central, 0);
        u16(central, 0);
        u16(central, 0);
        u32(central, REGULAR_FILE_0644);
        u32(central, offset);
        central.writeBytes(nameBytes);
        count++;
    }

    byte[] finish() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(body.toByteArray());
        out.writeBytes(central.toByteArray());
        u32(out, 0x06054b50);
        u16(out, 0);
        u16(out, 0);
        u16(out, count);
        u16(out, count);
        u32(out, central.size());
        u32(out, body.size());
        u16(out, 0);
        return out.toByteArray();
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            while (!deflater.finished()) {
                out.write(buf, 0, deflater.deflate(buf));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write(v & 0xff);
        out.write((v >>> 8) & 0xff);
    }

    private static void u32(ByteArrayOutputStream out, long v) {
        u16(out, (int) (v & 0xffff));
        u16(out, (int) ((v >>> 16) & 0xffff));
    }
}
