// SPDX-License-Identifier: Apache-2.0
package io.elastos.launcher;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Checks the data directory before the node touches it, and holds a lock on it so two nodes never
 * share one. Nothing in an existing directory is changed here.
 */
final class DataDirectory implements AutoCloseable {

    static final String LOCK_FILE = "node.lock";

    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private DataDirectory(Path dir, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    static DataDirectory open(Path dir) throws LauncherException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new LauncherException(
                    "data directory "
                            + dir
                            + " is a file, not a directory; pass --data with a folder");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new LauncherException(
                    "cannot create data directory "
                            + dir
                            + " ("
                            + e.getMessage()
                            + "); pass --data with a writable folder");
        }
        if (!Files.isWritable(dir)) {
            throw new LauncherException(
                    "data directory "
                            + dir
                            + " is not writable by this user; fix its permissions"
                            + " or pass --data with another folder");
        }
        Path lockFile = dir.resolve(LOCK_FILE);
        FileChannel ch = null;
        try {
            ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = ch.tryLock();
            if (lock == null) {
                ch.close();
                throw new LauncherException(
                        "another node is already running with data directory "
                                + dir
                                + "; stop it first (bin/elastos stop --data "
                                + dir
                                + ")");
            }
            return new DataDirectory(dir, ch, lock);
        } catch (OverlappingFileLockException e) {
            closeQuietly(ch);
            throw new LauncherException(
                    "data directory " + dir + " is already in use by this process");
        } catch (IOException e) {
            closeQuietly(ch);
            throw new LauncherException(
                    "cannot lock "
                            + lockFile
                            + " ("
                            + e.getMessage()
                            + "); check the folder's permissions");
        }
    }

    Path path() {
        return dir;
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(lockChannel);
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }
}
