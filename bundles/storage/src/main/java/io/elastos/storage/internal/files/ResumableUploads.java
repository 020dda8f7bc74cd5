// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.files;

import io.elastos.api.storage.StorageException;
import io.elastos.api.storage.StorageException.Reason;
import io.elastos.storage.internal.vault.ChunkCipher;
import io.elastos.storage.internal.vault.VaultKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * Uploads in pieces that survive a broken connection or a restart: each piece is sealed chunk by
 * chunk as it arrives (nothing plain touches the disk), its blocks made durable, then recorded in
 * one transaction; a client asks how much arrived and sends the rest. A partial last chunk is kept
 * sealed as its own block until more bytes complete it. Committing makes the upload a new version
 * in one transaction, like a plain write; the chunks are sealed for the version number reserved
 * when the upload began, so a file written meanwhile makes the commit fail as a conflict rather
 * than renumber sealed chunks.
 */
public final class ResumableUploads {

    private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Where an upload stands.
     *
     * @param id the upload's id
     * @param path the file it becomes
     * @param received the bytes recorded so far: the offset the next piece starts at
     * @param createdAt when it began
     * @param updatedAt when its last piece was recorded
     */
    public record Status(
            String id, String path, long received, Instant createdAt, Instant updatedAt) {}

    /** A piece that does not start where the upload stands; carries the right offset. */
    public static final class OffsetConflict extends StorageException {
        private static final long serialVersionUID = 1L;
        private final long received;

        OffsetConflict(String message, long received) {
            super(Reason.INVALID_ARGUMENT, message);
            this.received = received;
        }

        /** The offset the upload expects next. */
        public long received() {
            return received;
        }
    }

    private final PrivateFiles files;
    private final UploadTable table;
    // One piece at a time per upload: pieces are appended in order.
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    ResumableUploads(PrivateFiles files, UploadTable table) {
        this.files = files;
        this.table = table;
    }

    /** Starts an upload that will become the next version of the file at {@code path}. */
    public Status begin(String path) throws StorageException {
        String p = PrivateFiles.path(path);
        if (p.equals("/")) {
            throw new StorageException(Reason.INVALID_ARGUMENT, "the root is a folder");
        }
        try {
            Optional<FileIndex.Node> existing = files.index.node(files.names.mac(p));
            if (existing.isPresent() && existing.get().folder()) {
                throw new StorageException(Reason.INVALID_ARGUMENT, p + " is a folder");
            }
            String nodeId = existing.map(FileIndex.Node::id).orElse(PrivateFiles.newId());
            int version = existing.map(n -> n.head() + 1).orElse(1);
            byte[] fileKey = VaultKey.newFileKey();
            String wrapped;
            try {
                wrapped =
                        HexFormat.of()
                                .formatHex(
                                        files.vault.wrap(
                                                fileKey,
                                                nodeId.getBytes(StandardCharsets.US_ASCII)));
            } finally {
                Arrays.fill(fileKey, (byte) 0);
            }
            byte[] raw = new byte[16];
            RANDOM.nextBytes(raw);
            Instant now = files.clock.instant();
            UploadTable.Upload u =
                    new UploadTable.Upload(
                            HexFormat.of().formatHex(raw),
                            files.names.seal(p),
                            nodeId,
                            version,
                            wrapped,
                            0,
                            null,
                            now,
                            now,
                            List.of());
            table.insert(u);
            return status(u);
        } catch (SQLException e) {
            throw new StorageException(Reason.IO, "cannot record the upload: " + e.getMessage());
        }
    }

    /** Where an upload stands. */
    public Status status(String id) throws StorageException {
        return status(load(id));
    }

    /** The unfinished uploads, oldest first. */
    public List<Status> list() throws StorageException {
        try {
            List<Status> out = new ArrayList<>();
            for (UploadTable.Upload u : table.all()) {
                out.add(status(u));
            }
            return out;
        } catch (SQLException e) {
            throw new StorageException(Reason.IO, "cannot read the uploads: " + e.getMessage());
        }
    }

    /**
     * Appends a piece that starts at {@code offset}. If the stream breaks off, what arrived is
     * still recorded, so the client resumes from {@link Status#received()}.
     *
     * @return the upload's new state
     * @throws OffsetConflict if {@code offset} is not where the upload stands
     */
    public Status append(String id, long offset, InputStream piece) throws StorageException {
        ReentrantLock lock = locks.computeIfAbsent(checkId(id), k -> new ReentrantLock());
        if (!lock.tryLock()) {
            throw new StorageException(
                    Reason.LOCKED, "another piece of upload " + id + " is being received");
        }
        try {
            UploadTable.Upload u = load(id);
            if (offset != u.received()) {
                throw new OffsetConflict(
                        "upload "
                                + id
                                + " stands at byte "
                                + u.received()
                                + ", not "
                                + offset
                                + ": send from there",
                        u.received());
            }
            return receive(u, piece);
        } finally {
            lock.unlock();
        }
    }

