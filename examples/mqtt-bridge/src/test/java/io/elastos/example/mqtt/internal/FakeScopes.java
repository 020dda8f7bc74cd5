// SPDX-License-Identifier: Apache-2.0
package io.elastos.example.mqtt.internal;

import io.elastos.api.storage.AppScope;
import io.elastos.api.storage.FileStat;
import io.elastos.api.storage.ScopeStore;
import io.elastos.api.storage.StorageException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** An in-memory stand-in for the node's scope store: key/value only, no files. */
final class FakeScopes implements ScopeStore {

    final Map<String, Scope> scopes = new ConcurrentHashMap<>();

    @Override
    public AppScope open(String scopeId) {
        return scopes.computeIfAbsent(scopeId, Scope::new);
    }

    @Override
    public void setQuota(String scopeId, long quotaBytes) {}

    @Override
    public List<String> scopes() {
        return scopes.keySet().stream().sorted().toList();
    }

    @Override
    public boolean delete(String scopeId) {
        return scopes.remove(scopeId) != null;
    }

    /** One scope's keys and values. */
    static final class Scope implements AppScope {
        final String id;
        final ConcurrentSkipListMap<String, byte[]> kv = new ConcurrentSkipListMap<>();

        Scope(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public Optional<byte[]> get(String key) throws StorageException {
            check(key);
            return Optional.ofNullable(kv.get(key)).map(byte[]::clone);
        }

        @Override
        public void put(String key, byte[] value) throws StorageException {
            check(key);
            kv.put(key, value.clone());
        }

        @Override
        public boolean delete(String key) throws StorageException {
            check(key);
            return kv.remove(key) != null;
        }

        @Override
        public List<String> keys(String prefix, int limit) {
            return kv.keySet().stream().filter(k -> k.startsWith(prefix)).limit(limit).toList();
        }

        private static void check(String key) throws StorageException {
            if (key.isEmpty()
                    || key.length() > MAX_KEY_LENGTH
                    || key.chars().anyMatch(Character::isISOControl)) {
                throw new StorageException(StorageException.Reason.INVALID_ARGUMENT, "bad key");
            }
        }

        @Override
        public long usedBytes() {
            return kv.entrySet().stream()
                    .mapToLong(e -> e.getKey().length() + e.getValue().length)
                    .sum();
        }

        @Override
        public long quotaBytes() {
            return Long.MAX_VALUE;
        }

        @Override
        public Optional<byte[]> readFile(String path) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<byte[]> readFileRange(String path, long offset, int length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<InputStream> openFile(String path) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long writeFile(String path, InputStream content) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void writeFile(String path, byte[] data) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean deleteFile(String path) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void createDirectory(String path) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<FileStat> stat(String path) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> listFiles(String path) {
            throw new UnsupportedOperationException();
        }
    }
}
