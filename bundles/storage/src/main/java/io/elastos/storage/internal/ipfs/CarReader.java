// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.ipfs;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;

/**
 * Reads CAR v1 archives from untrusted sources, verifying every block before handing it on.
 *
 * <p>The reader streams: it holds one section at a time, and bounds both the header ({@link
 * #MAX_HEADER_BYTES}) and each section ({@link #MAX_SECTION_BYTES}) before allocating, so a hostile
 * length prefix cannot exhaust memory. Each block's SHA-256 must equal its CID's digest; blocks
 * before a bad one have already reached the sink, so callers that need all-or-nothing must stage
 * them (e.g. store without pinning until the read succeeds).
 */
public final class CarReader {

    /** The largest header accepted; a one-root header is 58 bytes. */
    public static final int MAX_HEADER_BYTES = 64 * 1024;

    /** The largest block accepted: IPFS's 2 MiB block limit. */
    public static final int MAX_BLOCK_BYTES = 2 * 1024 * 1024;

    /** The largest section accepted: a block plus its CID. */
    public static final int MAX_SECTION_BYTES = MAX_BLOCK_BYTES + ContentId.BINARY_LENGTH;

    private CarReader() {}

    /**
     * Reads an archive to its end.
     *
     * @param in the archive; read to its end but not closed
     * @param sink receives each verified block, in archive order
     * @return the roots named in the header
     * @throws CarFormatException if the archive is malformed, truncated, has an oversized header or
     *     section, or uses a CID other than a SHA-256 CIDv1 for raw or dag-pb
     * @throws BlockMismatchException if a block does not hash to its CID's digest
     * @throws IOException if reading fails or the sink fails
     */
    public static List<ContentId> read(InputStream in, BlockSink sink) throws IOException {
        long headerLength = readLength(in);
        if (headerLength < 0) {
            throw new CarFormatException("empty CAR archive");
        }
        if (headerLength > MAX_HEADER_BYTES) {
            throw new CarFormatException("CAR header of " + headerLength + " bytes is too large");
        }
        List<ContentId> roots = CarHeader.decode(readFully(in, (int) headerLength, "header"));
        long sections = 0;
        while (true) {
            long length = readLength(in);
            if (length < 0) {
                return roots;
            }
            sections++;
            if (length > MAX_SECTION_BYTES) {
                throw new CarFormatException(
                        "CAR section " + sections + " of " + length + " bytes is too large");
            }
            byte[] section = readFully(in, (int) length, "section " + sections);
            ByteReader r = new ByteReader(section);
            ContentId cid;
            try {
                cid = ContentId.read(r);
            } catch (IOException | IllegalArgumentException e) {
                throw new CarFormatException(
                        "bad CID in CAR section " + sections + ": " + e.getMessage(), e);
            }
            byte[] block = Arrays.copyOfRange(section, r.position(), section.length);
            if (!cid.matches(block)) {
                throw new BlockMismatchException(cid);
            }
            sink.put(cid, block);
        }
    }

    private static long readLength(InputStream in) throws IOException {
        try {
            return Varint.readOrEnd(in);
        } catch (EOFException | Varint.MalformedException e) {
            throw new CarFormatException("bad CAR length prefix: " + e.getMessage(), e);
        }
    }

    private static byte[] readFully(InputStream in, int n, String what) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new CarFormatException(
                    "CAR " + what + " truncated: " + b.length + " of " + n + " bytes");
        }
        return b;
    }
}