    private Status receive(UploadTable.Upload u, InputStream piece) throws StorageException {
        byte[] idBytes = u.nodeId().getBytes(StandardCharsets.US_ASCII);
        byte[] fileKey = files.vault.unwrap(HexFormat.of().parseHex(u.wrappedKey()), idBytes);
        String path = files.names.open(u.sealedPath());
        IOException broken = null;
        try (ChunkCipher cipher = new ChunkCipher(fileKey, idBytes)) {
            byte[] chunk = new byte[PrivateFiles.CHUNK];
            int filled = 0;
            int index = u.chunks().size();
            if (u.tailHash() != null) {
                byte[] tail = cipher.open(u.version(), index, block(u.tailHash(), path));
                System.arraycopy(tail, 0, chunk, 0, tail.length);
                filled = tail.length;
            }
            int full = 0;
            long received = u.received();
            BlockWriters writers = new BlockWriters(files.blocks, PrivateFiles.WRITERS);
            List<String> hashes;
            try {
                while (true) {
                    int n;
                    try {
                        n = piece.read(chunk, filled, chunk.length - filled);
                    } catch (IOException e) {
                        broken = e; // keep what arrived; the client resumes from there
                        n = -1;
                    }
                    if (n < 0) {
                        break;
                    }
                    filled += n;
                    received += n;
                    if (filled == chunk.length) {
                        byte[] plain = chunk;
                        int at = index + full++;
                        writers.submit(() -> cipher.seal(u.version(), at, plain));
                        chunk = new byte[PrivateFiles.CHUNK]; // the writer owns the old one
                        filled = 0;
                    }
                }
                if (filled > 0) {
                    byte[] plain = chunk;
                    int at = index + full;
                    int length = filled;
                    writers.submit(() -> cipher.seal(u.version(), at, plain, 0, length));
                }
                hashes = writers.awaitAll();
            } finally {
                writers.close();
            }
            List<String> sealedChunks = hashes.subList(0, full);
            String tailHash = hashes.size() > full ? hashes.get(full) : null;
            if (!table.append(
                    u.id(),
                    u.received(),
                    index,
                    sealedChunks,
                    received,
                    tailHash,
                    files.clock.instant())) {
                throw new StorageException(
                        Reason.NOT_FOUND, "upload " + u.id() + " was aborted meanwhile");
            }
        } catch (SQLException e) {
            throw new StorageException(Reason.IO, "cannot record the upload: " + e.getMessage());
        } finally {
            Arrays.fill(fileKey, (byte) 0);
        }
        Status now = status(u.id());
        if (broken != null) {
            throw new StorageException(
                    Reason.IO,
                    "the upload broke off at byte "
                            + now.received()
                            + "; resume from there: "
                            + broken.getMessage());
        }
        return now;
    }

    /**
     * Makes the upload the file's next version.
     *
     * @param expectedSize the total size the client sent, checked when not negative
     * @return the new version number
     * @throws StorageException INVALID_ARGUMENT if the size differs or the file changed since the
     *     upload began
     */
    public int commit(String id, long expectedSize) throws StorageException {
        ReentrantLock lock = locks.computeIfAbsent(checkId(id), k -> new ReentrantLock());
        lock.lock();
        files.writing.lock();
        try {
            UploadTable.Upload u = load(id);
            String p = files.names.open(u.sealedPath());
            if (expectedSize >= 0 && expectedSize != u.received()) {
                throw new StorageException(
                        Reason.INVALID_ARGUMENT,
                        "upload "
                                + id
                                + " holds "
                                + u.received()
                                + " bytes, not "
                                + expectedSize
                                + ": send the rest first");
            }
            List<String> chunks = new ArrayList<>(u.chunks());
            if (u.tailHash() != null) {
                chunks.add(u.tailHash());
            }
            files.mkdirs(PathRules.parent(p));
            int version;
            try {
                version =
                        files.index.commit(
                                files.names.mac(p),
                                files.names.mac(PathRules.parent(p)),
                                files.names.seal(PathRules.name(p)),
                                u.nodeId(),
                                u.version(),
                                u.received(),
                                u.wrappedKey(),
                                chunks,
                                files.keep,
                                files.clock.instant());
            } catch (IllegalStateException | IllegalArgumentException e) {
                throw new StorageException(Reason.INVALID_ARGUMENT, p + ": " + e.getMessage());
            }
            table.delete(id);
            return version;
        } catch (SQLException e) {
            throw new StorageException(Reason.IO, "cannot commit the upload: " + e.getMessage());
        } finally {
            files.writing.unlock();
            lock.unlock();
            locks.remove(id);
        }
    }

    /** Drops an unfinished upload; its blocks go with the next GC. */
    public boolean abort(String id) throws StorageException {
        try {
            return table.delete(checkId(id));
        } catch (SQLException e) {
            throw new StorageException(Reason.IO, "cannot drop the upload: " + e.getMessage());
        } finally {
            locks.remove(id);
        }
    }

    /** Drops uploads untouched for {@code idle}; the count dropped. */
    public int expire(Duration idle) throws StorageException {
        try {
            int n = 0;
            for (String id : table.idleSince(files.clock.instant().minus(idle))) {
                n += table.delete(id) ? 1 : 0;
            }
            return n;
        } catch (SQLException e) {
            throw new StorageException(Reason.IO, "cannot expire uploads: " + e.getMessage());
        }
    }

    Set<String> liveChunks() throws SQLException {
        return table.liveChunks();
    }

    private byte[] block(String hash, String path) throws StorageException {
        return files.blocks
                .getSealed(hash)
                .orElseThrow(() ->
                        new StorageException(
                                Reason.INTEGRITY,
                                "the upload of " + path + " lost its block " + hash));
    }

    private UploadTable.Upload load(String id) throws StorageException {
        try {
            return table.find(checkId(id))
                    .orElseThrow(() -> new StorageException(Reason.NOT_FOUND, "no upload " + id));
        } catch (SQLException e) {
            throw new StorageException(Reason.IO, "cannot read the upload: " + e.getMessage());
        }
    }

    private Status status(UploadTable.Upload u) throws StorageException {
        return new Status(
                u.id(),
                files.names.open(u.sealedPath()),
                u.received(),
                u.createdAt(),
                u.updatedAt());
    }

    private static String checkId(String id) throws StorageException {
        if (id == null || !ID.matcher(id).matches()) {
            throw new StorageException(Reason.NOT_FOUND, "no upload " + id);
        }
        return id;
    }
}
