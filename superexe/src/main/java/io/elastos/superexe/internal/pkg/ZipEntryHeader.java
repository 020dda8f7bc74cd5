// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.pkg;

import static io.elastos.superexe.internal.pkg.ZipNames.malformed;
import static io.elastos.superexe.internal.pkg.ZipNames.printable;
import static io.elastos.superexe.internal.pkg.ZipNames.unsafe;

import io.elastos.api.superexe.VerificationException;
import io.elastos.superexe.internal.pkg.SafeZipReader.Le;
import java.util.Arrays;

/** One zip entry as its central-directory header describes it, checked against its local header. */
final class ZipEntryHeader {
    static final int STORED = 0;
    static final int DEFLATED = 8;

    private static final int LOCAL_SIG = 0x04034b50;
    private static final int DESCRIPTOR_SIG = 0x08074b50;
    // Traditional PKWARE encryption, strong encryption, and central-directory encryption.
    private static final int ENCRYPTION_FLAGS = 0x0001 | 0x0040 | 0x2000;
    private static final int DATA_DESCRIPTOR_FLAG = 0x0008;
    private static final int HOST_UNIX = 3;
    private static final int HOST_MACOS = 19;
    private static final int TYPE_MASK = 0xf000;
    private static final int TYPE_FILE = 0x8000;
    private static final int TYPE_DIR = 0x4000;
    private static final int TYPE_SYMLINK = 0xa000;

    private final String name;
    private final byte[] rawName;
    private final int madeBy;
    private final int flags;
    private final int method;
    private final long crc;
    private final long compressedSize;
    private final long size;
    private final long external;
    private final long localOffset;
    private final int centralEnd;
    private int dataStart;
    private long spanEnd;

    private ZipEntryHeader(Le le, int p, String name, byte[] rawName, int centralEnd)
            throws VerificationException {
        this.madeBy = le.u16(p + 4);
        this.flags = le.u16(p + 8);
        this.method = le.u16(p + 10);
        this.crc = le.u32(p + 16);
        this.compressedSize = le.u32(p + 20);
        this.size = le.u32(p + 24);
        this.external = le.u32(p + 38);
        this.localOffset = le.u32(p + 42);
        this.name = name;
        this.rawName = rawName;
        this.centralEnd = centralEnd;
        if (le.u16(p + 34) != 0) {
            throw malformed("entry " + printable(name) + " starts on another disk");
        }
    }

    /** Parses the central header at {@code p}, which must end by {@code limit}. */
    static ZipEntryHeader central(Le le, int p, int limit) throws VerificationException {
        int nameLen = le.u16(p + 28);
        int extraLen = le.u16(p + 30);
        int commentLen = le.u16(p + 32);
        long end = (long) p + 46 + nameLen + extraLen + commentLen;
        if (end > limit) {
            throw malformed("central directory entry runs past the directory");
        }
        byte[] raw = le.bytes(p + 46, nameLen);
        String name = ZipNames.decode(raw);
        ZipNames.check(name);
        checkExtra(le, p + 46 + nameLen, extraLen, name);
        return new ZipEntryHeader(le, p, name, raw, (int) end);
    }

    /** Applies the rules that need only the central header. */
    void checkCentral(PackageLimits limits) throws VerificationException {
        String shown = printable(name);
        if (compressedSize == 0xffffffffL || size == 0xffffffffL || localOffset == 0xffffffffL) {
            throw malformed("ZIP64 entry " + shown + " is not supported");
        }
        if ((flags & ENCRYPTION_FLAGS) != 0) {
            throw unsafe("encrypted entry " + shown);
        }
        if (method != STORED && method != DEFLATED) {
            throw malformed("unsupported compression method " + method + " for " + shown);
        }
        int host = madeBy >> 8;
        if (host == HOST_UNIX || host == HOST_MACOS) {
            int type = (int) (external >>> 16) & TYPE_MASK;
            if (type == TYPE_SYMLINK) {
                throw unsafe("symbolic link entry " + shown);
            }
            if (type != 0 && type != TYPE_FILE && type != TYPE_DIR) {
                throw unsafe("special file entry " + shown + " (mode type " + type + ")");
            }
            if (type == TYPE_DIR && !isDirectory()) {
                throw unsafe("directory entry without trailing slash " + shown);
            }
        }
        if (isDirectory() && size != 0) {
            throw unsafe("directory entry with content " + shown);
        }
        if (size > limits.maxEntryBytes()) {
            throw unsafe(
                    "entry " + shown + " is " + size + " bytes, limit " + limits.maxEntryBytes());
        }
        if (method == STORED && compressedSize != size) {
            throw malformed("stored entry " + shown + " has different sizes");
        }
        if (size > PackageLimits.RATIO_EXEMPT_BYTES && size > compressedSize * limits.maxRatio()) {
            throw unsafe("entry " + shown + " compression ratio above " + limits.maxRatio() + ":1");
        }
    }

