// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.pkg;

import static io.elastos.superexe.internal.pkg.ZipNames.malformed;
import static io.elastos.superexe.internal.pkg.ZipNames.printable;
import static io.elastos.superexe.internal.pkg.ZipNames.unsafe;

import io.elastos.api.superexe.VerificationException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a whole zip package into memory from its own parse of the central directory, cross-checked
 * against every local header, within {@link PackageLimits}; it never writes anything.
 */
final class SafeZipReader {
    private static final int EOCD_SIG = 0x06054b50;
    private static final int ZIP64_LOCATOR_SIG = 0x07064b50;
    private static final int CENTRAL_SIG = 0x02014b50;

    private final PackageLimits limits;

    SafeZipReader(PackageLimits limits) {
        this.limits = limits;
    }

    /** Reads the package file, refusing it if it is larger than the limit. */
    byte[] load(Path path) throws VerificationException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > limits.maxPackageBytes()) {
                throw unsafe("package is " + size + " bytes, limit " + limits.maxPackageBytes());
            }
            ByteBuffer buf = ByteBuffer.allocate((int) size);
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // Read until full: the size was checked above, so this is bounded.
            }
            if (buf.hasRemaining()) {
                throw malformed("package file shrank while being read");
            }
            return buf.array();
        } catch (IOException | UnsupportedOperationException e) {
            throw malformed("cannot read package file: " + e.getMessage());
        }
    }

    /**
     * Parses and inflates a zip held in memory.
     *
     * @return the content of every file entry by name, in central-directory order; directory
     *     entries are checked and then left out
     */
    Map<String, byte[]> entries(byte[] zip) throws VerificationException {
        if (zip.length > limits.maxPackageBytes()) {
            throw unsafe("package is " + zip.length + " bytes, limit " + limits.maxPackageBytes());
        }
        Le le = new Le(zip);
        int eocd = findEndOfCentralDirectory(le);
        if (eocd >= 20 && le.u32(eocd - 20) == ZIP64_LOCATOR_SIG) {
            throw malformed("ZIP64 archives are not supported");
        }
        int disk = le.u16(eocd + 4);
        int cdDisk = le.u16(eocd + 6);
        int onDisk = le.u16(eocd + 8);
        int total = le.u16(eocd + 10);
        long cdSize = le.u32(eocd + 12);
        long cdOffset = le.u32(eocd + 16);
        if (total == 0xffff || cdSize == 0xffffffffL || cdOffset == 0xffffffffL) {
            throw malformed("ZIP64 archives are not supported");
        }
        if (disk != 0 || cdDisk != 0 || onDisk != total) {
            throw malformed("multi-disk archives are not supported");
        }
        if (total > limits.maxEntries()) {
            throw unsafe(total + " entries, limit " + limits.maxEntries());
        }
        if (cdOffset + cdSize != eocd) {
            throw malformed("central directory does not end where the end record starts");
        }
        List<ZipEntryHeader> headers = new ArrayList<>(total);
        ZipNames names = new ZipNames();
        int pos = (int) cdOffset;
        long totalBytes = 0;
        long totalCompressed = 0;
        for (int i = 0; i < total; i++) {
            if ((long) pos + 46 > eocd || le.u32(pos) != CENTRAL_SIG) {
                throw malformed("central directory entry " + i + " is truncated or corrupt");
            }
            ZipEntryHeader h = ZipEntryHeader.central(le, pos, (int) cdOffset + (int) cdSize);
            pos = h.centralEnd();
            h.checkCentral(limits);
            names.add(h.name());
            headers.add(h);
            totalBytes += h.size();
            totalCompressed += h.compressedSize();
            if (totalBytes > limits.maxTotalBytes()) {
                throw unsafe("uncompressed total exceeds " + limits.maxTotalBytes() + " bytes");
            }
        }
        if (pos != eocd) {
            throw malformed("central directory holds more bytes than its entries");
        }
        if (totalBytes > PackageLimits.RATIO_EXEMPT_BYTES
                && totalBytes > totalCompressed * limits.maxRatio()) {
            throw unsafe("overall compression ratio above " + limits.maxRatio() + ":1");
        }
        for (ZipEntryHeader h : headers) {
            names.checkPrefixes(h.name());
            h.checkLocal(le, (int) cdOffset);
        }
        checkNoOverlap(headers);
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (ZipEntryHeader h : headers) {
            byte[] data = Inflation.extract(zip, h);
            if (!h.isDirectory()) {
                files.put(h.name(), data);
            }
        }
        return files;
    }

    private static int findEndOfCentralDirectory(Le le) throws VerificationException {
        int len = le.length();
        if (len < 22) {
            throw malformed("too short to be a zip (" + len + " bytes)");
        }
        int lowest = Math.max(0, len - 22 - 0xffff);
        for (int p = len - 22; p >= lowest; p--) {
            // The comment must run exactly to the end of the file: no trailing bytes, no fakes.
            if (le.u32(p) == EOCD_SIG && le.u16(p + 20) == len - p - 22) {
                return p;
            }
        }
        throw malformed("no end-of-central-directory record (truncated or not a zip)");
    }

    private static void checkNoOverlap(List<ZipEntryHeader> headers) throws VerificationException {
        List<ZipEntryHeader> sorted = new ArrayList<>(headers);
        sorted.sort(Comparator.comparingLong(ZipEntryHeader::localOffset));
        for (int i = 1; i < sorted.size(); i++) {
            ZipEntryHeader prev = sorted.get(i - 1);
            ZipEntryHeader next = sorted.get(i);
            if (next.localOffset() < prev.spanEnd()) {
                throw unsafe(
                        "entries "
                                + printable(prev.name())
                                + " and "
                                + printable(next.name())
                                + " overlap");
            }
        }
    }

    /** Bounds-checked little-endian reads; every out-of-range read is a truncated archive. */
    static final class Le {
        private final byte[] b;

        Le(byte[] b) {
            this.b = b;
        }

        int length() {
            return b.length;
        }

        int u16(int off) throws VerificationException {
            if (off < 0 || off > b.length - 2) {
                throw malformed("truncated at offset " + off);
            }
            return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8;
        }

        long u32(int off) throws VerificationException {
            if (off < 0 || off > b.length - 4) {
                throw malformed("truncated at offset " + off);
            }
            return (b[off] & 0xffL)
                    | (b[off + 1] & 0xffL) << 8
                    | (b[off + 2] & 0xffL) << 16
                    | (b[off + 3] & 0xffL) << 24;
        }

        byte[] bytes(int off, int len) throws VerificationException {
            if (off < 0 || len < 0 || off > b.length - len) {
                throw malformed("truncated at offset " + off);
            }
            return Arrays.copyOfRange(b, off, off + len);
        }
    }
}
