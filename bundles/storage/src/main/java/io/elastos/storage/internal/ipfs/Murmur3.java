// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.ipfs;

/**
 * MurmurHash3 x64 128-bit with seed 0, the hash UnixFS HAMT directories place names with
 * (multicodec {@code murmur3-x64-64}: the first 8 of its 16 bytes). Not a cryptographic hash: it
 * only spreads names over the shard's buckets, as every IPFS implementation does.
 */
final class Murmur3 {
    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;

    private Murmur3() {}

    /**
     * The 16-byte digest: h1 then h2, each big-endian, as the js implementation IPFS uses prints
     * them; a shard's slot at level n is byte n of that.
     */
    static byte[] hash128(byte[] data) {
        long h1 = 0;
        long h2 = 0;
        int blocks = data.length / 16;
        for (int i = 0; i < blocks; i++) {
            long k1 = littleEndian(data, i * 16, 8);
            long k2 = littleEndian(data, i * 16 + 8, 8);
            h1 ^= mixK1(k1);
            h1 = Long.rotateLeft(h1, 27) + h2;
            h1 = h1 * 5 + 0x52dce729;
            h2 ^= mixK2(k2);
            h2 = Long.rotateLeft(h2, 31) + h1;
            h2 = h2 * 5 + 0x38495ab5;
        }
        int tail = blocks * 16;
        int rest = data.length - tail;
        if (rest > 8) {
            h2 ^= mixK2(littleEndian(data, tail + 8, rest - 8));
        }
        if (rest > 0) {
            h1 ^= mixK1(littleEndian(data, tail, Math.min(rest, 8)));
        }
        h1 ^= data.length;
        h2 ^= data.length;
        h1 += h2;
        h2 += h1;
        h1 = fmix64(h1);
        h2 = fmix64(h2);
        h1 += h2;
        h2 += h1;
        byte[] out = new byte[16];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (h1 >>> (56 - 8 * i));
            out[8 + i] = (byte) (h2 >>> (56 - 8 * i));
        }
        return out;
    }

    private static long mixK1(long k1) {
        return Long.rotateLeft(k1 * C1, 31) * C2;
    }

    private static long mixK2(long k2) {
        return Long.rotateLeft(k2 * C2, 33) * C1;
    }

    private static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }

    private static long littleEndian(byte[] b, int from, int length) {
        long v = 0;
        for (int i = length - 1; i >= 0; i--) {
            v = (v << 8) | (b[from + i] & 0xffL);
        }
        return v;
    }
}