    /** Checks that the local header agrees with the central one and that the data fits. */
    void checkLocal(Le le, int cdOffset) throws VerificationException {
        String shown = printable(name);
        if (localOffset + 30 > cdOffset) {
            throw malformed("no local header for " + shown);
        }
        int p = (int) localOffset;
        if (le.u32(p) != LOCAL_SIG) {
            throw malformed("no local header for " + shown);
        }
        int nameLen = le.u16(p + 26);
        int extraLen = le.u16(p + 28);
        if (le.u16(p + 6) != flags || le.u16(p + 8) != method) {
            throw malformed("local header of " + shown + " disagrees on flags or method");
        }
        if (!Arrays.equals(le.bytes(p + 30, nameLen), rawName)) {
            throw unsafe("local header name differs from central name " + shown);
        }
        boolean descriptor = (flags & DATA_DESCRIPTOR_FLAG) != 0;
        long[] local = {le.u32(p + 14), le.u32(p + 18), le.u32(p + 22)};
        long[] central = {crc, compressedSize, size};
        for (int i = 0; i < 3; i++) {
            if (local[i] != central[i] && !(descriptor && local[i] == 0)) {
                throw malformed("local header of " + shown + " disagrees on CRC or sizes");
            }
        }
        checkExtra(le, p + 30 + nameLen, extraLen, name);
        long start = (long) p + 30 + nameLen + extraLen;
        long end = start + compressedSize;
        if (end > cdOffset) {
            throw malformed("data of " + shown + " runs past the central directory");
        }
        dataStart = (int) start;
        if (descriptor) {
            int d = (int) end;
            if ((long) d + 4 <= cdOffset && le.u32(d) == DESCRIPTOR_SIG) {
                d += 4;
            }
            if ((long) d + 12 > cdOffset
                    || le.u32(d) != crc
                    || le.u32(d + 4) != compressedSize
                    || le.u32(d + 8) != size) {
                throw malformed("data descriptor of " + shown + " disagrees with the directory");
            }
            end = d + 12;
        }
        spanEnd = end;
    }

    private static void checkExtra(Le le, int p, int len, String name)
            throws VerificationException {
        int end = p + len;
        while (p < end) {
            if (end - p < 4) {
                throw malformed("extra field of " + printable(name) + " is truncated");
            }
            int id = le.u16(p);
            int size = le.u16(p + 2);
            if (id == 0x0001) {
                throw malformed("ZIP64 entry " + printable(name) + " is not supported");
            }
            if (id == 0x7075) {
                // A second, Unicode name that some tools prefer: two names for one entry.
                throw unsafe("Unicode path extra field on " + printable(name));
            }
            p += 4 + size;
        }
        if (p != end) {
            throw malformed("extra field of " + printable(name) + " is truncated");
        }
    }

    String name() {
        return name;
    }

    boolean isDirectory() {
        return name.endsWith("/");
    }

    int method() {
        return method;
    }

    long crc() {
        return crc;
    }

    long compressedSize() {
        return compressedSize;
    }

    long size() {
        return size;
    }

    long localOffset() {
        return localOffset;
    }

    int centralEnd() {
        return centralEnd;
    }

    int dataStart() {
        return dataStart;
    }

    long spanEnd() {
        return spanEnd;
    }
}
