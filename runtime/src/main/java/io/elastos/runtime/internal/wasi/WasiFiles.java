// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.wasi;

import io.elastos.api.storage.FileStat;
import io.elastos.api.storage.StorageException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The WASI file descriptors of one instance over the app's storage scope, preopened as {@code
 * /data} on fd 3. A file is read whole when opened and written back whole, atomically, when closed
 * or synced, which matches how the scope stores files; open files are bounded in size and number.
 */
final class WasiFiles {

    static final int PREOPEN_FD = 3;
    static final String PREOPEN_NAME = "/data";
    static final int MAX_OPEN = 64;

    /** One open descriptor: a folder, or a file with its content in memory. */
    static final class Handle {
        final String path;
        final boolean directory;
        byte[] data;
        int size;
        long position;
        boolean dirty;
        boolean append;

        Handle(String path, boolean directory) {
            this.path = path;
            this.directory = directory;
        }
    }

    private final WasiStorage scope;
    private final long maxFileBytes;
    private final boolean enabled;
    private final Map<Integer, Handle> open = new HashMap<>();
    private int nextFd = PREOPEN_FD + 1;

    WasiFiles(WasiStorage scope, long maxFileBytes, boolean enabled) {
        this.scope = scope;
        this.maxFileBytes = maxFileBytes;
        this.enabled = enabled;
        reset();
    }

    /** Runs a scope operation; storage errors become the matching errno. */
    private <T> T storage(WasiStorage.Action<T> action) throws WasiException {
        try {
            return scope.run(action);
        } catch (StorageException e) {
            throw new WasiException(
                    switch (e.reason()) {
                        case NOT_FOUND -> Errno.NOENT;
                        case INVALID_ARGUMENT -> Errno.INVAL;
                        case QUOTA_EXCEEDED -> Errno.NOSPC;
                        default -> Errno.IO;
                    });
        }
    }

    boolean enabled() {
        return enabled;
    }

    Handle get(int fd) throws WasiException {
        Handle h = open.get(fd);
        if (h == null) {
            throw new WasiException(Errno.BADF);
        }
        return h;
    }

    int open(
            int dirFd,
            String path,
            boolean create,
            boolean directory,
            boolean exclusive,
            boolean truncate,
            boolean append)
            throws WasiException {
        Handle dir = get(dirFd);
        String resolved = ScopePath.resolve(dir.path, path);
        if (resolved == null) {
            throw new WasiException(Errno.NOTCAPABLE);
        }
        if (open.size() >= MAX_OPEN) {
            throw new WasiException(Errno.NFILE);
        }
        Optional<FileStat> stat = storage(s -> s.stat(resolved));
        Handle h;
        if (stat.isPresent()) {
            if (exclusive && create) {
                throw new WasiException(Errno.EXIST);
            }
            if (stat.get().directory()) {
                h = new Handle(resolved, true);
            } else {
                if (directory) {
                    throw new WasiException(Errno.NOTDIR);
                }
                h = new Handle(resolved, false);
                byte[] content =
                        truncate
                                ? new byte[0]
                                : storage(s -> s.readFile(resolved)).orElse(new byte[0]);
                h.data = content;
                h.size = content.length;
                h.dirty = truncate;
            }
        } else if (create && !directory) {
            h = new Handle(resolved, false);
            h.data = new byte[0];
            h.dirty = true;
        } else {
            throw new WasiException(Errno.NOENT);
        }
        h.append = append;
        int fd = nextFd++;
        open.put(fd, h);
        return fd;
    }

    int read(Handle h, byte[] into) throws WasiException {
        if (h.directory) {
            throw new WasiException(Errno.ISDIR);
        }
        int n = (int) Math.max(0, Math.min(into.length, h.size - h.position));
        System.arraycopy(h.data, (int) h.position, into, 0, n);
        h.position += n;
        return n;
    }

