// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.blocks;

import io.elastos.api.storage.StorageException;
import io.elastos.api.storage.StorageException.Reason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Content-addressed blocks on disk, each in a file named by the SHA-256 of its bytes.
 *
 * <p>Files are sharded two levels deep by the first four hex digits ({@code ab/cd/abcd....blk}) so
 * no folder grows past a few thousand entries even with hundreds of millions of blocks. A write
 * goes to a temporary file in the block's folder, is forced to disk and renamed into place, so a
 * crash leaves either the whole block or an orphaned temporary file that reads never see and {@link
 * #sweep} removes. Every read re-hashes the bytes, so disk corruption or a truncated file is
 * reported as {@link Reason#INTEGRITY} instead of being served.
 *
 * <p>Thread-safe. One instance must own a folder: the locks that keep {@link #sweep} from deleting
 * a block that {@link #put} is re-storing live in the instance.
 */
public final class BlockFiles {

    /**
     * The largest block accepted: twice IPFS's usual 2 MiB limit, so any peer's block fits, and a
     * sealed 4 MiB chunk of the private partition with its few bytes of nonce and tag.
     */
    public static final int DEFAULT_MAX_BLOCK_BYTES = (4 << 20) + 4096;

    static final String BLOCK_SUFFIX = ".blk";
    static final String TEMP_SUFFIX = ".tmp";

    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern BLOCK_NAME = Pattern.compile("[0-9a-f]{64}\\.blk");
    private static final Pattern SHARD = Pattern.compile("[0-9a-f]{2}");
    private static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int LOCK_STRIPES = 256;

    private final Path root;
    private final int maxBlockBytes;
    private final Clock clock;
    private final Object[] locks = new Object[LOCK_STRIPES];

    /**
     * Opens (and creates if needed) a block folder with the default size limit.
     *
     * @param root the folder, such as {@code <data>/blocks}
     * @throws StorageException with {@link Reason#IO} if the folder cannot be created
     */
    public BlockFiles(Path root) throws StorageException {
        this(root, DEFAULT_MAX_BLOCK_BYTES, Clock.systemUTC());
    }

    /**
     * Opens a block folder with a size limit and a clock (tests pass a fixed one).
     *
     * @param root the folder
     * @param maxBlockBytes the largest block to store or read
     * @param clock the clock the grace period is measured with
     * @throws StorageException with {@link Reason#IO} if the folder cannot be created
     */
    public BlockFiles(Path root, int maxBlockBytes, Clock clock) throws StorageException {
        if (maxBlockBytes < 1) {
            throw new IllegalArgumentException("maxBlockBytes must be positive: " + maxBlockBytes);
        }
        this.root = root.toAbsolutePath();
        this.maxBlockBytes = maxBlockBytes;
        this.clock = clock;
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new Object();
        }
        try {
            DurableFiles.createDirectories(this.root);
        } catch (IOException e) {
            throw new StorageException(
                    Reason.IO, "cannot create the block folder " + this.root + " (" + e + ")", e);
        }
    }

    /**
     * The SHA-256 of some bytes as 64 lowercase hex digits: the name a block is stored under.
     *
     * @param block the bytes
     * @return the hex digest
     */
    public static String sha256(byte[] block) {
        return HEX.formatHex(digest(block));
    }

    /**
     * Stores a block under the hash of its bytes; storing a block that is present does not write it
     * again but marks it as just written, so a sweep running now keeps it for its grace period.
     *
     * @param block the bytes, at most the size limit
     * @return the block's hash
     * @throws StorageException with {@link Reason#INVALID_ARGUMENT} if the block is too big, or
     *     {@link Reason#IO} if the write fails (nothing is then stored)
     */
    public String put(byte[] block) throws StorageException {
        String hash = sha256(checkSize(block));
        store(hash, block);
        return hash;
    }

    /**
     * Stores a block after checking that its bytes hash to {@code hash}: for callers that got the
     * hash from elsewhere (a CID, a peer) and must not store bytes under a name they don't match.
     *
     * @param hash the expected SHA-256, 64 lowercase hex digits
     * @param block the bytes
     * @throws StorageException with {@link Reason#INTEGRITY} if the bytes have another hash, else
     *     as {@link #put(byte[])}
     */
    public void put(String hash, byte[] block) throws StorageException {
        checkHash(hash);
        String actual = sha256(checkSize(block));
        if (!actual.equals(hash)) {
            throw new StorageException(
                    Reason.INTEGRITY,
                    "block " + hash + " does not match its bytes (" + actual + ")");
        }
        store(hash, block);
    }

    /**
     * Reads a block and checks its hash.
     *
     * @param hash the block's SHA-256 hex
     * @return the bytes, or empty if there is no such block
     * @throws StorageException with {@link Reason#INTEGRITY} if the file is damaged (its bytes have
     *     another hash, or it is bigger than any stored block), {@link Reason#INVALID_ARGUMENT} for
     *     a malformed hash, or {@link Reason#IO} if the read fails
     */
    public Optional<byte[]> get(String hash) throws StorageException {
        Optional<byte[]> read = getSealed(hash);
        if (read.isEmpty()) {
            return read;
        }
        byte[] bytes = read.get();
        String actual = sha256(bytes);
        if (!actual.equals(hash)) {
            throw new StorageException(
                    Reason.INTEGRITY,
                    "block "
                            + hash
                            + " is damaged: its "
                            + bytes.length
                            + " bytes hash to "
                            + actual);
        }
        return Optional.of(bytes);
    }

    /**
     * Reads a block without hashing it, for blocks that authenticate themselves: a sealed chunk of
     * the private partition carries an AES-GCM tag under its file's key, bound to the file, version
     * and position, which catches every change the hash would and also a block swapped in from
     * elsewhere. Re-hashing it would halve the read speed for nothing.
     *
     * @param hash the block's SHA-256 hex
     * @return the bytes, or empty if there is no such block
     * @throws StorageException with {@link Reason#INTEGRITY} if the file is bigger than any block,
     *     {@link Reason#INVALID_ARGUMENT} for a malformed hash, or {@link Reason#IO}
     */
    public Optional<byte[]> getSealed(String hash) throws StorageException {
        Path file = pathOf(checkHash(hash));
        byte[] bytes;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > maxBlockBytes) {
                throw new StorageException(
                        Reason.INTEGRITY,
                        "block " + hash + " is damaged: " + size + " bytes, more than any block");
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) size);
            while (buffer.hasRemaining() && ch.read(buffer) >= 0) {
                // read until full; a file shrinking under us shows up as a hash mismatch
            }
            bytes = buffer.position() == buffer.capacity() ? buffer.array() : slice(buffer);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw io("cannot read block " + hash, e);
        }
        return Optional.of(bytes);
    }

    /**
     * Tells whether a block is stored, without reading or checking it.
     *
     * @param hash the block's SHA-256 hex
     * @return whether its file exists
     * @throws StorageException with {@link Reason#INVALID_ARGUMENT} for a malformed hash
     */
    public boolean has(String hash) throws StorageException {
        return Files.isRegularFile(pathOf(checkHash(hash)));
    }

    /**
     * The size of a stored block, from its file, without reading it.
     *
     * @param hash the block's SHA-256 hex
     * @return the size, or empty if there is no such block
     * @throws StorageException with {@link Reason#INVALID_ARGUMENT} for a malformed hash, or {@link
     *     Reason#IO} if the file cannot be examined
     */
    public OptionalLong size(String hash) throws StorageException {
        try {
            return OptionalLong.of(Files.size(pathOf(checkHash(hash))));
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException e) {
            throw io("cannot examine block " + hash, e);
        }
    }

    /**
     * Deletes a block, whatever its age. The caller makes sure nothing references it.
     *
     * @param hash the block's SHA-256 hex
     * @return whether the block existed
     * @throws StorageException with {@link Reason#INVALID_ARGUMENT} for a malformed hash, or {@link
     *     Reason#IO} if the delete fails
     */
    public boolean delete(String hash) throws StorageException {
        Path file = pathOf(checkHash(hash));
        synchronized (lockFor(hash)) {
            try {
                return Files.deleteIfExists(file);
            } catch (IOException e) {
                throw io("cannot delete block " + hash, e);
            }
        }
    }

    /**
     * Lists every stored block with its size and modification time, folder by folder, so memory
     * stays small however many blocks there are. Temporary and unknown files are skipped. Blocks
     * written or deleted while the stream runs may or may not appear.
     *
     * @return the blocks, in no particular order
     * @throws UncheckedIOException from the stream's operations if a folder cannot be listed
     */
    public Stream<StoredBlock> blocks() {
        return files().filter(BlockFiles::isBlockFile).map(this::stored).flatMap(Optional::stream);
    }

    /**
     * Deletes every block that is not in {@code live} and was written (or re-stored) more than
     * {@code grace} ago, and every temporary file older than {@code grace}.
     *
     * <p>The grace period is what makes sweeping safe while files are being written: a writer
     * stores its blocks first and records them in the metadata afterwards, so a block may be
     * missing from {@code live} only because its write has not committed yet. Such a block is
     * younger than the grace period (re-storing an old block refreshes its time) and is kept. The
     * grace period must therefore exceed the longest write.
     *
     * @param live the hashes still referenced; the set is read, never changed
     * @param grace how old an unreferenced block must be to go; not negative
     * @return what was deleted and kept
     * @throws StorageException with {@link Reason#IO} if the folder cannot be listed or a file
     *     cannot be deleted (blocks deleted before the failure stay deleted)
     */
    public SweepResult sweep(Set<String> live, Duration grace) throws StorageException {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("negative grace period: " + grace);
        }
        Instant cutoff = clock.instant().minus(grace);
        Counts counts = new Counts();
        try (Stream<Path> files = files()) {
            files.forEach(file -> {
                try {
                    sweepOne(file, live, cutoff, counts);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw io("block sweep stopped", e.getCause());
        }
        return new SweepResult(counts.deleted, counts.freed, counts.kept, counts.temps);
    }

    /** The folder the blocks are in. */
    public Path root() {
        return root;
    }

    /** Where a block's file is; package-private so tests can damage it. */
    Path pathOf(String hash) {
        return root.resolve(hash.substring(0, 2))
                .resolve(hash.substring(2, 4))
                .resolve(hash + BLOCK_SUFFIX);
    }

    private void store(String hash, byte[] block) throws StorageException {
        Path file = pathOf(hash);
        if (refreshIfPresent(hash, file, block.length)) {
            return;
        }
        Path dir = file.getParent();
        Path temp =
                dir.resolve("." + hash + "." + Long.toHexString(RANDOM.nextLong()) + TEMP_SUFFIX);
        try {
            DurableFiles.createDirectories(dir);
            DurableFiles.writeTemp(temp, block);
            synchronized (lockFor(hash)) {
                // Replacing a block that a racing writer just stored is harmless: same bytes.
                DurableFiles.moveIntoPlace(temp, file);
            }
        } catch (IOException e) {
            deleteQuietly(temp);
            throw io("cannot write block " + hash, e);
        }
        DurableFiles.syncDirectory(dir);
    }

    /**
     * Marks an existing block as just written, under the lock {@link #sweep} deletes under, so a
     * sweep either deletes it before (and this write stores it again) or sees the new time.
     *
     * @return whether the block is present with the right size; a file of another size is damaged
     *     (a torn write from a crash on a file system without ordered renames) and is rewritten
     */
    private boolean refreshIfPresent(String hash, Path file, int length) throws StorageException {
        synchronized (lockFor(hash)) {
            try {
                if (Files.size(file) != length) {
                    return false;
                }
                Files.setLastModifiedTime(file, FileTime.from(clock.instant()));
                return true;
            } catch (NoSuchFileException e) {
                return false;
            } catch (IOException e) {
                throw io("cannot examine block " + hash, e);
            }
        }
    }

    private void sweepOne(Path file, Set<String> live, Instant cutoff, Counts counts)
            throws IOException {
        String name = file.getFileName().toString();
        if (name.endsWith(TEMP_SUFFIX)) {
            Optional<BasicFileAttributes> attrs = attributes(file);
            // Temp names are unique per write, so no lock: an old one belongs to a dead write.
            if (attrs.isPresent()
                    && attrs.get().lastModifiedTime().toInstant().isBefore(cutoff)
                    && Files.deleteIfExists(file)) {
                counts.temps++;
                counts.freed += attrs.get().size();
            }
            return;
        }
        if (!isBlockFile(file)) {
            return; // not ours: leave it for a human to look at
        }
        String hash = name.substring(0, 64);
        if (live.contains(hash)) {
            return;
        }
        synchronized (lockFor(hash)) {
            // Re-read under the lock: a put may have refreshed the time since the listing.
            Optional<BasicFileAttributes> attrs = attributes(file);
            if (attrs.isEmpty()) {
                return;
            }
            if (!attrs.get().lastModifiedTime().toInstant().isBefore(cutoff)) {
                counts.kept++;
                return;
            }
            if (Files.deleteIfExists(file)) {
                counts.deleted++;
                counts.freed += attrs.get().size();
            }
        }
    }

    private Optional<StoredBlock> stored(Path file) {
        try {
            return attributes(file)
                    .map(a ->
                            new StoredBlock(
                                    file.getFileName().toString().substring(0, 64),
                                    a.size(),
                                    a.lastModifiedTime().toInstant()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file in the two-level shard folders, listing one folder at a time. */
    private Stream<Path> files() {
        return list(root, true).stream()
                .flatMap(first -> list(first, true).stream())
                .flatMap(second -> list(second, false).stream());
    }

    /** A folder's shard subfolders, or its files; a folder deleted meanwhile lists as empty. */
    private static List<Path> list(Path dir, boolean shardFolders) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                boolean shard = SHARD.matcher(entry.getFileName().toString()).matches();
                if (shardFolders ? shard && Files.isDirectory(entry) : Files.isRegularFile(entry)) {
                    out.add(entry);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Whether a file is a block in its right folder: a misplaced file is not one we wrote. */
    private static boolean isBlockFile(Path file) {
        String name = file.getFileName().toString();
        if (!BLOCK_NAME.matcher(name).matches()) {
            return false;
        }
        Path second = file.getParent();
        Path first = second.getParent();
        return name.startsWith(first.getFileName().toString() + second.getFileName());
    }

    private static Optional<BasicFileAttributes> attributes(Path file) throws IOException {
        try {
            return Optional.of(Files.readAttributes(file, BasicFileAttributes.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private Object lockFor(String hash) {
        return locks[Integer.parseInt(hash, 0, 2, 16)];
    }

    private byte[] checkSize(byte[] block) throws StorageException {
        if (block.length > maxBlockBytes) {
            throw new StorageException(
                    Reason.INVALID_ARGUMENT,
                    "a block of " + block.length + " bytes is over the limit of " + maxBlockBytes);
        }
        return block;
    }

    private static String checkHash(String hash) throws StorageException {
        if (hash == null || !HASH.matcher(hash).matches()) {
            throw new StorageException(
                    Reason.INVALID_ARGUMENT,
                    "not a SHA-256 block hash (64 lowercase hex digits): " + abbreviate(hash));
        }
        return hash;
    }

    private static String abbreviate(String s) {
        return s == null || s.length() <= 80
                ? "\"" + s + "\""
                : "\"" + s.substring(0, 80) + "...\"";
    }

    private static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static byte[] slice(ByteBuffer buffer) {
        byte[] out = new byte[buffer.position()];
        System.arraycopy(buffer.array(), 0, out, 0, out.length);
        return out;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // sweep removes it once it is older than the grace period
        }
    }

    private static StorageException io(String what, IOException e) {
        return new StorageException(Reason.IO, what + " (" + e + ")", e);
    }

    /** Running totals of one sweep. */
    private static final class Counts {
        int deleted;
        long freed;
        int kept;
        int temps;
    }
}
