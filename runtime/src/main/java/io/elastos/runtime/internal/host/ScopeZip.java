// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.host;

import io.elastos.api.storage.AppScope;
import io.elastos.api.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Zip files in an app's scope, read where they lie: the central directory from the end of the file,
 * an entry's bytes by ranges, inflated as they stream into another scope file. Nothing is trusted:
 * sizes and counts are bounded, the inflated size must match the directory's and the CRC-32 must
 * match, or the unpacked file is deleted.
 */
final class ScopeZip {

    /** One entry of the central directory. */
    record Entry(
            String name, int method, int flags, long crc, long compressed, long size, long local) {}

    static final int MAX_ENTRIES = 200_000;
    static final int MAX_DIRECTORY = 16 << 20;
    private static final int PIECE = 4 << 20;

    private final AppScope scope;
    private final String path;
    private final long fileSize;

    ScopeZip(AppScope scope, String path) throws StorageException, IOException {
        this.scope = scope;
        this.path = path;
        this.fileSize =
                scope.stat(path)
                        .filter(s -> !s.directory())
                        .orElseThrow(() -> new IOException("no file " + path))
                        .size();
    }

    /** The entries of the central directory, in its order. */
    List<Entry> entries() throws StorageException, IOException {
        int tailLength = (int) Math.min(fileSize, 65_557);
        ByteBuffer tail = range(fileSize - tailLength, tailLength);
        int eocd = -1;
        for (int i = tailLength - 22; i >= 0; i--) {
            if (tail.getInt(i) == 0x06054b50) {
                eocd = i;
                break;
            }
        }
        if (eocd < 0) {
            throw new IOException(path + " is not a zip file (no end of central directory)");
        }
        long count = tail.getShort(eocd + 10) & 0xffff;
        long dirSize = tail.getInt(eocd + 12) & 0xffffffffL;
        long dirOffset = tail.getInt(eocd + 16) & 0xffffffffL;
        if (count == 0xffff || dirSize == 0xffffffffL || dirOffset == 0xffffffffL) {
            // Zip64: the locator just before the end record points at the 64-bit end record.
            if (eocd < 20 || tail.getInt(eocd - 20) != 0x07064b50) {
                throw new IOException(path + ": a zip64 archive without its locator");
            }
            ByteBuffer z = range(tail.getLong(eocd - 12), 56);
            if (z.getInt(0) != 0x06064b50) {
                throw new IOException(path + ": a broken zip64 end record");
            }
            count = z.getLong(32);
            dirSize = z.getLong(40);
            dirOffset = z.getLong(48);
        }
        if (count > MAX_ENTRIES
                || dirSize > MAX_DIRECTORY
                || dirOffset < 0
                || dirOffset + dirSize > fileSize) {
            throw new IOException(path + ": the zip directory is too large or out of bounds");
        }
        ByteBuffer d = range(dirOffset, (int) dirSize);
        List<Entry> out = new ArrayList<>();
        int at = 0;
        for (long n = 0; n < count; n++) {
            if (at + 46 > d.limit() || d.getInt(at) != 0x02014b50) {
                throw new IOException(path + ": a broken zip directory entry");
            }
            int nameLength = d.getShort(at + 28) & 0xffff;
            int extraLength = d.getShort(at + 30) & 0xffff;
            int commentLength = d.getShort(at + 32) & 0xffff;
            if (at + 46 + nameLength + extraLength + commentLength > d.limit()) {
                throw new IOException(path + ": a zip directory entry runs past the directory");
            }
            byte[] name = new byte[nameLength];
            d.get(at + 46, name);
            long compressed = d.getInt(at + 20) & 0xffffffffL;
            long size = d.getInt(at + 24) & 0xffffffffL;
            long local = d.getInt(at + 42) & 0xffffffffL;
            // The zip64 extra field holds, in this order, each value the entry marked 0xffffffff.
            int x = at + 46 + nameLength;
            int end = x + extraLength;
            while (x + 4 <= end) {
                int id = d.getShort(x) & 0xffff;
                int length = d.getShort(x + 2) & 0xffff;
                if (id == 0x0001) {
                    int v = x + 4;
                    if (size == 0xffffffffL && v + 8 <= end) {
                        size = d.getLong(v);
                        v += 8;
                    }
                    if (compressed == 0xffffffffL && v + 8 <= end) {
                        compressed = d.getLong(v);
                        v += 8;
                    }
                    if (local == 0xffffffffL && v + 8 <= end) {
                        local = d.getLong(v);
                    }
                }
                x += 4 + length;
            }
            out.add(
                    new Entry(
                            new String(name, StandardCharsets.UTF_8),
                            d.getShort(at + 10) & 0xffff,
                            d.getShort(at + 8) & 0xffff,
                            d.getInt(at + 16) & 0xffffffffL,
                            compressed,
                            size,
                            local));
            at += 46 + nameLength + extraLength + commentLength;
        }
        return out;
    }

