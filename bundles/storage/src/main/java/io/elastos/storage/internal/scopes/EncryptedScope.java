// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.scopes;

import io.elastos.api.storage.AppScope;
import io.elastos.api.storage.FileStat;
import io.elastos.api.storage.StorageException;
import io.elastos.api.storage.StorageException.Reason;
import io.elastos.storage.internal.files.FileIndex;
import io.elastos.storage.internal.files.PathRules;
import io.elastos.storage.internal.files.PrivateFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One scope, kept in the private partition under {@code /.apps/<id>/}: values in {@code kv/} (see
 * {@link KvNames}), files in {@code files/}. Its usage is counted once when it is first opened and
 * then kept up to date by every write, under the scope's lock, so a quota check and the write it
 * allows cannot interleave with another write.
 */
final class EncryptedScope implements AppScope {

    /** The private folder holding every scope. */
    static final String APPS = "/.apps";

    private final String id;
    private final String kvFolder;
    private final String fileRoot;
    private final PrivateFiles files;
    private final PartitionNodes nodes;
    private final long defaultQuota;
    private final Instant createdAt;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile Long quota;
    private volatile long used;
    private volatile boolean deleted;

    EncryptedScope(
            ScopeTable.Row row, PrivateFiles files, PartitionNodes nodes, long defaultQuota) {
        this.id = row.id();
        this.kvFolder = base(id) + "/kv";
        this.fileRoot = base(id) + "/files";
        this.files = files;
        this.nodes = nodes;
        this.defaultQuota = defaultQuota;
        this.createdAt = row.createdAt();
        this.quota = row.quota();
    }

    /** The private folder of a scope. */
    static String base(String scopeId) {
        return APPS + "/" + scopeId;
    }

    /** Counts the scope's usage from its stored entries; called once, before it is shared. */
    void countUsage() throws StorageException {
        long total = 0;
        for (PrivateFiles.Entry e : files.list(kvFolder)) {
            if (!e.folder()) {
                total += KvNames.usage(e.name(), e.size());
            }
        }
        used = total + fileBytes(fileRoot);
    }

    private long fileBytes(String folder) throws StorageException {
        long total = 0;
        for (PrivateFiles.Entry e : files.list(folder)) {
            total += e.folder() ? fileBytes(folder + "/" + e.name()) : e.size();
        }
        return total;
    }

    void setQuota(long bytes) {
        quota = bytes;
    }

