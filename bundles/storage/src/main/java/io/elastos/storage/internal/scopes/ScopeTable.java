// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.scopes;

import io.elastos.api.metadata.MetadataException;
import io.elastos.api.metadata.MetadataStore;
import io.elastos.api.metadata.Migration;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The scopes that exist, with their quota, in Derby. A scope's data lives in the private partition;
 * this table only says which scopes exist (so an empty scope survives a restart) and which have a
 * quota of their own. Scope ids are app ids and bundle names, already listed in clear by SuperEXE.
 */
final class ScopeTable {

    /** The migration scope, apart from the private partition's own. */
    static final String SCOPE = "io.elastos.storage.scopes";

    static final List<Migration> MIGRATIONS =
            List.of(
                    new Migration(
                            1,
                            "app scopes: ids and quotas",
                            List.of(
                                    // QUOTA is NULL while the scope follows the configured default.
                                    "CREATE TABLE SC_SCOPE (ID VARCHAR(255) NOT NULL PRIMARY KEY,"
                                            + " QUOTA BIGINT, CREATED_AT TIMESTAMP NOT NULL)")));

    /**
     * One scope's row.
     *
     * @param id the scope id
     * @param quota its own quota in bytes, or {@code null} for the default
     * @param createdAt when it was created
     */
    record Row(String id, Long quota, Instant createdAt) {}

    private final MetadataStore db;

    ScopeTable(MetadataStore db) throws MetadataException {
        this.db = db;
        db.migrate(SCOPE, MIGRATIONS);
    }

    Optional<Row> find(String id) throws SQLException {
        try (Connection c = db.connection();
                PreparedStatement q =
                        c.prepareStatement("SELECT QUOTA, CREATED_AT FROM SC_SCOPE WHERE ID = ?")) {
            q.setString(1, id);
            try (ResultSet r = q.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                long quota = r.getLong(1);
                return Optional.of(
                        new Row(id, r.wasNull() ? null : quota, r.getTimestamp(2).toInstant()));
            }
        }
    }

    /** The row of a scope, inserting it (with the default quota) if it is new. */
    Row ensure(String id, Instant now) throws SQLException {
        Optional<Row> row = find(id);
        if (row.isPresent()) {
            return row.get();
        }
        try (Connection c = db.connection();
                PreparedStatement s =
                        c.prepareStatement("INSERT INTO SC_SCOPE VALUES (?, NULL, ?)")) {
            s.setString(1, id);
            s.setTimestamp(2, Timestamp.from(now));
            s.executeUpdate();
        }
        return new Row(id, null, now);
    }

    /** Sets a scope's quota; false if there is no such scope. */
    boolean setQuota(String id, long quota) throws SQLException {
        try (Connection c = db.connection();
                PreparedStatement s =
                        c.prepareStatement("UPDATE SC_SCOPE SET QUOTA = ? WHERE ID = ?")) {
            s.setLong(1, quota);
            s.setString(2, id);
            return s.executeUpdate() == 1;
        }
    }

    /** The scope ids, sorted. */
    List<String> ids() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connection();
                PreparedStatement q = c.prepareStatement("SELECT ID FROM SC_SCOPE ORDER BY ID");
                ResultSet r = q.executeQuery()) {
            while (r.next()) {
                out.add(r.getString(1));
            }
        }
        return out;
    }

    /** Deletes a scope's row; false if there was none. */
    boolean delete(String id) throws SQLException {
        try (Connection c = db.connection();
                PreparedStatement s = c.prepareStatement("DELETE FROM SC_SCOPE WHERE ID = ?")) {
            s.setString(1, id);
            return s.executeUpdate() == 1;
        }
    }
}