    /** Unpacks one entry into {@code dest}; its size, or -1 when there is no such entry. */
    long extract(String entryName, String dest) throws StorageException, IOException {
        Entry e = null;
        for (Entry candidate : entries()) {
            if (candidate.name().equals(entryName)) {
                e = candidate;
                break;
            }
        }
        if (e == null) {
            return -1;
        }
        if ((e.flags() & 1) != 0) {
            throw new IOException(entryName + " is encrypted");
        }
        if (e.method() != 0 && e.method() != 8) {
            throw new IOException(entryName + " uses compression method " + e.method());
        }
        ByteBuffer local = range(e.local(), 30);
        if (local.getInt(0) != 0x04034b50) {
            throw new IOException(entryName + ": a broken local header");
        }
        long start = e.local() + 30 + (local.getShort(26) & 0xffff) + (local.getShort(28) & 0xffff);
        if (start + e.compressed() > fileSize) {
            throw new IOException(entryName + " runs past the end of the zip file");
        }
        InputStream raw = new RangeStream(start, e.compressed());
        InputStream data = e.method() == 8 ? new InflaterInputStream(raw, new Inflater(true)) : raw;
        Checked checked = new Checked(data, e.size());
        try {
            scope.writeFile(dest, checked);
            if (checked.count != e.size() || checked.crc.getValue() != e.crc()) {
                throw new IOException(
                        entryName + " is damaged (its size or CRC-32 does not match)");
            }
        } catch (IOException | StorageException | RuntimeException x) {
            scope.deleteFile(dest);
            throw x;
        } finally {
            data.close();
        }
        return checked.count;
    }

    private ByteBuffer range(long offset, int length) throws StorageException, IOException {
        byte[] b = scope.readFileRange(path, offset, length).orElse(new byte[0]);
        if (b.length != length) {
            throw new IOException(path + " ends early");
        }
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** An entry's stored bytes, read from the scope file a piece at a time. */
    private final class RangeStream extends InputStream {
        private long position;
        private final long end;
        private byte[] piece = new byte[0];
        private int at;

        RangeStream(long start, long length) {
            this.position = start;
            this.end = start + length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (at == piece.length) {
                if (position >= end) {
                    return -1;
                }
                // Pieces start on the storage chunk grid, so each costs one chunk to decrypt.
                long next = Math.min(end, (position / PIECE + 1) * PIECE);
                try {
                    piece =
                            scope.readFileRange(path, position, (int) (next - position))
                                    .orElseThrow(() -> new IOException(path + " is gone"));
                } catch (StorageException e) {
                    throw new IOException(e.getMessage(), e);
                }
                if (piece.length == 0) {
                    throw new IOException(path + " ends early");
                }
                position += piece.length;
                at = 0;
            }
            int n = Math.min(len, piece.length - at);
            System.arraycopy(piece, at, b, off, n);
            at += n;
            return n;
        }
    }

    /** Counts and checksums what is unpacked, and stops a stream that inflates past its size. */
    private static final class Checked extends InputStream {
        private final InputStream in;
        private final long expected;
        final CRC32 crc = new CRC32();
        long count;

        Checked(InputStream in, long expected) {
            this.in = in;
            this.expected = expected;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                crc.update(b, off, n);
                count += n;
                if (count > expected) {
                    throw new IOException("the entry inflates past its declared size");
                }
            }
            return n;
        }
    }
}
