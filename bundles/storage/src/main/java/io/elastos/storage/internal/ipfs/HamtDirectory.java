// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.ipfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A HAMT-sharded UnixFS directory, built exactly as js {@code ipfs-unixfs-importer} and Kubo build
 * one for a directory too big for a single node: fanout 256, names placed by {@code murmur3-x64-64}
 * (the first 8 bytes of MurmurHash3 x64 128 of the name; a name that collides for 8 levels is
 * hashed again with the level count appended), one byte of the hash per level.
 *
 * <p>Each shard node is dag-pb with UnixFS type HAMTShard, its data the bitfield of used slots
 * (minimal big-endian), {@code hashType} 0x22 and {@code fanout} 256. Its links, in slot order, are
 * named by the slot in two upper-case hex digits, followed by the entry's name for an entry, alone
 * for a sub-shard. The result is canonical: it does not depend on the order names are added.
 */
public final class HamtDirectory {
    static final int FANOUT = 256;
    static final long HASH_TYPE_MURMUR3_X64_64 = 0x22;
    private static final int UNIXFS_TYPE_HAMT = 5;

    private HamtDirectory() {}

    /** One entry of the directory: its name and its imported DAG. */
    record Entry(String name, ImportedDag child) {}

    /**
     * Builds the shard tree of a directory's entries, putting every shard node into the sink.
     *
     * @return the root shard's CID, its cumulative size and the file bytes below it
     */
    static ImportedDag build(List<Entry> entries, BlockSink sink) throws IOException {
        Bucket root = new Bucket();
        for (Entry e : entries) {
            root.put(new Leaf(e, new NameHash(e.name().getBytes(StandardCharsets.UTF_8))), 0);
        }
        return root.flush(sink);
    }

    /**
     * The slot a name takes at a level of a shard, for looking a name up in a stored HAMT.
     *
     * @param name the entry's name
     * @param level 0 for the root shard
     * @return the slot, 0 to 255
     */
    public static int slot(String name, int level) {
        return new NameHash(name.getBytes(StandardCharsets.UTF_8)).slot(level);
    }

    /** The hash bits of a name, one byte per level, hashing again after every 8 levels. */
    private static final class NameHash {
        private final byte[] name;
        private final List<byte[]> rounds = new ArrayList<>();

        NameHash(byte[] name) {
            this.name = name;
        }

        int slot(int level) {
            int round = level / 8;
            while (rounds.size() <= round) {
                int k = rounds.size();
                byte[] input = k == 0 ? name : Arrays.copyOf(name, name.length + 1);
                if (k > 0) {
                    input[name.length] = (byte) k;
                }
                rounds.add(Murmur3.hash128(input));
            }
            return rounds.get(round)[level % 8] & 0xff;
        }
    }

    private record Leaf(Entry entry, NameHash hash) {}

    private static final class Bucket {
        private final Object[] slots = new Object[FANOUT];

        void put(Leaf leaf, int level) throws IOException {
            int i = leaf.hash().slot(level);
            Object at = slots[i];
            if (at == null) {
                slots[i] = leaf;
            } else if (at instanceof Bucket b) {
                b.put(leaf, level + 1);
            } else {
                Leaf other = (Leaf) at;
                if (other.entry().name().equals(leaf.entry().name())) {
                    throw new IOException("two entries named " + leaf.entry().name());
                }
                Bucket b = new Bucket();
                b.put(other, level + 1);
                b.put(leaf, level + 1);
                slots[i] = b;
            }
        }

        ImportedDag flush(BlockSink sink) throws IOException {
            List<PbLink> links = new ArrayList<>();
            byte[] bits = new byte[FANOUT / 8]; // big-endian: slot i is bit i of the number
            long childrenSize = 0;
            long contentSize = 0;
            for (int i = 0; i < FANOUT; i++) {
                Object at = slots[i];
                if (at == null) {
                    continue;
                }
                bits[bits.length - 1 - i / 8] |= (byte) (1 << (i % 8));
                String label = String.format("%02X", i);
                ImportedDag child;
                if (at instanceof Bucket b) {
                    child = b.flush(sink);
                } else {
                    Leaf leaf = (Leaf) at;
                    child = leaf.entry().child();
                    label += leaf.entry().name();
                }
                links.add(new PbLink(child.root(), label, child.cumulativeSize()));
                childrenSize += child.cumulativeSize();
                contentSize += child.contentSize();
            }
            ProtoWriter data = new ProtoWriter(64);
            data.varintField(1, UNIXFS_TYPE_HAMT);
            data.bytesField(2, minimal(bits));
            data.varintField(5, HASH_TYPE_MURMUR3_X64_64);
            data.varintField(6, FANOUT);
            byte[] block = new PbNode(links, data.toByteArray()).encode();
            ContentId cid = ContentId.forBlock(ContentId.DAG_PB, block);
            sink.put(cid, block);
            return new ImportedDag(cid, block.length + childrenSize, contentSize);
        }

        /** Drops leading zero bytes, keeping at least one, as a big integer's bytes. */
        private static byte[] minimal(byte[] bigEndian) {
            int from = 0;
            while (from < bigEndian.length - 1 && bigEndian[from] == 0) {
                from++;
            }
            return Arrays.copyOfRange(bigEndian, from, bigEndian.length);
        }
    }
}
