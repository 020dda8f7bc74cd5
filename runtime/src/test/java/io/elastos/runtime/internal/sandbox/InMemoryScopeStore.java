// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.sandbox;

import io.elastos.api.storage.AppScope;
import io.elastos.api.storage.FileStat;
import io.elastos.api.storage.ScopeStore;
import io.elastos.api.storage.StorageException;
import io.elastos.api.storage.StorageException.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A ScopeStore kept in memory, standing in for the storage bundle until it exists; it follows the
 * API's path and quota rules and can be made slow to test deadlines.
 */
public final class InMemoryScopeStore implements ScopeStore {

    final Map<String, Scope> scopes = new ConcurrentHashMap<>();
    volatile Duration delay = Duration.ZERO;

    @Override
    public AppScope open(String scopeId) {
        return scopes.computeIfAbsent(scopeId, Scope::new);
    }

    @Override
    public void setQuota(String scopeId, long quotaBytes) {
        ((Scope) open(scopeId)).quota = quotaBytes;
    }

    @Override
    public List<String> scopes() {
        return new ArrayList<>(scopes.keySet());
    }

    @Override
    public boolean delete(String scopeId) {
        return scopes.remove(scopeId) != null;
    }

    final class Scope implements AppScope {
        final String id;
        final TreeMap<String, byte[]> kv = new TreeMap<>();
        final TreeMap<String, byte[]> files = new TreeMap<>();
        final TreeSet<String> dirs = new TreeSet<>(List.of(""));
        long quota = 16 << 20;

        Scope(String id) {
            this.id = id;
        }

        private void pause() throws StorageException {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StorageException(Reason.IO, "interrupted");
            }
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public synchronized Optional<byte[]> get(String key) throws StorageException {
            pause();
            return Optional.ofNullable(kv.get(key)).map(byte[]::clone);
        }

        @Override
        public synchronized void put(String key, byte[] value) throws StorageException {
            pause();
            if (usedBytes() + value.length > quota) {
                throw new StorageException(Reason.QUOTA_EXCEEDED, "quota");
            }
            kv.put(key, value.clone());
        }

        @Override
        public synchronized boolean delete(String key) {
            return kv.remove(key) != null;
        }

        @Override
        public synchronized List<String> keys(String prefix, int limit) {
            return kv.keySet().stream().filter(k -> k.startsWith(prefix)).limit(limit).toList();
        }

        @Override
        public synchronized long usedBytes() {
            long n = 0;
            for (byte[] v : kv.values()) {
                n += v.length;
            }
            for (byte[] v : files.values()) {
                n += v.length;
            }
            return n;
        }

        @Override
        public long quotaBytes() {
            return quota;
        }

        private String check(String path) throws StorageException {
            if (path.startsWith("/") || path.endsWith("/") && !path.isEmpty()) {
                throw new StorageException(Reason.INVALID_ARGUMENT, "bad path " + path);
            }
            for (String p : path.split("/")) {
                if (!path.isEmpty() && (p.isEmpty() || p.equals(".") || p.equals(".."))) {
                    throw new StorageException(Reason.INVALID_ARGUMENT, "bad path " + path);
                }
            }
            return path;
        }

        private static String parent(String path) {
            int slash = path.lastIndexOf('/');
            return slash < 0 ? "" : path.substring(0, slash);
        }

        @Override
        public synchronized Optional<byte[]> readFile(String path) throws StorageException {
            pause();
            return Optional.ofNullable(files.get(check(path))).map(byte[]::clone);
        }

        @Override
        public synchronized Optional<byte[]> readFileRange(String path, long offset, int length)
                throws StorageException {
            byte[] all = files.get(check(path));
            if (all == null) {
                return Optional.empty();
            }
            int from = (int) Math.min(offset, all.length);
            return Optional.of(
                    Arrays.copyOfRange(
                            all, from, (int) Math.min(all.length, from + (long) length)));
        }

        @Override
        public synchronized Optional<InputStream> openFile(String path) throws StorageException {
            return readFile(path).map(ByteArrayInputStream::new);
        }

        @Override
        public long writeFile(String path, InputStream content) throws StorageException {
            byte[] data;
            try {
                data = content.readAllBytes();
            } catch (IOException e) {
                throw new StorageException(Reason.IO, e.getMessage());
            }
            writeFile(path, data);
            return data.length;
        }

        @Override
        public synchronized void writeFile(String path, byte[] data) throws StorageException {
            check(path);
            if (dirs.contains(path)) {
                throw new StorageException(Reason.INVALID_ARGUMENT, "is a folder");
            }
            createDirectory(parent(path));
            files.put(path, data.clone());
        }

        @Override
        public synchronized boolean deleteFile(String path) throws StorageException {
            check(path);
            if (files.remove(path) != null) {
                return true;
            }
            return !path.isEmpty() && dirs.remove(path);
        }

        @Override
        public synchronized void createDirectory(String path) throws StorageException {
            check(path);
            if (files.containsKey(path)) {
                throw new StorageException(Reason.INVALID_ARGUMENT, "is a file");
            }
            String p = path;
            while (!p.isEmpty()) {
                dirs.add(p);
                p = parent(p);
            }
        }

        @Override
        public synchronized Optional<FileStat> stat(String path) throws StorageException {
            check(path);
            if (dirs.contains(path)) {
                return Optional.of(new FileStat(true, 0, Instant.EPOCH));
            }
            byte[] f = files.get(path);
            return f == null
                    ? Optional.empty()
                    : Optional.of(new FileStat(false, f.length, Instant.EPOCH));
        }

        @Override
        public synchronized List<String> listFiles(String path) throws StorageException {
            check(path);
            if (!dirs.contains(path)) {
                throw new StorageException(Reason.NOT_FOUND, "no folder " + path);
            }
            String prefix = path.isEmpty() ? "" : path + "/";
            TreeSet<String> names = new TreeSet<>();
            for (String d : dirs) {
                if (!d.isEmpty() && parent(d).equals(path)) {
                    names.add(d.substring(prefix.length()) + "/");
                }
            }
            for (String f : files.keySet()) {
                if (parent(f).equals(path)) {
                    names.add(f.substring(prefix.length()));
                }
            }
            return new ArrayList<>(names);
        }
    }
}
