// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.files;

import io.elastos.api.metadata.MetadataException;
import io.elastos.api.storage.StorageException;
import io.elastos.api.storage.StorageException.Reason;
import io.elastos.storage.internal.blocks.BlockFiles;
import io.elastos.storage.internal.blocks.SweepResult;
import io.elastos.storage.internal.ipfs.DirectoryImporter;
import io.elastos.storage.internal.vault.ChunkCipher;
import io.elastos.storage.internal.vault.VaultKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * The private partition: files split into 256 KiB chunks, each sealed with AES-256-GCM under the
 * file's own data key (bound to the file, version and chunk index), stored as content-addressed
 * blocks; the data key is wrapped by the vault key. A version is committed to Derby only after all
 * its blocks are durable, so it becomes visible whole or not at all.
 */
public final class PrivateFiles implements AutoCloseable {

    /**
     * The plaintext size of a chunk. Large, because every chunk is a block file with its own fsync:
     * at 4 MiB a gigabyte is 256 files instead of 4,096 at IPFS's 256 KiB (the shared partition
     * keeps that size; private chunks are never shared). Reading a range decrypts whole chunks.
     */
    public static final int CHUNK = 4 << 20;

    /** How many blocks are written and synced at once. */
    static final int WRITERS = 4;

    /**
     * An entry of a folder listing.
     *
     * @param name the name (opened from its sealed form)
     * @param folder whether it is a folder
     * @param size the head version's size (0 for folders)
     * @param version the head version (0 for folders)
     */
    public record Entry(String name, boolean folder, long size, int version) {}

    /** How long an untouched resumable upload is kept before GC drops it. */
    public static final Duration UPLOAD_IDLE = Duration.ofDays(7);

    final FileIndex index;
    final BlockFiles blocks;
    final VaultKey vault;
    final NameCipher names;
    final int keep;
    final Clock clock;
    // One writer at a time: versions are numbered before their chunks are sealed.
    final ReentrantLock writing = new ReentrantLock();
    private final ResumableUploads uploads;

