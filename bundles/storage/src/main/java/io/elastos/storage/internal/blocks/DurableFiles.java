// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.blocks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Crash-safe file writes: the content goes to a temporary file in the target's folder, is forced to
 * disk, and is renamed over the target, so a reader (or the node after a power cut) sees the old
 * file or the new one, never half of one. Shared by the block files and the vault key files.
 */
public final class DurableFiles {

    private DurableFiles() {}

    /**
     * Writes {@code content} to {@code target} through {@code temp}, which must be in the same
     * folder (a rename across folders may not be atomic) and must not exist. The files are readable
     * and writable by the owner only, where the file system has POSIX permissions.
     *
     * @param temp the temporary file; deleted if anything fails
     * @param target the file to create or replace
     * @param content the bytes to write
     * @throws IOException if the folder cannot be written; {@code target} is then unchanged
     */
    public static void write(Path temp, Path target, byte[] content) throws IOException {
        writeTemp(temp, content);
        boolean moved = false;
        try {
            moveIntoPlace(temp, target);
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
        syncDirectory(target.toAbsolutePath().getParent());
    }

    /**
     * Creates {@code temp} (owner-only), writes {@code content} and forces it to disk, so that a
     * later rename publishes complete bytes. On failure the temporary file is deleted.
     *
     * @param temp a file that must not exist yet
     * @param content the bytes to write
     * @throws IOException if the file cannot be created or written
     */
    public static void writeTemp(Path temp, byte[] content) throws IOException {
        createOwnerOnly(temp);
        boolean written = false;
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
                // Data and metadata on disk before the rename makes the name visible; without
                // it a crash can leave a named file with zero or garbage bytes (ext4, XFS).
                ch.force(true);
            }
            written = true;
        } finally {
            if (!written) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /**
     * Renames a forced temporary file over {@code target} in one step where the file system can.
     * The caller syncs the folder (after releasing any lock, since that sync is slow).
     *
     * @param temp the written temporary file, in the target's folder
     * @param target the file to create or replace
     * @throws IOException if the rename fails; {@code target} is then unchanged
     */
    public static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Creates the folder and any missing parents, syncing each parent whose entry list changed, so
     * a file later renamed into it does not vanish with its folder after a crash.
     *
     * @param dir the folder
     * @throws IOException if a folder cannot be created
     */
    public static void createDirectories(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return;
        }
        Path parent = absolute.getParent();
        if (parent != null) {
            createDirectories(parent);
        }
        try {
            Files.createDirectory(absolute);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(absolute)) {
                throw e;
            }
            return; // another thread made it; it syncs the parent
        }
        if (parent != null) {
            syncDirectory(parent);
        }
    }

    /**
     * Makes renames and new entries in a folder durable, where the platform can open a folder
     * (Linux, macOS). Best effort: a failure is ignored, the data itself is already forced.
     *
     * @param dir the folder
     */
    public static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows can't open folders; NTFS journals the rename itself.
        }
    }

    private static void createOwnerOnly(Path file) throws IOException {
        try {
            Files.createFile(
                    file,
                    PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
    }
}
