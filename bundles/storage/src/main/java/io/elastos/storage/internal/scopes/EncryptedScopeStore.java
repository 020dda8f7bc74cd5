// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.scopes;

import io.elastos.api.metadata.MetadataException;
import io.elastos.api.metadata.MetadataStore;
import io.elastos.api.storage.AppScope;
import io.elastos.api.storage.ScopeStore;
import io.elastos.api.storage.StorageException;
import io.elastos.api.storage.StorageException.Reason;
import io.elastos.storage.internal.blocks.BlockFiles;
import io.elastos.storage.internal.files.FileIndex;
import io.elastos.storage.internal.files.PrivateFiles;
import io.elastos.storage.internal.vault.VaultKey;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The app scopes, encrypted at rest in the private partition (see {@link EncryptedScope}).
 *
 * <p>The store keeps its own {@link PrivateFiles} over the shared index, blocks and vault key,
 * keeping one version per entry: a scope's quota counts only head versions, so older versions must
 * not pile up outside it. The folder {@value EncryptedScope#APPS} is reserved for the scopes; other
 * users of the private partition must neither show nor change it.
 *
 * <p>Thread-safe: opening, deleting and re-quotaing scopes are serialized; operations inside a
 * scope take that scope's lock.
 */
public final class EncryptedScopeStore implements ScopeStore, AutoCloseable {

    /**
     * The private folder holding every scope. The private partition's other users (the file API)
     * must hide it and refuse changes in it: a change behind the scopes' back would put their usage
     * count out of step with the data until the next restart.
     */
    public static final String RESERVED_FOLDER = EncryptedScope.APPS;

    private final ScopeTable table;
    private final PrivateFiles files;
    private final PartitionNodes nodes;
    private final long defaultQuota;
    private final Clock clock;
    private final Map<String, EncryptedScope> open = new ConcurrentHashMap<>();
    // Serializes the life of scopes (open, quota, delete), never the operations inside them.
    private final Object lifecycle = new Object();

    /**
     * Opens the store over the private partition's parts.
     *
     * @param db the metadata database, for the scope table
     * @param index the private partition's index
     * @param blocks the private partition's blocks
     * @param vault the unlocked vault key
     * @param defaultQuota the quota in bytes of a scope without one of its own
     * @param clock the clock for creation times
     * @throws StorageException with {@link Reason#IO} if the scope table cannot be migrated or the
     *     scopes' folder cannot be made, or {@link Reason#LOCKED} if the vault key is closed
     */
    public EncryptedScopeStore(
            MetadataStore db,
            FileIndex index,
            BlockFiles blocks,
            VaultKey vault,
            long defaultQuota,
            Clock clock)
            throws StorageException {
        if (defaultQuota < 0) {
            throw new IllegalArgumentException("negative default quota: " + defaultQuota);
        }
        try {
            this.table = new ScopeTable(db);
        } catch (MetadataException e) {
            throw new StorageException(
                    Reason.IO, "cannot prepare the scope table: " + e.getMessage(), e);
        }
        this.defaultQuota = defaultQuota;
        this.clock = clock;
        this.files = new PrivateFiles(index, blocks, vault, 1, clock);
        try {
            this.nodes = new PartitionNodes(db, index, files, vault);
            // Made here once: PrivateFiles.mkdirs is not serialized across scopes.
            files.mkdirs(EncryptedScope.APPS);
        } catch (StorageException | RuntimeException e) {
            files.close();
            throw e;
        }
    }

    @Override
    public AppScope open(String scopeId) throws StorageException {
        String id = ScopeRules.scopeId(scopeId);
        EncryptedScope scope = open.get(id);
        if (scope != null) {
            return scope;
        }
        synchronized (lifecycle) {
            scope = open.get(id);
            if (scope == null) {
                try {
                    scope =
                            new EncryptedScope(
                                    table.ensure(id, clock.instant()), files, nodes, defaultQuota);
                } catch (SQLException e) {
                    throw io("cannot create the scope " + id, e);
                }
                scope.countUsage();
                open.put(id, scope);
            }
            return scope;
        }
    }

    @Override
    public void setQuota(String scopeId, long quotaBytes) throws StorageException {
        String id = ScopeRules.scopeId(scopeId);
        if (quotaBytes < 0) {
            throw ScopeRules.invalid("negative quota for scope " + id + ": " + quotaBytes);
        }
        synchronized (lifecycle) {
            try {
                if (!table.setQuota(id, quotaBytes)) {
                    throw new StorageException(Reason.NOT_FOUND, "no scope " + id);
                }
            } catch (SQLException e) {
                throw io("cannot set the quota of scope " + id, e);
            }
            EncryptedScope scope = open.get(id);
            if (scope != null) {
                scope.setQuota(quotaBytes);
            }
        }
    }

    @Override
    public List<String> scopes() throws StorageException {
        try {
            return table.ids();
        } catch (SQLException e) {
            throw io("cannot list the scopes", e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>The scope's files are trashed and purged at once, so nothing of it can be restored; their
     * blocks go with the next garbage collection. An id that is not valid names no scope, so it
     * gives {@code false}.
     */
    @Override
    public boolean delete(String scopeId) throws StorageException {
        String id;
        try {
            id = ScopeRules.scopeId(scopeId);
        } catch (StorageException e) {
            return false;
        }
        synchronized (lifecycle) {
            Optional<ScopeTable.Row> row;
            try {
                row = table.find(id);
            } catch (SQLException e) {
                throw io("cannot look up the scope " + id, e);
            }
            EncryptedScope scope = open.remove(id);
            if (scope != null) {
                scope.destroy();
            } else {
                // Also clears what a delete interrupted by a crash left behind.
                nodes.removeTree(EncryptedScope.base(id));
            }
            // The row goes last: if removing the data fails, the scope still exists and a retried
            // delete finishes the job.
            try {
                table.delete(id);
            } catch (SQLException e) {
                throw io("cannot delete the scope " + id, e);
            }
            return row.isPresent();
        }
    }

    /** Closes the store's own handles; the index, blocks and vault key stay with their owner. */
    @Override
    public void close() {
        nodes.close();
        files.close();
    }

    private static StorageException io(String what, SQLException e) {
        return new StorageException(Reason.IO, what + ": " + e.getMessage(), e);
    }
}
