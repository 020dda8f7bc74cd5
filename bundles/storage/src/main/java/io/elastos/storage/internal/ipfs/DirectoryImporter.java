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
 * directory big enough that the importer shards it (when the names and CIDs of its links pass 256
 * KiB, some 5,000 entries) becomes a HAMT-sharded directory, see {@link HamtDirectory}.
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
     *     link or a special file
     */
    public static ImportedDag importDirectory(Path dir, BlockSink sink) throws IOException {
        return importTree(hostFolder(dir), sink);
    }

    /**
     * A folder on the host's disk as a tree to import; symbolic links and special files in it are
     * refused when the importer reaches them.
     *
     * @throws IOException if {@code dir} is not a directory
     */
    public static Folder hostFolder(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("not a directory: " + dir);
        }
        return new HostFolder(dir.toString(), dir);
    }

    /**
     * Imports a tree from any source, such as a folder of the private partition.
     *
     * @param folder the root folder
     * @param sink receives every block of the DAG, children before parents
     * @return the root CID and sizes
     * @throws IOException if reading fails or a block cannot be stored
     */
    public static ImportedDag importTree(Folder folder, BlockSink sink) throws IOException {
        List<Node> entries = new ArrayList<>(folder.children());
        entries.sort((a, b) -> Arrays.compareUnsigned(nameBytes(a), nameBytes(b)));
        List<PbLink> links = new ArrayList<>(entries.size());
        List<ImportedDag> children = new ArrayList<>(entries.size());
        long estimate = 0;
        long linkedSize = 0;
        long contentSize = 0;
        for (Node e : entries) {
            ImportedDag child;
            if (e instanceof Folder f) {
                child = importTree(f, sink);
            } else {
                try (InputStream in = ((FileNode) e).open()) {
                    child = FileImporter.importFile(in, sink);
                }
            }
            links.add(new PbLink(child.root(), e.name(), child.cumulativeSize()));
            children.add(child);
            linkedSize += child.cumulativeSize();
            contentSize += child.contentSize();
            // The importer's "links-bytes" estimate: name plus binary CID per link.
            estimate += nameBytes(e).length + ContentId.BINARY_LENGTH;
        }
        if (estimate > SHARD_THRESHOLD_BYTES) {
            // Too big for one node: a HAMT-sharded directory, as the importer makes one.
            List<HamtDirectory.Entry> sharded = new ArrayList<>(links.size());
            for (int i = 0; i < entries.size(); i++) {
                sharded.add(new HamtDirectory.Entry(entries.get(i).name(), children.get(i)));
            }
            return HamtDirectory.build(sharded, sink);
        }
        byte[] block = new PbNode(links, UnixFsData.DIRECTORY.encode()).encode();
        ContentId cid = ContentId.forBlock(ContentId.DAG_PB, block);
        sink.put(cid, block);
        return new ImportedDag(cid, block.length + linkedSize, contentSize);
    }

    private static byte[] nameBytes(Node n) {
        return n.name().getBytes(StandardCharsets.UTF_8);
    }

    /** An entry of a tree to import: a {@link Folder} or a {@link FileNode}. */
    public sealed interface Node permits Folder, FileNode {
        /** The entry's name in its folder (for the root, only used in messages). */
        String name();
    }

    /** A folder of a tree to import. */
    public non-sealed interface Folder extends Node {
        /** The folder's entries, in any order. */
        List<Node> children() throws IOException;
    }

    /** A file of a tree to import. */
    public non-sealed interface FileNode extends Node {
        /** Opens the file's content. */
        InputStream open() throws IOException;
    }

    /** A folder on the host's disk; symbolic links and special files are refused, not followed. */
    private record HostFolder(String name, Path dir) implements Folder {
        @Override
        public List<Node> children() throws IOException {
            List<Node> out = new ArrayList<>();
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
                for (Path p : stream) {
                    String name = p.getFileName().toString();
                    if (Files.isSymbolicLink(p)) {
                        throw new IOException("symbolic links are not supported: " + p);
                    } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                        out.add(new HostFolder(name, p));
                    } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                        out.add(new HostFile(name, p));
                    } else {
                        throw new IOException("not a regular file or directory: " + p);
                    }
                }
            }
            return out;
        }
    }

    private record HostFile(String name, Path path) implements FileNode {
        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(path);
        }
    }
}