    public PrivateFiles(FileIndex index, BlockFiles blocks, VaultKey vault, int keep, Clock clock)
            throws StorageException {
        this.index = index;
        this.blocks = blocks;
        this.vault = vault;
        this.keep = Math.max(1, keep);
        this.clock = clock;
        byte[] secret = vault.derive("private partition names");
        try {
            this.names = new NameCipher(secret);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
        try {
            this.uploads = new ResumableUploads(this, new UploadTable(index.db()));
        } catch (MetadataException e) {
            names.close();
            throw new StorageException(
                    Reason.IO, "cannot prepare the upload table: " + e.getMessage(), e);
        }
    }

    /** The resumable uploads into this partition. */
    public ResumableUploads uploads() {
        return uploads;
    }

    /**
     * Writes a new version of a file from a stream, creating its parent folders.
     *
     * @return the new version number
     */
    public int write(String path, InputStream content) throws StorageException {
        String p = path(path);
        if (p.equals("/")) {
            throw new StorageException(Reason.INVALID_ARGUMENT, "the root is a folder");
        }
        writing.lock();
        try {
            mkdirs(PathRules.parent(p));
            Optional<FileIndex.Node> existing = index.node(names.mac(p));
            if (existing.isPresent() && existing.get().folder()) {
                throw new StorageException(Reason.INVALID_ARGUMENT, p + " is a folder");
            }
            String id = existing.map(FileIndex.Node::id).orElse(newId());
            int version = existing.map(n -> n.head() + 1).orElse(1);
            byte[] idBytes = id.getBytes(StandardCharsets.US_ASCII);
            byte[] fileKey = VaultKey.newFileKey();
            List<String> chunks;
            long size = 0;
            try (ChunkCipher cipher = new ChunkCipher(fileKey, idBytes)) {
                byte[] buf;
                // Chunks are sealed and stored (and fsynced) by a few writers at once: sealing
                // uses every core and the disk's journal commits their syncs together. All must
                // be durable before the version commits.
                BlockWriters writers = new BlockWriters(blocks, WRITERS);
                try {
                    int index = 0;
                    while ((buf = content.readNBytes(CHUNK)).length > 0) {
                        byte[] plain = buf;
                        int at = index++;
                        writers.submit(() -> cipher.seal(version, at, plain));
                        size += buf.length;
                    }
                    chunks = writers.awaitAll();
                } finally {
                    writers.close();
                }
                String wrapped = HexFormat.of().formatHex(vault.wrap(fileKey, idBytes));
                int committed =
                        index.commit(
                                names.mac(p),
                                names.mac(PathRules.parent(p)),
                                names.seal(PathRules.name(p)),
                                id,
                                size,
                                wrapped,
                                chunks,
                                keep,
                                clock.instant());
                if (committed != version) {
                    throw new StorageException(Reason.IO, "version numbering raced for " + p);
                }
                return committed;
            } finally {
                Arrays.fill(fileKey, (byte) 0);
            }
        } catch (IOException e) {
            throw new StorageException(
                    Reason.IO, "cannot read the content for " + p + ": " + e.getMessage());
        } catch (SQLException e) {
            throw new StorageException(Reason.IO, "cannot record " + p + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new StorageException(Reason.INVALID_ARGUMENT, e.getMessage());
        } finally {
            writing.unlock();
        }
    }

    /** Streams the head version (or {@code version} when positive) of a file. */
    public void read(String path, int version, OutputStream out) throws StorageException {
        read(path, version, 0, Long.MAX_VALUE, out);
    }

    /**
     * Streams the bytes {@code from} to {@code to} (inclusive; clipped to the file) of the head
     * version (or {@code version} when positive) of a file. Only the chunks that cover the range
     * are read and decrypted, so seeking in a large video costs one or two chunks.
     */
    public void read(String path, int version, long from, long to, OutputStream out)
            throws StorageException {
        String p = path(path);
        try {
            Stored stored = stored(p, version);
            FileIndex.Node node = stored.node();
            FileIndex.Version v = stored.version();
            // Every chunk but the last has the size the first one has (the chunk size when the
            // version was written), so the first chunk of the range follows from one stat.
            int first = 0;
            long position = 0;
            if (from > 0 && v.chunks().size() > 1) {
                long chunkSize = blocks.size(v.chunks().get(0)).orElse(0) - ChunkCipher.OVERHEAD;
                if (chunkSize <= 0) {
                    throw new StorageException(
                            Reason.INTEGRITY, "file " + p + " is damaged: its first chunk is gone");
                }
                first = (int) Math.min(from / chunkSize, v.chunks().size() - 1);
                position = first * chunkSize;
            }
            byte[] idBytes = node.id().getBytes(StandardCharsets.US_ASCII);
            byte[] fileKey = vault.unwrap(HexFormat.of().parseHex(v.wrappedKey()), idBytes);
            try (ChunkCipher cipher = new ChunkCipher(fileKey, idBytes);
                    ChunkReader chunks =
                            new ChunkReader(blocks, cipher, p, v.version(), v.chunks(), first)) {
                Arrays.fill(fileKey, (byte) 0);
                while (chunks.hasNext() && position <= to) {
                    byte[] plain = chunks.next();
                    long start = Math.max(from, position);
                    long end = Math.min(to, position + plain.length - 1);
                    if (start <= end) {
                        out.write(plain, (int) (start - position), (int) (end - start + 1));
                    }
                    position += plain.length;
                }
                if (!chunks.hasNext() && position != v.size()) {
                    throw new StorageException(
                            Reason.INTEGRITY, "file " + p + " has the wrong size");
                }
            } finally {
                Arrays.fill(fileKey, (byte) 0);
            }
        } catch (SQLException e) {
            throw new StorageException(Reason.IO, "cannot read the index: " + e.getMessage());
        } catch (IOException e) {
            throw new StorageException(Reason.IO, "cannot write out " + p + ": " + e.getMessage());
        }
    }

    /**
     * Opens the head version (or {@code version} when positive) of a file as a stream that decrypts
     * one chunk at a time; closing it wipes the file key.
     */
    public InputStream open(String path, int version) throws StorageException {
        String p = path(path);
        try {
            Stored stored = stored(p, version);
            FileIndex.Node node = stored.node();
            FileIndex.Version v = stored.version();
            byte[] idBytes = node.id().getBytes(StandardCharsets.US_ASCII);
            byte[] fileKey = vault.unwrap(HexFormat.of().parseHex(v.wrappedKey()), idBytes);
            try {
                ChunkCipher cipher = new ChunkCipher(fileKey, idBytes);
                return new DecryptingStream(
                        new ChunkReader(blocks, cipher, p, v.version(), v.chunks(), 0),
                        cipher,
                        p,
                        v.size());
            } finally {
                Arrays.fill(fileKey, (byte) 0);
            }
        } catch (SQLException e) {
            throw new StorageException(Reason.IO, "cannot read the index: " + e.getMessage());
        }
    }

    /**
     * A folder of the partition as a tree the UnixFS importer walks: names are opened as it goes
     * and each file is decrypted a chunk at a time. A read error reaches the importer as an {@link
     * IOException} whose cause is the {@link StorageException}.
     *
     * @param folder the folder
     * @param skip paths left out (the apps' reserved folder when publishing the root)
     */
    public DirectoryImporter.Folder tree(String folder, Predicate<String> skip)
            throws StorageException {
        String p = path(folder);
        if (!isFolder(p)) {
            throw new StorageException(Reason.NOT_FOUND, "no folder " + p);
        }
        return new PrivateFolder(p, skip);
    }

    private final class PrivateFolder implements DirectoryImporter.Folder {
        private final String path;
        private final Predicate<String> skip;

        PrivateFolder(String path, Predicate<String> skip) {
            this.path = path;
            this.skip = skip;
        }

        @Override
        public String name() {
            // The link name in its parent folder; the root's name only shows in messages.
            return path.equals("/") ? "/" : PathRules.name(path);
        }

        @Override
        public List<DirectoryImporter.Node> children() throws IOException {
            List<DirectoryImporter.Node> out = new ArrayList<>();
            try {
                for (Entry e : list(path)) {
                    String child = (path.equals("/") ? "" : path) + "/" + e.name();
                    if (skip.test(child)) {
                        continue;
                    }
                    out.add(
                            e.folder()
                                    ? new PrivateFolder(child, skip)
                                    : new PrivateFile(e.name(), child));
                }
            } catch (StorageException e) {
                throw new IOException(e.getMessage(), e);
            }
            return out;
        }
    }

    private final class PrivateFile implements DirectoryImporter.FileNode {
        private final String name;
        private final String path;

        PrivateFile(String name, String path) {
            this.name = name;
            this.path = path;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public InputStream open() throws IOException {
            try {
                return PrivateFiles.this.open(path, 0);
            } catch (StorageException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
    }

    /** Whether a path names a live folder (the root always does). */
    public boolean isFolder(String path) throws StorageException {
        String p = path(path);
        if (p.equals("/")) {
            return true;
        }
        try {
            return index.node(names.mac(p)).map(FileIndex.Node::folder).orElse(false);
        } catch (SQLException e) {
            throw new StorageException(Reason.IO, "cannot read the index: " + e.getMessage());
        }
    }

    /** When a file's head version was written, or a folder made; empty if there is no such path. */
    public Optional<Instant> modifiedAt(String path) throws StorageException {
        String p = path(path);
        try {
            Optional<FileIndex.Node> node = index.node(names.mac(p));
            if (node.isEmpty() || node.get().folder()) {
                return node.map(FileIndex.Node::createdAt);
            }
            return index.head(names.mac(p)).map(FileIndex.Version::createdAt);
        } catch (SQLException e) {
            throw new StorageException(Reason.IO, "cannot read the index: " + e.getMessage());
        }
    }

    /** The size of the head version (or {@code version} when positive) of a file. */
    public long size(String path, int version) throws StorageException {
        String p = path(path);
        try {
            return stored(p, version).version().size();
        } catch (SQLException e) {
            throw new StorageException(Reason.IO, "cannot read the index: " + e.getMessage());
        }
    }

    private record Stored(FileIndex.Node node, FileIndex.Version version) {}

    /** A file's row and its head version (or {@code version} when positive). */
    private Stored stored(String p, int version) throws SQLException, StorageException {
        FileIndex.Node node =
                index.node(names.mac(p))
                        .filter(n -> !n.folder())
                        .orElseThrow(() -> new StorageException(Reason.NOT_FOUND, "no file " + p));
        FileIndex.Version v =
                index.version(node.id(), version > 0 ? version : node.head())
                        .orElseThrow(() ->
                                new StorageException(
                                        Reason.NOT_FOUND, "no version " + version + " of " + p));
        return new Stored(node, v);
    }

    /** Creates a folder and its parents; true if the folder itself was new. */
    public boolean mkdirs(String path) throws StorageException {
        String p = path(path);
        if (p.equals("/")) {
            return false;
        }
        try {
            mkdirs(PathRules.parent(p));
            return index.mkdir(
                    names.mac(p),
                    names.mac(PathRules.parent(p)),
                    names.seal(PathRules.name(p)),
                    newId(),
                    clock.instant());
        } catch (SQLException e) {
            throw new StorageException(
                    Reason.IO, "cannot record folder " + p + ": " + e.getMessage());
        }
    }

    /** The live entries of a folder, sorted by name. */
    public List<Entry> list(String folder) throws StorageException {
        String p = path(folder);
        try {
            List<Entry> out = new ArrayList<>();
            for (FileIndex.Child c : index.childrenWithSizes(names.mac(p))) {
                FileIndex.Node n = c.node();
                out.add(new Entry(names.open(n.sealedName()), n.folder(), c.size(), n.head()));
            }
            out.sort((a, b) -> a.name().compareTo(b.name()));
            return out;
        } catch (SQLException e) {
            throw new StorageException(Reason.IO, "cannot list " + p + ": " + e.getMessage());
        }
    }

    /** The stored version numbers of a file, oldest first. */
    public List<Integer> versions(String path) throws StorageException {
        String p = path(path);
        try {
            FileIndex.Node n =
                    index.node(names.mac(p))
                            .orElseThrow(
                                    () -> new StorageException(Reason.NOT_FOUND, "no file " + p));
            return index.versions(n.id()).stream().map(FileIndex.Version::version).toList();
        } catch (SQLException e) {
            throw new StorageException(Reason.IO, e.getMessage());
        }
    }

    /**
     * Renames or moves a file or a folder with everything under it; versions go along (chunks are
     * bound to the file, not its path, so nothing is re-encrypted).
     *
     * @return false if there is no such file
     * @throws StorageException INVALID_ARGUMENT if the target exists
     */
    public boolean move(String from, String to) throws StorageException {
        String f = path(from);
        String t = path(to);
        writing.lock();
        try {
            if (f.equals("/") || t.equals("/")) {
                throw new StorageException(Reason.INVALID_ARGUMENT, "the root cannot be moved");
            }
            Optional<FileIndex.Node> source = index.node(names.mac(f));
            if (source.isEmpty()) {
                return false;
            }
            if (t.startsWith(f + "/")) {
                throw new StorageException(
                        Reason.INVALID_ARGUMENT, "cannot move " + f + " into itself");
            }
            if (index.node(names.mac(t)).isPresent()) {
                throw new StorageException(Reason.INVALID_ARGUMENT, t + " already exists");
            }
            mkdirs(PathRules.parent(t));
            if (source.get().folder()) {
                // Every row under the folder is keyed by its path's MAC: all are renamed at once.
                List<FileIndex.Rename> renames = new ArrayList<>();
                renames.add(
                        new FileIndex.Rename(
                                names.mac(f),
                                names.mac(t),
                                names.mac(PathRules.parent(t)),
                                names.seal(PathRules.name(t))));
                collectRenames(f, t, renames);
                if (!index.moveTree(renames)) {
                    throw new StorageException(Reason.INVALID_ARGUMENT, t + " already exists");
                }
                return true;
            }
            if (!index.move(
                    names.mac(f),
                    names.mac(t),
                    names.mac(PathRules.parent(t)),
                    names.seal(PathRules.name(t)))) {
                throw new StorageException(Reason.INVALID_ARGUMENT, t + " already exists");
            }
            return true;
        } catch (SQLException e) {
            throw new StorageException(Reason.IO, e.getMessage());
        } finally {
            writing.unlock();
        }
    }

    private void collectRenames(String from, String to, List<FileIndex.Rename> out)
            throws SQLException, StorageException {
        for (FileIndex.Node child : index.children(names.mac(from))) {
            String name = names.open(child.sealedName());
            String oldPath = from + "/" + name;
            String newPath = to + "/" + name;
            out.add(
                    new FileIndex.Rename(
                            names.mac(oldPath),
                            names.mac(newPath),
                            names.mac(to),
                            child.sealedName()));
            if (child.folder()) {
                collectRenames(oldPath, newPath, out);
            }
        }
    }

    /** Moves a file to the trash. */
    public boolean trash(String path) throws StorageException {
        String p = path(path);
        try {
            return index.trash(names.mac(p), names.seal(p), clock.instant());
        } catch (SQLException e) {
            throw new StorageException(Reason.IO, e.getMessage());
        }
    }

    /** Restores a trashed file to where it was; false if that path is taken meanwhile. */
    public boolean restoreFromTrash(String originalPath) throws StorageException {
        String p = path(originalPath);
        try {
            for (FileIndex.Node n : index.trashed()) {
                Optional<String> sealed = index.trashPath(n.id());
                if (sealed.isPresent() && names.open(sealed.get()).equals(p)) {
                    mkdirs(PathRules.parent(p));
                    return index.restore(
                            n.id(),
                            names.mac(p),
                            names.mac(PathRules.parent(p)),
                            names.seal(PathRules.name(p)));
                }
            }
            return false;
        } catch (SQLException e) {
            throw new StorageException(Reason.IO, e.getMessage());
        }
    }

    /**
     * Removes blocks no stored version references, older than the grace period, so a write in
     * flight (blocks durable, version not yet committed) is never collected.
     */
    public SweepResult collectGarbage(Duration grace) throws StorageException {
        try {
            uploads.expire(UPLOAD_IDLE);
            Set<String> live = index.liveChunks();
            live.addAll(uploads.liveChunks());
            return blocks.sweep(live, grace);
        } catch (SQLException e) {
            throw new StorageException(Reason.IO, "cannot mark live chunks: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        names.close();
    }

    static String path(String path) throws StorageException {
        try {
            return PathRules.normalize(path);
        } catch (IllegalArgumentException e) {
            throw new StorageException(Reason.INVALID_ARGUMENT, e.getMessage());
        }
    }

    static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