    /**
     * Deletes the scope's data and makes this handle fail from now on; waits for the operations in
     * progress.
     */
    void destroy() throws StorageException {
        Lock w = lock.writeLock();
        w.lock();
        try {
            deleted = true;
            nodes.removeTree(base(id));
        } finally {
            w.unlock();
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Optional<byte[]> get(String key) throws StorageException {
        byte[] k = ScopeRules.key(key);
        Lock r = reading();
        try {
            Optional<byte[]> content = readIfFile(kvFolder + "/" + KvNames.name(k));
            return content.isEmpty()
                    ? Optional.empty()
                    : Optional.of(KvNames.value(k, content.get()));
        } finally {
            r.unlock();
        }
    }

    @Override
    public void put(String key, byte[] value) throws StorageException {
        byte[] k = ScopeRules.key(key);
        if (value == null) {
            throw ScopeRules.invalid("no value for key " + ScopeRules.quote(key));
        }
        String name = KvNames.name(k);
        String path = kvFolder + "/" + name;
        Lock w = writing();
        try {
            long old = nodes.head(path).map(v -> KvNames.usage(name, v.size())).orElse(0L);
            long now = (long) k.length + value.length;
            checkQuota(old, now, "the value of key " + ScopeRules.quote(key));
            files.write(path, new ByteArrayInputStream(KvNames.content(k, value)));
            used += now - old;
        } finally {
            w.unlock();
        }
    }

    @Override
    public boolean delete(String key) throws StorageException {
        byte[] k = ScopeRules.key(key);
        String name = KvNames.name(k);
        String path = kvFolder + "/" + name;
        Lock w = writing();
        try {
            Optional<FileIndex.Version> head = nodes.head(path);
            if (head.isEmpty() || !nodes.removeFile(path)) {
                return false;
            }
            used -= KvNames.usage(name, head.get().size());
            return true;
        } finally {
            w.unlock();
        }
    }

    @Override
    public List<String> keys(String prefix, int limit) throws StorageException {
        if (prefix == null) {
            throw ScopeRules.invalid("no key prefix; use \"\" for all keys");
        }
        if (limit < 1) {
            throw ScopeRules.invalid("the key limit must be at least 1, not " + limit);
        }
        Lock r = reading();
        try {
            List<String> out = new ArrayList<>();
            for (PrivateFiles.Entry e : files.list(kvFolder)) {
                if (e.folder()) {
                    continue;
                }
                Optional<String> k =
                        KvNames.hashed(e.name())
                                ? Optional.of(KvNames.keyInContent(read(kvFolder + "/" + e.name())))
                                : KvNames.key(e.name());
                if (k.isPresent() && k.get().startsWith(prefix)) {
                    out.add(k.get());
                }
            }
            out.sort(null);
            return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
        } finally {
            r.unlock();
        }
    }

    @Override
    public long usedBytes() {
        return used;
    }

    @Override
    public long quotaBytes() {
        Long q = quota;
        return q == null ? defaultQuota : q;
    }

    @Override
    public Optional<byte[]> readFile(String path) throws StorageException {
        String rel = ScopeRules.filePath(path);
        if (rel.isEmpty()) {
            throw ScopeRules.invalid("the root is a folder");
        }
        Lock r = reading();
        try {
            Optional<FileIndex.Node> node = nodes.node(fileRoot + rel);
            if (node.isPresent() && node.get().folder()) {
                throw ScopeRules.invalid(ScopeRules.quote(path) + " is a folder");
            }
            return node.isEmpty() ? Optional.empty() : readIfFile(fileRoot + rel);
        } finally {
            r.unlock();
        }
    }

    @Override
    public Optional<byte[]> readFileRange(String path, long offset, int length)
            throws StorageException {
        if (offset < 0 || length < 0) {
            throw ScopeRules.invalid("a negative offset or length");
        }
        String full = fileRoot + existingFile(path);
        Lock r = reading();
        try {
            if (nodes.node(full).isEmpty()) {
                return Optional.empty();
            }
            long size = files.size(full, 0);
            if (length == 0 || offset >= size) {
                return Optional.of(new byte[0]);
            }
            ByteArrayOutputStream out =
                    new ByteArrayOutputStream((int) Math.min(length, size - offset));
            files.read(full, 0, offset, Math.min(size, offset + length) - 1, out);
            return Optional.of(out.toByteArray());
        } catch (StorageException e) {
            if (e.reason() == Reason.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        } finally {
            r.unlock();
        }
    }

    @Override
    public Optional<InputStream> openFile(String path) throws StorageException {
        String full = fileRoot + existingFile(path);
        Lock r = reading();
        try {
            if (nodes.node(full).isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(files.open(full, 0));
        } catch (StorageException e) {
            if (e.reason() == Reason.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        } finally {
            r.unlock();
        }
    }

    @Override
    public long writeFile(String path, InputStream content) throws StorageException {
        return write(path, content, -1);
    }

    /**
     * Writes a file from a stream of {@code knownSize} bytes (-1 when unknown): a known size is
     * checked against the quota before anything is stored, an unknown one as it arrives.
     */
    private long write(String path, InputStream content, long knownSize) throws StorageException {
        String rel = ScopeRules.filePath(path);
        if (rel.isEmpty()) {
            throw ScopeRules.invalid("the root is a folder");
        }
        if (content == null) {
            throw ScopeRules.invalid("no content for " + ScopeRules.quote(path));
        }
        Lock w = writing();
        try {
            checkParentsAreFolders(rel, path);
            Optional<FileIndex.Node> node = nodes.node(fileRoot + rel);
            if (node.isPresent() && node.get().folder()) {
                throw ScopeRules.invalid(ScopeRules.quote(path) + " is a folder");
            }
            long old =
                    node.isEmpty()
                            ? 0
                            : nodes.head(fileRoot + rel).map(FileIndex.Version::size).orElse(0L);
            if (knownSize >= 0) {
                checkQuota(old, knownSize, "file " + ScopeRules.quote(path));
            }
            // The stream stops the write the moment it would pass the quota: nothing of a
            // refused file is committed and the old content stays.
            QuotaStream limited = new QuotaStream(content, Math.max(0, quotaBytes() - used + old));
            try {
                files.write(fileRoot + rel, limited);
            } catch (StorageException e) {
                if (limited.exceeded()) {
                    checkQuota(old, limited.count(), "file " + ScopeRules.quote(path));
                }
                throw e;
            }
            used += limited.count() - old;
            return limited.count();
        } finally {
            w.unlock();
        }
    }

    /** The scope-relative path of a file: not the root, and not a folder. */
    private String existingFile(String path) throws StorageException {
        String rel = ScopeRules.filePath(path);
        if (rel.isEmpty()) {
            throw ScopeRules.invalid("the root is a folder");
        }
        Optional<FileIndex.Node> node = nodes.node(fileRoot + rel);
        if (node.isPresent() && node.get().folder()) {
            throw ScopeRules.invalid(ScopeRules.quote(path) + " is a folder");
        }
        return rel;
    }

    @Override
    public void writeFile(String path, byte[] data) throws StorageException {
        if (data == null) {
            throw ScopeRules.invalid("no content for " + ScopeRules.quote(path));
        }
        write(path, new ByteArrayInputStream(data), data.length);
    }

    @Override
    public boolean deleteFile(String path) throws StorageException {
        String rel = ScopeRules.filePath(path);
        if (rel.isEmpty()) {
            throw ScopeRules.invalid("the root folder cannot be deleted");
        }
        String full = fileRoot + rel;
        Lock w = writing();
        try {
            Optional<FileIndex.Node> node = nodes.node(full);
            if (node.isEmpty()) {
                return false;
            }
            if (node.get().folder()) {
                if (nodes.hasChildren(full)) {
                    throw ScopeRules.invalid(
                            "the folder " + ScopeRules.quote(path) + " is not empty");
                }
                return nodes.removeEmptyFolder(full);
            }
            long size = nodes.head(full).map(FileIndex.Version::size).orElse(0L);
            if (!nodes.removeFile(full)) {
                return false;
            }
            used -= size;
            return true;
        } finally {
            w.unlock();
        }
    }

    @Override
    public void createDirectory(String path) throws StorageException {
        String rel = ScopeRules.filePath(path);
        Lock w = writing();
        try {
            if (!rel.isEmpty()) {
                checkParentsAreFolders(rel, path);
                Optional<FileIndex.Node> node = nodes.node(fileRoot + rel);
                if (node.isPresent() && !node.get().folder()) {
                    throw ScopeRules.invalid(ScopeRules.quote(path) + " is a file");
                }
            }
            files.mkdirs(fileRoot + rel);
        } finally {
            w.unlock();
        }
    }

    @Override
    public Optional<FileStat> stat(String path) throws StorageException {
        String rel = ScopeRules.filePath(path);
        Lock r = reading();
        try {
            Optional<FileIndex.Node> node = nodes.node(fileRoot + rel);
            if (rel.isEmpty()) {
                // The root exists from the start, before its folder row is made by a first write.
                Instant made = node.map(FileIndex.Node::createdAt).orElse(createdAt);
                return Optional.of(new FileStat(true, 0, made));
            }
            if (node.isEmpty()) {
                return Optional.empty();
            }
            if (node.get().folder()) {
                return Optional.of(new FileStat(true, 0, node.get().createdAt()));
            }
            return nodes.head(fileRoot + rel)
                    .map(v -> new FileStat(false, v.size(), v.createdAt()));
        } finally {
            r.unlock();
        }
    }

    @Override
    public List<String> listFiles(String path) throws StorageException {
        String rel = ScopeRules.filePath(path);
        Lock r = reading();
        try {
            if (!rel.isEmpty()) {
                Optional<FileIndex.Node> node = nodes.node(fileRoot + rel);
                if (node.isEmpty()) {
                    throw new StorageException(
                            Reason.NOT_FOUND, "no folder " + ScopeRules.quote(path));
                }
                if (!node.get().folder()) {
                    throw ScopeRules.invalid(ScopeRules.quote(path) + " is a file");
                }
            }
            List<String> out = new ArrayList<>();
            for (PrivateFiles.Entry e : files.list(fileRoot + rel)) {
                out.add(e.folder() ? e.name() + "/" : e.name());
            }
            out.sort(null);
            return out;
        } finally {
            r.unlock();
        }
    }

    /** Refuses growth past the quota; shrinking is always allowed, even over a lowered quota. */
    private void checkQuota(long oldBytes, long newBytes, String what) throws StorageException {
        long growth = newBytes - oldBytes;
        long limit = quotaBytes();
        if (growth > 0 && used + growth > limit) {
            throw new StorageException(
                    Reason.QUOTA_EXCEEDED,
                    "scope "
                            + id
                            + " is out of space: "
                            + what
                            + " needs "
                            + growth
                            + " more bytes, but "
                            + used
                            + " of its "
                            + limit
                            + " bytes are used");
        }
    }

    /**
     * Refuses a path below a file: the private partition would otherwise record the file as a
     * folder's parent.
     */
    private void checkParentsAreFolders(String rel, String path) throws StorageException {
        for (String p = PathRules.parent(rel); !p.equals("/"); p = PathRules.parent(p)) {
            Optional<FileIndex.Node> node = nodes.node(fileRoot + p);
            if (node.isPresent() && !node.get().folder()) {
                throw ScopeRules.invalid(
                        ScopeRules.quote(path) + " is below " + p.substring(1) + ", a file");
            }
        }
    }

    private Optional<byte[]> readIfFile(String full) throws StorageException {
        try {
            return Optional.of(read(full));
        } catch (StorageException e) {
            if (e.reason() == Reason.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private byte[] read(String full) throws StorageException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        files.read(full, 0, out);
        return out.toByteArray();
    }

    private Lock reading() throws StorageException {
        return locked(lock.readLock());
    }

    private Lock writing() throws StorageException {
        return locked(lock.writeLock());
    }

    private Lock locked(Lock l) throws StorageException {
        l.lock();
        if (deleted) {
            l.unlock();
            throw new StorageException(Reason.NOT_FOUND, "the scope " + id + " was deleted");
        }
        return l;
    }

    @Override
    public String toString() {
        return "scope " + id;
    }
}
