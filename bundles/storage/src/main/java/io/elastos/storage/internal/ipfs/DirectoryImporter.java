// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.ipfs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Imports a directory tree as flat UnixFS directories, as {@code ipfs add -r --cid-version 1
 * --raw-leaves --hidden} and js {@code ipfs-unixfs-importer} do for a directory: each directory is
 * a dag-pb node whose data is UnixFS type Directory and whose links, sorted by the UTF-8 bytes of
 * their names, name its entries with their cumulative sizes as {@code Tsize}.
 *
 * <p>The root directory's own name is not part of its node, so the root CID depends only on the
 * contents. Hidden files are included. Symbolic links and special files are refused rather than
 * followed or skipped, so the CID never silently covers something other than what the user sees. A
 * directory big enough that the importer would shard it (a HAMT, when the names and CIDs of its
 * links pass 256 KiB) is refused as well.
 */
public final class DirectoryImporter {

    /** The importer's threshold for switching to a sharded directory. */
    public static final int SHARD_THRESHOLD_BYTES = 262_144;

    private DirectoryImporter() {}

    /**
     * Imports a directory tree.
     *
     * @param dir the directory
     * @param sink receives every block of the DAG, children before parents
     * @return the root CID and sizes
     * @throws IOException if reading fails, a block cannot be stored, or the tree holds a symbolic
     *     link, a special file or a directory that would need sharding
     */
    public static ImportedDag importDirectory(Path dir, BlockSink sink) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("not a directory: " + dir);
        }
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                entries.add(new Entry(p.getFileName().toString(), p));
            }
        }
        entries.sort((a, b) -> Arrays.compareUnsigned(a.nameBytes(), b.nameBytes()));
        List<PbLink> links = new ArrayList<>(entries.size());
        long estimate = 0;
        long linkedSize = 0;
        long contentSize = 0;
        for (Entry e : entries) {
            ImportedDag child = importEntry(e.path(), sink);
            links.add(new PbLink(child.root(), e.name(), child.cumulativeSize()));
            linkedSize += child.cumulativeSize();
            contentSize += child.contentSize();
            // The importer's "links-bytes" estimate: name plus binary CID per link.
            estimate += e.nameBytes().length + ContentId.BINARY_LENGTH;
        }
        if (estimate > SHARD_THRESHOLD_BYTES) {
            throw new IOException(
                    "directory too large for a flat UnixFS directory (sharding is not supported): "
                            + dir);
        }
        byte[] block = new PbNode(links, UnixFsData.DIRECTORY.encode()).encode();
        ContentId cid = ContentId.forBlock(ContentId.DAG_PB, block);
        sink.put(cid, block);
        return new ImportedDag(cid, block.length + linkedSize, contentSize);
    }

    private static ImportedDag importEntry(Path p, BlockSink sink) throws IOException {
        if (Files.isSymbolicLink(p)) {
            throw new IOException("symbolic links are not supported: " + p);
        }
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            return importDirectory(p, sink);
        }
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("not a regular file or directory: " + p);
        }
        try (InputStream in = Files.newInputStream(p)) {
            return FileImporter.importFile(in, sink);
        }
    }

    private record Entry(String name, Path path) {
        byte[] nameBytes() {
            return name.getBytes(StandardCharsets.UTF_8);
        }
    }
}
