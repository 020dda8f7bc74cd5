// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.pkg;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** A zip writer for tests where every header field can lie, so hostile archives can be built. */
final class HostileZip {

    /** One entry; every null override means "the honest value". */
    static final class Entry {
        String name;
        byte[] data;
        int method = 8;
        int flags = 0x0800;
        int madeBy = (3 << 8) | 20;
        long external = 0100644L << 16;
        byte[] localName;
        byte[] centralName;
        byte[] compressed;
        Long crc;
        Long compressedSize;
        Long size;
        Integer localMethod;
        byte[] extra = new byte[0];
        Long offset;
        boolean centralOnly;

        Entry(String name, byte[] data) {
            this.name = name;
            this.data = data;
        }
    }

    final List<Entry> entries = new ArrayList<>();
    byte[] comment = new byte[0];
    byte[] prefix = new byte[0];
    Integer entryCount;
    Long cdOffsetDelta;
    int disk;

    Entry add(String name, byte[] data) {
        Entry e = new Entry(name, data);
        entries.add(e);
        return e;
    }

    Entry add(String name, String data) {
        return add(name, data.getBytes(StandardCharsets.UTF_8));
    }

    Entry get(String name) {
        return entries.stream().filter(e -> e.name.equals(name)).findFirst().orElseThrow();
    }

    byte[] build() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream central = new ByteArrayOutputStream();
        out.writeBytes(prefix);
        for (Entry e : entries) {
            byte[] name = e.name.getBytes(StandardCharsets.UTF_8);
            byte[] body =
                    e.compressed != null ? e.compressed : e.method == 8 ? deflate(e.data) : e.data;
            CRC32 crc32 = new CRC32();
            crc32.update(e.data);
            long crc = e.crc != null ? e.crc : crc32.getValue();
            long csize = e.compressedSize != null ? e.compressedSize : body.length;
            long size = e.size != null ? e.size : e.data.length;
            byte[] localName = e.localName != null ? e.localName : name;
            byte[] centralName = e.centralName != null ? e.centralName : name;
            long offset = e.offset != null ? e.offset : out.size() - prefix.length;
            if (!e.centralOnly) {
                writeLocal(out, e, localName, crc, csize, size, body);
            }
            writeCentral(central, e, centralName, crc, csize, size, offset);
        }
        long cdOffset = out.size() - prefix.length + (cdOffsetDelta == null ? 0 : cdOffsetDelta);
        out.writeBytes(central.toByteArray());
        int count = entryCount != null ? entryCount : entries.size();
        u32(out, 0x06054b50);
        u16(out, disk);
        u16(out, disk);
        u16(out, count);
        u16(out, count);
        u32(out, central.size());
        u32(out, cdOffset);
        u16(out, comment.length);
        out.writeBytes(comment);
        return out.toByteArray();
    }

    /** The local header and data of an entry, for embedding one entry inside another. */
    static byte[] local(Entry e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] body = e.method == 8 ? deflate(e.data) : e.data;
        CRC32 crc = new CRC32();
        crc.update(e.data);
        byte[] name = e.name.getBytes(StandardCharsets.UTF_8);
        writeLocal(out, e, name, crc.getValue(), body.length, e.data.length, body);
        return out.toByteArray();
    }

    private static void writeLocal(
            ByteArrayOutputStream out,
            Entry e,
            byte[] localName,
            long crc,
            long csize,
            long size,
            byte[] body) {
        u32(out, 0x04034b50);
        u16(out, 20);
        u16(out, e.flags);
        u16(out, e.localMethod != null ? e.localMethod : e.method);
        u16(out, 0);
        u16(out, 0x21);
        u32(out, crc);
        u32(out, csize);
        u32(out, size);
        u16(out, localName.length);
        u16(out, e.extra.length);
        out.writeBytes(localName);
        out.writeBytes(e.extra);
        out.writeBytes(body);
    }

    private static void writeCentral(
            ByteArrayOutputStream central,
            Entry e,
            byte[] centralName,
            long crc,
            long csize,
            long size,
            long offset) {
        u32(central, 0x02014b50);
        u16(central, e.madeBy);
        u16(central, 20);
        u16(central, e.flags);
        u16(central, e.method);
        u16(central, 0);
        u16(central, 0x21);
        u32(central, crc);
        u32(central, csize);
        u32(central, size);
        u16(central, centralName.length);
        u16(central, e.extra.length);
        u16(central, 0);
        u16(central, 0);
        u16(central, 0);
        u32(central, e.external);
        u32(central, offset);
        central.writeBytes(centralName);
        central.writeBytes(e.extra);
    }

    static byte[] deflate(byte[] data) {
        Deflater d = new Deflater(9, true);
        d.setInput(data);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return out.toByteArray();
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
