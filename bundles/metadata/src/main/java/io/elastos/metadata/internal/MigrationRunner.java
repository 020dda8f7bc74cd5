// SPDX-License-Identifier: Apache-2.0
package io.elastos.metadata.internal;

import io.elastos.api.metadata.MetadataException;
import io.elastos.api.metadata.Migration;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Brings a scope's schema up to date: each pending migration runs in its own transaction together
 * with its history row, so a crash leaves the scope at the last fully applied version.
 */
final class MigrationRunner {

    static final String HISTORY_TABLE = "SCHEMA_HISTORY";

    private final ConnectionSource connections;

    /** Opens connections for the runner; a SQL-throwing {@link Supplier}. */
    @FunctionalInterface
    interface ConnectionSource {
        Connection open() throws SQLException;
    }

    MigrationRunner(ConnectionSource connections) {
        this.connections = connections;
    }

    /** Creates the history table if this database has none yet. */
    void ensureHistoryTable() throws SQLException {
        try (Connection c = connections.open()) {
            if (tableExists(c, HISTORY_TABLE)) {
                return;
            }
            try (Statement s = c.createStatement()) {
                s.executeUpdate(
                        "CREATE TABLE "
                                + HISTORY_TABLE
                                + " (SCOPE VARCHAR(200) NOT NULL, VERSION INT NOT NULL,"
                                + " DESCRIPTION VARCHAR(500) NOT NULL, APPLIED_AT TIMESTAMP NOT NULL,"
                                + " PRIMARY KEY (SCOPE, VERSION))");
            } catch (SQLException e) {
                // Another activation may have created it in between: that is fine.
                if (!tableExists(c, HISTORY_TABLE)) {
                    throw e;
                }
            }
        }
    }

    synchronized int migrate(String scope, List<Migration> migrations) throws MetadataException {
        List<Migration> ordered = validate(scope, migrations);
        int current = schemaVersion(scope);
        int newest = ordered.isEmpty() ? 0 : ordered.get(ordered.size() - 1).version();
        if (current > newest) {
            throw new MetadataException(
                    "schema of '"
                            + scope
                            + "' is at version "
                            + current
                            + " but this code knows only up to "
                            + newest
                            + "; the data directory was used by a newer node version");
        }
        for (Migration m : ordered) {
            if (m.version() > current) {
                apply(scope, m);
                current = m.version();
            }
        }
        return current;
    }

    int schemaVersion(String scope) throws MetadataException {
        try (Connection c = connections.open();
                PreparedStatement q =
                        c.prepareStatement(
                                "SELECT MAX(VERSION) FROM " + HISTORY_TABLE + " WHERE SCOPE = ?")) {
            q.setString(1, scope);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? r.getInt(1) : 0;
            }
        } catch (SQLException e) {
            throw new MetadataException("cannot read schema version of '" + scope + "'", e);
        }
    }

    private void apply(String scope, Migration m) throws MetadataException {
        try (Connection c = connections.open()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement();
                    PreparedStatement record =
                            c.prepareStatement(
                                    "INSERT INTO "
                                            + HISTORY_TABLE
                                            + " (SCOPE, VERSION, DESCRIPTION, APPLIED_AT)"
                                            + " VALUES (?, ?, ?, ?)")) {
                for (String sql : m.statements()) {
                    s.execute(sql);
                }
                record.setString(1, scope);
                record.setInt(2, m.version());
                record.setString(3, truncate(m.description(), 500));
                record.setTimestamp(4, Timestamp.from(Instant.now()));
                record.executeUpdate();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw new MetadataException(
                        "migration "
                                + m.version()
                                + " ("
                                + m.description()
                                + ") of '"
                                + scope
                                + "' failed and was rolled back: "
                                + e.getMessage(),
                        e);
            }
        } catch (SQLException e) {
            throw new MetadataException("cannot open the metadata database to migrate", e);
        }
    }

    private static List<Migration> validate(String scope, List<Migration> migrations)
            throws MetadataException {
        if (scope == null || scope.isBlank() || scope.length() > 200) {
            throw new MetadataException("scope must be 1-200 characters: " + scope);
        }
        List<Migration> ordered = new ArrayList<>(migrations);
        ordered.sort(Comparator.comparingInt(Migration::version));
        Set<Integer> seen = new HashSet<>();
        for (Migration m : ordered) {
            if (!seen.add(m.version())) {
                throw new MetadataException(
                        "scope '" + scope + "' has two migrations with version " + m.version());
            }
        }
        return ordered;
    }

    static boolean tableExists(Connection c, String table) throws SQLException {
        try (ResultSet r = c.getMetaData().getTables(null, null, table, new String[] {"TABLE"})) {
            return r.next();
        }
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
