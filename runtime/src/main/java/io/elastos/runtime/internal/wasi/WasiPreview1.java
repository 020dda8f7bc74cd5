// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.wasi;

import io.elastos.api.runtime.SandboxException;
import io.elastos.api.storage.FileStat;
import io.elastos.runtime.internal.extism.GuestAbort;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * The WASI preview 1 subset the node offers, as host imports (GraalWasm's own WASI is not allowed
 * in a constrained sandbox): arguments, clocks, randomness, stdout/stderr to the app log, exit, and
 * files over the app's storage scope preopened as {@code /data}. Anything else answers ENOSYS, so
 * ordinary wasi-libc programs link and fail softly where they reach beyond the subset.
 */
public final class WasiPreview1 {

    public static final String MODULE = "wasi_snapshot_preview1";
    private static final int FILETYPE_CHAR = 2;
    private static final int FILETYPE_DIR = 3;
    private static final int FILETYPE_FILE = 4;
    private static final int MAX_IO = 16 << 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Thrown by {@code proc_exit} to end the call with the guest's exit code. */
    public static final class Exit extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int code;

        Exit(int code) {
            super("exit " + code, null, false, false);
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    private final GuestMemory memory;
    private final WasiFiles files;
    private final List<String> args;
    private final OutputStream stdout;
    private final OutputStream stderr;

    /**
     * @param storage runs scope operations within the call's deadline
     * @param filesGranted whether the app holds {@code storage.files}, which gives it {@code /data}
     */
    public WasiPreview1(
            GuestMemory memory,
            WasiStorage storage,
            boolean filesGranted,
            long maxFileBytes,
            List<String> args,
            OutputStream stdout,
            OutputStream stderr) {
        this.memory = memory;
        this.files = new WasiFiles(storage, maxFileBytes, filesGranted);
        this.args = List.copyOf(args);
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Writes back open files and closes them; called at the end of every call. */
    public void endCall() {
        try {
            stdout.flush();
            stderr.flush();
            files.flushAll();
        } catch (IOException | WasiException e) {
            throw new GuestAbort(
                    SandboxException.Kind.HOST_ERROR, "could not save the app's files");
        }
    }

    /** The import object's {@code wasi_snapshot_preview1} member; unknown names get ENOSYS. */
    public Map<String, Object> functions(Iterable<String> importedNames) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("args_sizes_get", call(a -> sizes(args, i(a, 0), i(a, 1))));
        f.put("args_get", call(a -> strings(args, i(a, 0), i(a, 1))));
        f.put("environ_sizes_get", call(a -> sizes(List.of(), i(a, 0), i(a, 1))));
        f.put("environ_get", call(a -> Errno.SUCCESS));
        f.put(
                "clock_res_get",
                call(a -> {
                    memory.writeLong(i(a, 1), 1_000L);
                    return 0;
                }));
        f.put("clock_time_get", call(a -> clock(i(a, 0), i(a, 2))));
        f.put("random_get", call(a -> random(i(a, 0), i(a, 1))));
        f.put("fd_write", call(a -> fdWrite(i(a, 0), i(a, 1), i(a, 2), i(a, 3))));
        f.put("fd_read", call(a -> fdRead(i(a, 0), i(a, 1), i(a, 2), i(a, 3))));
        f.put(
                "fd_close",
                call(a -> {
                    files.close(i(a, 0));
                    return 0;
                }));
        f.put(
                "fd_sync",
                call(a -> {
                    files.sync(files.get(i(a, 0)));
                    return 0;
                }));
        f.put("fd_seek", call(a -> fdSeek(i(a, 0), a[1].asLong(), i(a, 2), i(a, 3))));
        f.put(
                "fd_tell",
                call(a -> {
                    memory.writeLong(i(a, 1), files.get(i(a, 0)).position);
                    return 0;
                }));
        f.put("fd_fdstat_get", call(a -> fdstat(i(a, 0), i(a, 1))));
        f.put("fd_fdstat_set_flags", call(a -> Errno.SUCCESS));
        f.put("fd_prestat_get", call(a -> prestat(i(a, 0), i(a, 1))));
        f.put("fd_prestat_dir_name", call(a -> prestatName(i(a, 0), i(a, 1), i(a, 2))));
        f.put(
                "fd_filestat_get",
                call(a ->
                        filestat(stdio(i(a, 0)) ? null : files.stat(files.get(i(a, 0))), i(a, 1))));
        f.put("fd_readdir", call(a -> readdir(i(a, 0), i(a, 1), i(a, 2), a[3].asLong(), i(a, 4))));
        f.put("path_open", call(this::pathOpen));
        f.put("path_filestat_get", call(a -> pathStat(i(a, 0), path(a, 2, 3), i(a, 4))));
        f.put(
                "path_create_directory",
                call(a -> {
                    files.mkdir(i(a, 0), path(a, 1, 2));
                    return 0;
                }));
        f.put(
                "path_unlink_file",
                call(a -> {
                    files.unlink(i(a, 0), path(a, 1, 2), false);
                    return 0;
                }));
        f.put(
                "path_remove_directory",
                call(a -> {
                    files.unlink(i(a, 0), path(a, 1, 2), true);
                    return 0;
                }));
        // Links could point out of the scope: the scope has none, and none can be made.
        f.put("path_symlink", call(a -> Errno.PERM));
        f.put("path_link", call(a -> Errno.PERM));
        f.put("path_readlink", call(a -> Errno.INVAL));
        f.put("sched_yield", call(a -> Errno.SUCCESS));
        f.put(
                "proc_exit",
                (ProxyExecutable)
                        a -> {
                            throw new Exit(i(a, 0));
                        });
        for (String name : importedNames) {
            f.putIfAbsent(name, (ProxyExecutable) a -> Errno.NOSYS);
        }
        return f;
    }

    private int sizes(List<String> list, int countPtr, int bufSizePtr) {
        int size = 0;
        for (String s : list) {
            size += s.getBytes(StandardCharsets.UTF_8).length + 1;
        }
        memory.writeInt(countPtr, list.size());
        memory.writeInt(bufSizePtr, size);
        return Errno.SUCCESS;
    }

    private int strings(List<String> list, int ptrs, int buf) {
        int at = buf;
        for (int k = 0; k < list.size(); k++) {
            byte[] b = (list.get(k) + "\0").getBytes(StandardCharsets.UTF_8);
            memory.writeInt(ptrs + 4L * k, at);
            memory.write(at, b);
            at += b.length;
        }
        return Errno.SUCCESS;
    }

    private int clock(int id, int resultPtr) {
        long now =
                switch (id) {
                    case 0 -> {
                        java.time.Instant t = java.time.Instant.now();
                        yield t.getEpochSecond() * 1_000_000_000L + t.getNano();
                    }
                    case 1, 2, 3 -> System.nanoTime();
                    default -> -1;
                };
        if (now < 0) {
            return Errno.INVAL;
        }
        memory.writeLong(resultPtr, now);
        return Errno.SUCCESS;
    }

    private int random(int buf, int len) {
        if (len < 0 || len > MAX_IO) {
            return Errno.INVAL;
        }
        byte[] b = new byte[len];
        RANDOM.nextBytes(b);
        memory.write(buf, b);
        return Errno.SUCCESS;
    }

    private int fdWrite(int fd, int iovs, int count, int writtenPtr) throws WasiException {
        long total = 0;
        for (int k = 0; k < count; k++) {
            int ptr = memory.readInt(iovs + 8L * k);
            int len = memory.readInt(iovs + 8L * k + 4);
            if (len < 0 || total + len > MAX_IO) {
                return Errno.INVAL;
            }
            byte[] data = memory.read(ptr, len);
            if (fd == 1 || fd == 2) {
                try {
                    (fd == 1 ? stdout : stderr).write(data);
                } catch (IOException e) {
                    return Errno.IO;
                }
            } else if (fd == 0) {
                return Errno.BADF;
            } else {
                files.write(files.get(fd), data);
            }
            total += len;
        }
        memory.writeInt(writtenPtr, (int) total);
        return Errno.SUCCESS;
    }

    private int fdRead(int fd, int iovs, int count, int readPtr) throws WasiException {
        if (fd == 0) {
            memory.writeInt(readPtr, 0);
            return Errno.SUCCESS;
        }
        WasiFiles.Handle h = files.get(fd);
        long total = 0;
        for (int k = 0; k < count; k++) {
            int ptr = memory.readInt(iovs + 8L * k);
            int len = memory.readInt(iovs + 8L * k + 4);
            if (len < 0 || len > MAX_IO) {
                return Errno.INVAL;
            }
            byte[] into = new byte[len];
            int n = files.read(h, into);
            memory.write(ptr, java.util.Arrays.copyOf(into, n));
            total += n;
            if (n < len) {
                break;
            }
        }
        memory.writeInt(readPtr, (int) total);
        return Errno.SUCCESS;
    }

    private int fdSeek(int fd, long offset, int whence, int resultPtr) throws WasiException {
        if (stdio(fd)) {
            return Errno.SPIPE;
        }
        memory.writeLong(resultPtr, files.seek(files.get(fd), offset, whence));
        return Errno.SUCCESS;
    }

    private int fdstat(int fd, int ptr) throws WasiException {
        int type =
                stdio(fd) ? FILETYPE_CHAR : files.get(fd).directory ? FILETYPE_DIR : FILETYPE_FILE;
        memory.writeByte(ptr, type);
        memory.writeShort(ptr + 2, 0);
        memory.writeLong(ptr + 8, -1L);
        memory.writeLong(ptr + 16, -1L);
        return Errno.SUCCESS;
    }

    private int prestat(int fd, int ptr) {
        if (fd != WasiFiles.PREOPEN_FD || !files.enabled()) {
            return Errno.BADF;
        }
        memory.writeInt(ptr, 0);
        memory.writeInt(ptr + 4, WasiFiles.PREOPEN_NAME.length());
        return Errno.SUCCESS;
    }

    private int prestatName(int fd, int ptr, int len) {
        if (fd != WasiFiles.PREOPEN_FD || !files.enabled()) {
            return Errno.BADF;
        }
        byte[] name = WasiFiles.PREOPEN_NAME.getBytes(StandardCharsets.US_ASCII);
        if (len < name.length) {
            return Errno.INVAL;
        }
        memory.write(ptr, name);
        return Errno.SUCCESS;
    }

    private int pathOpen(Value[] a) throws WasiException {
        int oflags = i(a, 4);
        int fdflags = i(a, 7);
        int fd =
                files.open(
                        i(a, 0),
                        path(a, 2, 3),
                        (oflags & 1) != 0,
                        (oflags & 2) != 0,
                        (oflags & 4) != 0,
                        (oflags & 8) != 0,
                        (fdflags & 1) != 0);
        memory.writeInt(i(a, 8), fd);
        return Errno.SUCCESS;
    }

    private int pathStat(int dirFd, String path, int ptr) throws WasiException {
        Optional<FileStat> stat = files.stat(dirFd, path);
        if (stat.isEmpty()) {
            return Errno.NOENT;
        }
        return filestat(stat.get(), ptr);
    }

    private int filestat(FileStat stat, int ptr) {
        memory.write(ptr, new byte[64]);
        int type = stat == null ? FILETYPE_CHAR : stat.directory() ? FILETYPE_DIR : FILETYPE_FILE;
        memory.writeByte(ptr + 16, type);
        memory.writeLong(ptr + 24, 1);
        if (stat != null) {
            long nanos =
                    stat.modified().getEpochSecond() * 1_000_000_000L + stat.modified().getNano();
            memory.writeLong(ptr + 32, stat.size());
            memory.writeLong(ptr + 40, nanos);
            memory.writeLong(ptr + 48, nanos);
            memory.writeLong(ptr + 56, nanos);
        }
        return Errno.SUCCESS;
    }

    /**
     * Fills the buffer with dirents from {@code cookie} on; a full buffer tells libc to ask again.
     */
    private int readdir(int fd, int buf, int bufLen, long cookie, int usedPtr)
            throws WasiException {
        List<String> names = files.list(files.get(fd));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int k = (int) Math.max(0, cookie); k < names.size() && out.size() < bufLen; k++) {
            String n = names.get(k);
            boolean dir = n.endsWith("/");
            byte[] name =
                    (dir ? n.substring(0, n.length() - 1) : n).getBytes(StandardCharsets.UTF_8);
            java.nio.ByteBuffer d =
                    java.nio.ByteBuffer.allocate(24).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            d.putLong(k + 1L)
                    .putLong(k + 1L)
                    .putInt(name.length)
                    .put((byte) (dir ? FILETYPE_DIR : FILETYPE_FILE));
            out.writeBytes(d.array());
            out.writeBytes(name);
        }
        byte[] all = out.toByteArray();
        int used = Math.min(all.length, bufLen);
        memory.write(buf, java.util.Arrays.copyOf(all, used));
        memory.writeInt(usedPtr, used);
        return Errno.SUCCESS;
    }

    private String path(Value[] a, int ptrIndex, int lenIndex) throws WasiException {
        int len = i(a, lenIndex);
        if (len < 0 || len > ScopePath.MAX_PATH) {
            throw new WasiException(Errno.INVAL);
        }
        return memory.readString(i(a, ptrIndex), len);
    }

    private static boolean stdio(int fd) {
        return fd >= 0 && fd <= 2;
    }

    private static int i(Value[] a, int k) {
        if (k >= a.length) {
            throw new GuestAbort(SandboxException.Kind.TRAP, "missing WASI argument");
        }
        return a[k].asInt();
    }

    /** A WASI function body; a {@link WasiException} becomes its errno. */
    interface Body {
        int apply(Value[] args) throws WasiException;
    }

    private static ProxyExecutable call(Body body) {
        return a -> {
            try {
                return body.apply(a);
            } catch (WasiException e) {
                return e.errno();
            }
        };
    }
}
