// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.ipfs;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Builds the UnixFS DAG of a file exactly as {@code ipfs add --cid-version 1 --raw-leaves} and js
 * {@code ipfs-unixfs-importer} ({@code cidVersion: 1, rawLeaves: true}) do: 262144-byte chunks
 * stored as raw blocks, and a balanced tree of dag-pb File nodes with at most 174 links each.
 *
 * <p>A file of at most one chunk, including the empty file, is its raw leaf itself. Otherwise the
 * leaves are grouped 174 at a time into parents, those parents 174 at a time, and so on until one
 * node is left; the last group of a level may be smaller (even a single child, which still gets a
 * parent). Each parent's UnixFS data holds the file size below it and, per link, the file bytes
 * below that link; each link's {@code Tsize} is the encoded size of the linked subtree.
 *
 * <p>The importer streams: it holds one batch of 16 chunks (hashed in parallel) plus, per tree
 * level, up to 174 pending children, so memory stays small for files of any size. Blocks go to the
 * sink as soon as they are built, leaves before the parents that link them.
 */
public final class FileImporter {

    /** The fixed chunk size of the importer's default chunker. */
    public static final int CHUNK_SIZE = 262_144;

    /** Leaves read and hashed at once (4 MiB): enough to keep every core busy, little memory. */
    static final int BATCH = 16;

    /** The balanced layout's maximum number of links per node. */
    public static final int MAX_CHILDREN = 174;

    private final BlockSink sink;
    // levels.get(i): children at height i waiting for a parent; flushed[i]: parents made so far.
    private final List<List<ImportedDag>> levels = new ArrayList<>();
    private final List<Integer> flushed = new ArrayList<>();

    private FileImporter(BlockSink sink) {
        this.sink = sink;
    }

    /**
     * Imports a file. The stream is read to its end but not closed.
     *
     * @param content the file's bytes
     * @param sink receives every block of the DAG
     * @return the root CID and sizes
     * @throws IOException if reading the stream or storing a block fails
     */
    public static ImportedDag importFile(InputStream content, BlockSink sink) throws IOException {
        FileImporter importer = new FileImporter(sink);
        List<byte[]> batch = new ArrayList<>(BATCH);
        while (true) {
            boolean end = false;
            batch.clear();
            while (batch.size() < BATCH) {
                byte[] chunk = content.readNBytes(CHUNK_SIZE);
                // An empty file still has one (empty) leaf; a later empty read only means the end.
                if (chunk.length > 0 || (importer.levels.isEmpty() && batch.isEmpty())) {
                    batch.add(chunk);
                }
                if (chunk.length < CHUNK_SIZE) {
                    end = true;
                    break;
                }
            }
            // Leaves are hashed on every core (SHA-256 is nearly all the work), then linked in
            // order on this thread, so the DAG is the same as a sequential import's.
            byte[][] digests = new byte[batch.size()][];
            if (batch.size() > 1) {
                IntStream.range(0, batch.size())
                        .parallel()
                        .forEach(i -> digests[i] = ContentId.sha256(batch.get(i)));
            } else if (batch.size() == 1) {
                digests[0] = ContentId.sha256(batch.get(0));
            }
            for (int i = 0; i < batch.size(); i++) {
                importer.addLeaf(batch.get(i), digests[i]);
            }
            if (end) {
                return importer.finish();
            }
        }
    }

    private void addLeaf(byte[] chunk, byte[] digest) throws IOException {
        ContentId cid = ContentId.of(ContentId.RAW, digest);
        sink.put(cid, chunk);
        add(0, new ImportedDag(cid, chunk.length, chunk.length));
    }

    private void add(int level, ImportedDag child) throws IOException {
        if (levels.size() == level) {
            levels.add(new ArrayList<>(MAX_CHILDREN));
            flushed.add(0);
        }
        List<ImportedDag> pending = levels.get(level);
        pending.add(child);
        if (pending.size() == MAX_CHILDREN) {
            flush(level);
        }
    }

    private void flush(int level) throws IOException {
        List<ImportedDag> pending = levels.get(level);
        ImportedDag parent = buildParent(pending);
        pending.clear();
        flushed.set(level, flushed.get(level) + 1);
        add(level + 1, parent);
    }

    private ImportedDag finish() throws IOException {
        for (int level = 0; ; level++) {
            List<ImportedDag> pending = levels.get(level);
            // The root is the only node ever put on its level; any other level gets parents.
            if (flushed.get(level) == 0 && pending.size() == 1) {
                return pending.get(0);
            }
            if (!pending.isEmpty()) {
                flush(level);
            }
        }
    }

    private ImportedDag buildParent(List<ImportedDag> children) throws IOException {
        List<PbLink> links = new ArrayList<>(children.size());
        List<Long> blockSizes = new ArrayList<>(children.size());
        long fileSize = 0;
        long linkedSize = 0;
        for (ImportedDag child : children) {
            // Chunk links carry an empty name, which dag-pb encodes (unlike an absent one).
            links.add(new PbLink(child.root(), "", child.cumulativeSize()));
            blockSizes.add(child.contentSize());
            fileSize += child.contentSize();
            linkedSize += child.cumulativeSize();
        }
        byte[] data = new UnixFsData(UnixFsData.Type.FILE, null, fileSize, blockSizes).encode();
        byte[] block = new PbNode(links, data).encode();
        ContentId cid = ContentId.forBlock(ContentId.DAG_PB, block);
        sink.put(cid, block);
        return new ImportedDag(cid, block.length + linkedSize, fileSize);
    }
}