    void write(Handle h, byte[] bytes) throws WasiException {
        if (h.directory) {
            throw new WasiException(Errno.ISDIR);
        }
        if (h.append) {
            h.position = h.size;
        }
        long end = h.position + bytes.length;
        if (end > maxFileBytes) {
            throw new WasiException(Errno.FBIG);
        }
        if (end > h.data.length) {
            h.data =
                    Arrays.copyOf(
                            h.data,
                            (int) Math.min(maxFileBytes, Math.max(end, h.data.length * 2L)));
        }
        System.arraycopy(bytes, 0, h.data, (int) h.position, bytes.length);
        h.position = end;
        h.size = (int) Math.max(h.size, end);
        h.dirty = true;
    }

    long seek(Handle h, long offset, int whence) throws WasiException {
        long base =
                switch (whence) {
                    case 0 -> 0;
                    case 1 -> h.position;
                    case 2 -> h.size;
                    default -> throw new WasiException(Errno.INVAL);
                };
        long p = base + offset;
        if (h.directory || p < 0 || p > maxFileBytes) {
            throw new WasiException(h.directory ? Errno.ISDIR : Errno.INVAL);
        }
        h.position = p;
        return p;
    }

    void sync(Handle h) throws WasiException {
        if (!h.directory && h.dirty) {
            byte[] content = Arrays.copyOf(h.data, h.size);
            storage(s -> {
                s.writeFile(h.path, content);
                return null;
            });
            h.dirty = false;
        }
    }

    void close(int fd) throws WasiException {
        if (fd == PREOPEN_FD) {
            throw new WasiException(Errno.NOTSUP);
        }
        Handle h = get(fd);
        open.remove(fd);
        sync(h);
    }

    Optional<FileStat> stat(int dirFd, String path) throws WasiException {
        String resolved = ScopePath.resolve(get(dirFd).path, path);
        if (resolved == null) {
            throw new WasiException(Errno.NOTCAPABLE);
        }
        return storage(s -> s.stat(resolved));
    }

    FileStat stat(Handle h) throws WasiException {
        if (!h.directory) {
            return new FileStat(false, h.size, java.time.Instant.now());
        }
        return storage(s -> s.stat(h.path)).orElseThrow(() -> new WasiException(Errno.NOENT));
    }

    List<String> list(Handle h) throws WasiException {
        if (!h.directory) {
            throw new WasiException(Errno.NOTDIR);
        }
        return storage(s -> s.listFiles(h.path));
    }

    void mkdir(int dirFd, String path) throws WasiException {
        String resolved = resolveForChange(dirFd, path);
        if (storage(s -> s.stat(resolved)).isPresent()) {
            throw new WasiException(Errno.EXIST);
        }
        storage(s -> {
            s.createDirectory(resolved);
            return null;
        });
    }

    void unlink(int dirFd, String path, boolean directory) throws WasiException {
        String resolved = resolveForChange(dirFd, path);
        Optional<FileStat> stat = storage(s -> s.stat(resolved));
        if (stat.isEmpty()) {
            throw new WasiException(Errno.NOENT);
        }
        if (stat.get().directory() != directory) {
            throw new WasiException(directory ? Errno.NOTDIR : Errno.ISDIR);
        }
        if (directory && !storage(s -> s.listFiles(resolved)).isEmpty()) {
            throw new WasiException(Errno.NOTEMPTY);
        }
        storage(s -> s.deleteFile(resolved));
    }

    private String resolveForChange(int dirFd, String path) throws WasiException {
        String resolved = ScopePath.resolve(get(dirFd).path, path);
        if (resolved == null || resolved.isEmpty()) {
            throw new WasiException(resolved == null ? Errno.NOTCAPABLE : Errno.INVAL);
        }
        return resolved;
    }

    /** Writes back every dirty file and closes all but the preopen; done at the end of a call. */
    void flushAll() throws WasiException {
        WasiException first = null;
        for (Handle h : open.values()) {
            try {
                sync(h);
            } catch (WasiException e) {
                first = first == null ? e : first;
            }
        }
        reset();
        if (first != null) {
            throw first;
        }
    }

    void reset() {
        open.clear();
        nextFd = PREOPEN_FD + 1;
        if (enabled) {
            open.put(PREOPEN_FD, new Handle("", true));
        }
    }
}
