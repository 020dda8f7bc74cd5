// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.ipfs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The CAR v1 header: the DAG-CBOR map {@code {"roots": [CID...], "version": 1}}.
 *
 * <p>Only this one shape is needed, so this class writes and reads exactly that subset of CBOR
 * instead of a general codec: definite-length map, text keys, an array of tag-42 byte strings (a
 * {@code 0x00} identity-multibase byte then the binary CID) and a small unsigned integer. Keys are
 * written in DAG-CBOR's canonical order (shorter key first, so {@code roots} before {@code
 * version}) with minimal-length heads; reading accepts either key order but nothing else.
 */
final class CarHeader {

    private static final int MAJOR_UINT = 0;
    private static final int MAJOR_BYTES = 2;
    private static final int MAJOR_TEXT = 3;
    private static final int MAJOR_ARRAY = 4;
    private static final int MAJOR_MAP = 5;
    private static final int MAJOR_TAG = 6;
    private static final int TAG_CID = 42;

    private static final String ROOTS = "roots";
    private static final String VERSION = "version";

    /** More roots than this in one header is not a DAG export but an attack. */
    private static final int MAX_ROOTS = 1024;

    private CarHeader() {}

    /** Encodes the header for {@code roots} (without the varint length prefix). */
    static byte[] encode(List<ContentId> roots) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 + roots.size() * 42);
        head(out, MAJOR_MAP, 2);
        text(out, ROOTS);
        head(out, MAJOR_ARRAY, roots.size());
        for (ContentId root : roots) {
            head(out, MAJOR_TAG, TAG_CID);
            byte[] cid = root.bytes();
            head(out, MAJOR_BYTES, cid.length + 1);
            out.write(0x00); // identity multibase prefix, required by DAG-CBOR links
            out.writeBytes(cid);
        }
        text(out, VERSION);
        head(out, MAJOR_UINT, 1);
        return out.toByteArray();
    }

    /**
     * Decodes a header and returns its roots.
     *
     * @throws CarFormatException if the header is not a version-1 CAR header of supported CIDs
     */
    static List<ContentId> decode(byte[] bytes) throws CarFormatException {
        try {
            ByteReader r = new ByteReader(bytes);
            if (readHead(r, MAJOR_MAP) != 2) {
                throw new CarFormatException("CAR header must be a map of roots and version");
            }
            List<ContentId> roots = null;
            Long version = null;
            for (int i = 0; i < 2; i++) {
                String key = readText(r);
                if (key.equals(ROOTS) && roots == null) {
                    roots = readRoots(r);
                } else if (key.equals(VERSION) && version == null) {
                    version = readHead(r, MAJOR_UINT);
                } else {
                    throw new CarFormatException("unexpected or duplicate CAR header key " + key);
                }
            }
            if (r.hasRemaining()) {
                throw new CarFormatException("trailing bytes after the CAR header");
            }
            if (version != 1) {
                throw new CarFormatException("unsupported CAR version " + version);
            }
            return roots;
        } catch (CarFormatException e) {
            throw e;
        } catch (IOException | IllegalArgumentException e) {
            throw new CarFormatException("malformed CAR header: " + e.getMessage(), e);
        }
    }

    private static List<ContentId> readRoots(ByteReader r) throws IOException {
        long n = readHead(r, MAJOR_ARRAY);
        if (n > MAX_ROOTS) {
            throw new CarFormatException("too many roots in CAR header: " + n);
        }
        List<ContentId> roots = new ArrayList<>((int) n);
        for (long i = 0; i < n; i++) {
            if (readHead(r, MAJOR_TAG) != TAG_CID) {
                throw new CarFormatException("CAR root is not a CID (tag 42)");
            }
            int len = checkedLength(r, readHead(r, MAJOR_BYTES));
            if (len < 1 || r.readByte() != 0x00) {
                throw new CarFormatException("CAR root CID lacks the 0x00 multibase prefix");
            }
            roots.add(ContentId.fromBytes(r.readBytes(len - 1)));
        }
        return roots;
    }

    private static String readText(ByteReader r) throws IOException {
        int len = checkedLength(r, readHead(r, MAJOR_TEXT));
        return new String(r.readBytes(len), StandardCharsets.UTF_8);
    }

    private static int checkedLength(ByteReader r, long len) throws IOException {
        if (len > r.remaining()) {
            throw new CarFormatException("CBOR length " + len + " exceeds the header");
        }
        return (int) len;
    }

    /** Reads a CBOR head of the expected major type and returns its argument. */
    private static long readHead(ByteReader r, int major) throws IOException {
        int initial = r.readByte();
        if (initial >>> 5 != major) {
            throw new CarFormatException(
                    "CBOR major type " + (initial >>> 5) + " where " + major + " was expected");
        }
        int info = initial & 0x1F;
        if (info < 24) {
            return info;
        }
        int bytes =
                switch (info) {
                    case 24 -> 1;
                    case 25 -> 2;
                    case 26 -> 4;
                    default ->
                            throw new CarFormatException(
                                    "unsupported CBOR length encoding " + info + " in CAR header");
                };
        long value = 0;
        for (int i = 0; i < bytes; i++) {
            value = (value << 8) | r.readByte();
        }
        long minimum = bytes == 1 ? 24 : bytes == 2 ? 0x100 : 0x10000;
        if (value < minimum) {
            throw new CarFormatException("non-minimal CBOR integer in CAR header");
        }
        return value;
    }

    private static void text(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        head(out, MAJOR_TEXT, b.length);
        out.writeBytes(b);
    }

    private static void head(ByteArrayOutputStream out, int major, long value) {
        int m = major << 5;
        if (value < 24) {
            out.write(m | (int) value);
        } else if (value < 0x100) {
            out.write(m | 24);
            out.write((int) value);
        } else if (value < 0x10000) {
            out.write(m | 25);
            out.write((int) (value >>> 8));
            out.write((int) value);
        } else {
            out.write(m | 26);
            for (int shift = 24; shift >= 0; shift -= 8) {
                out.write((int) (value >>> shift));
            }
        }
    }
}
