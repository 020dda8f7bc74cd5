// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.pkg;

import static io.elastos.superexe.internal.pkg.ZipNames.malformed;
import static io.elastos.superexe.internal.pkg.ZipNames.printable;
import static io.elastos.superexe.internal.pkg.ZipNames.unsafe;

import io.elastos.api.superexe.VerificationException;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Extracts one entry's bytes, trusting no header: output is capped at the declared size, which the
 * limits already bound, so a header lying about sizes cannot make it allocate or inflate more.
 */
final class Inflation {
    private Inflation() {}

    static byte[] extract(byte[] zip, ZipEntryHeader h) throws VerificationException {
        int start = h.dataStart();
        int csize = (int) h.compressedSize();
        byte[] out;
        if (h.method() == ZipEntryHeader.STORED) {
            out = Arrays.copyOfRange(zip, start, start + csize);
        } else {
            out = inflate(zip, start, csize, (int) h.size(), h.name());
        }
        CRC32 crc = new CRC32();
        crc.update(out);
        if (crc.getValue() != h.crc()) {
            throw malformed("CRC mismatch in " + printable(h.name()));
        }
        return out;
    }

    private static byte[] inflate(byte[] zip, int start, int csize, int size, String name)
            throws VerificationException {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(zip, start, csize);
            byte[] out = new byte[size];
            int n = 0;
            while (n < size) {
                int before = inflater.getRemaining();
                int got = inflater.inflate(out, n, size - n);
                n += got;
                if (got == 0 && inflater.getRemaining() == before) {
                    if (inflater.finished()) {
                        break;
                    }
                    if (inflater.needsInput()) {
                        throw malformed("deflate data of " + printable(name) + " is truncated");
                    }
                    throw malformed("deflate data of " + printable(name) + " is corrupt");
                }
            }
            if (n < size) {
                throw malformed(
                        printable(name) + " inflates to " + n + " bytes, header says " + size);
            }
            if (!inflater.finished()) {
                // Output is full: one more byte means the header understates the size (a bomb).
                byte[] probe = new byte[1];
                int before;
                do {
                    before = inflater.getRemaining();
                    if (inflater.inflate(probe) > 0) {
                        throw unsafe(
                                printable(name)
                                        + " inflates beyond its declared "
                                        + size
                                        + " bytes");
                    }
                } while (!inflater.finished() && inflater.getRemaining() != before);
                if (!inflater.finished()) {
                    throw malformed("deflate data of " + printable(name) + " is truncated");
                }
            }
            if (inflater.getRemaining() > 0) {
                throw malformed("trailing bytes after the deflate data of " + printable(name));
            }
            return out;
        } catch (DataFormatException e) {
            throw malformed("corrupt deflate data in " + printable(name) + ": " + e.getMessage());
        } finally {
            inflater.end();
        }
    }
}
