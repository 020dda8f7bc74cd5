// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.install;

import io.elastos.api.apps.AppState;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The installed apps in Derby: each app's head (the one mutable pointer), its stored versions, its
 * grants, and the owner's trusted and revoked publishers. Every change is one transaction.
 */
final class AppRepository {

    static final String SCOPE = "io.elastos.superexe";

    static final List<Migration> MIGRATIONS =
            List.of(
                    new Migration(
                            1,
                            "apps, versions, grants, trust",
                            List.of(
                                    "CREATE TABLE SX_APP (ID VARCHAR(128) NOT NULL PRIMARY KEY,"
                                            + " NAME VARCHAR(200) NOT NULL, HEAD VARCHAR(128) NOT NULL,"
                                            + " PREVIOUS VARCHAR(128), STATE VARCHAR(16) NOT NULL,"
                                            + " INSTALLED_AT TIMESTAMP NOT NULL, UPDATED_AT TIMESTAMP NOT NULL)",
                                    "CREATE TABLE SX_VERSION (APP_ID VARCHAR(128) NOT NULL,"
                                            + " VERSION VARCHAR(128) NOT NULL, SHA256 CHAR(64) NOT NULL,"
                                            + " PUBLISHER VARCHAR(512) NOT NULL, INSTALLED_AT TIMESTAMP NOT NULL,"
                                            + " PRIMARY KEY (APP_ID, VERSION))",
                                    "CREATE TABLE SX_GRANT (APP_ID VARCHAR(128) NOT NULL,"
                                            + " CAPABILITY VARCHAR(256) NOT NULL, GRANTED_AT TIMESTAMP NOT NULL,"
                                            + " PRIMARY KEY (APP_ID, CAPABILITY))",
                                    "CREATE TABLE SX_TRUSTED (DID VARCHAR(512) NOT NULL PRIMARY KEY,"
                                            + " LABEL VARCHAR(200), ADDED_AT TIMESTAMP NOT NULL)",
                                    "CREATE TABLE SX_REVOKED (SUBJECT VARCHAR(512) NOT NULL PRIMARY KEY,"
                                            + " REASON VARCHAR(500), REVOKED_AT TIMESTAMP NOT NULL)")),
                    new Migration(
                            2,
                            "trusted marketplaces",
                            List.of(
                                    "CREATE TABLE SX_MARKETPLACE (DID VARCHAR(512) NOT NULL PRIMARY KEY,"
                                            + " LABEL VARCHAR(200), ADDED_AT TIMESTAMP NOT NULL)")));

    /** One installed app. */
    record AppRow(
            String id,
            String name,
            String head,
            String previous,
            AppState state,
            Instant installedAt) {}

    /** One stored version of an app. */
    record VersionRow(String appId, String version, String sha256, String publisher) {}

    private final MetadataStore db;

    AppRepository(MetadataStore db) throws MetadataException {
        this.db = db;
        db.migrate(SCOPE, MIGRATIONS);
    }

    Optional<AppRow> app(String id) throws SQLException {
        try (Connection c = db.connection();
                PreparedStatement q = c.prepareStatement("SELECT * FROM SX_APP WHERE ID = ?")) {
            q.setString(1, id);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? Optional.of(appRow(r)) : Optional.empty();
            }
        }
    }

    List<AppRow> apps() throws SQLException {
        List<AppRow> list = new ArrayList<>();
        try (Connection c = db.connection();
                PreparedStatement q = c.prepareStatement("SELECT * FROM SX_APP ORDER BY ID");
                ResultSet r = q.executeQuery()) {
            while (r.next()) {
                list.add(appRow(r));
            }
        }
        return list;
    }

    Optional<VersionRow> version(String appId, String version) throws SQLException {
        try (Connection c = db.connection();
                PreparedStatement q =
                        c.prepareStatement(
                                "SELECT * FROM SX_VERSION WHERE APP_ID = ? AND VERSION = ?")) {
            q.setString(1, appId);
            q.setString(2, version);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? Optional.of(versionRow(r)) : Optional.empty();
            }
        }
    }

    List<VersionRow> versions(String appId) throws SQLException {
        List<VersionRow> list = new ArrayList<>();
        try (Connection c = db.connection();
                PreparedStatement q =
                        c.prepareStatement(
                                "SELECT * FROM SX_VERSION WHERE APP_ID = ? ORDER BY INSTALLED_AT")) {
            q.setString(1, appId);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    list.add(versionRow(r));
                }
            }
        }
        return list;
    }

    Set<String> grants(String appId) throws SQLException {
        Set<String> set = new LinkedHashSet<>();
        try (Connection c = db.connection();
                PreparedStatement q =
                        c.prepareStatement(
                                "SELECT CAPABILITY FROM SX_GRANT WHERE APP_ID = ? ORDER BY CAPABILITY")) {
            q.setString(1, appId);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    set.add(r.getString(1));
                }
            }
        }
        return set;
    }

    Set<String> referencedPackages() throws SQLException {
        Set<String> set = new LinkedHashSet<>();
        try (Connection c = db.connection();
                PreparedStatement q = c.prepareStatement("SELECT SHA256 FROM SX_VERSION");
                ResultSet r = q.executeQuery()) {
            while (r.next()) {
                set.add(r.getString(1).trim());
            }
        }
        return set;
    }

    /** Records a new version and makes it the head, with its grants, in one transaction. */
    void commitVersion(VersionRow v, String name, String previous, Set<String> grants)
            throws SQLException {
        Timestamp now = Timestamp.from(Instant.now());
        inTransaction(c -> {
            if (version(c, v.appId(), v.version()).isEmpty()) {
                try (PreparedStatement ins =
                        c.prepareStatement("INSERT INTO SX_VERSION VALUES (?, ?, ?, ?, ?)")) {
                    ins.setString(1, v.appId());
                    ins.setString(2, v.version());
                    ins.setString(3, v.sha256());
                    ins.setString(4, v.publisher());
                    ins.setTimestamp(5, now);
                    ins.executeUpdate();
                }
            }
            try (PreparedStatement up =
                    c.prepareStatement(
                            "UPDATE SX_APP SET NAME = ?, HEAD = ?, PREVIOUS = ?, UPDATED_AT = ?"
                                    + " WHERE ID = ?")) {
                up.setString(1, name);
                up.setString(2, v.version());
                up.setString(3, previous);
                up.setTimestamp(4, now);
                up.setString(5, v.appId());
                if (up.executeUpdate() == 0) {
                    try (PreparedStatement ins =
                            c.prepareStatement("INSERT INTO SX_APP VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                        ins.setString(1, v.appId());
                        ins.setString(2, name);
                        ins.setString(3, v.version());
                        ins.setString(4, previous);
                        ins.setString(5, AppState.RUNNING.name());
                        ins.setTimestamp(6, now);
                        ins.setTimestamp(7, now);
                        ins.executeUpdate();
                    }
                }
            }
            replaceGrants(c, v.appId(), grants, now);
        });
    }

    void setHead(String appId, String head, String previous) throws SQLException {
        update(
                "UPDATE SX_APP SET HEAD = ?, PREVIOUS = ?, UPDATED_AT = ? WHERE ID = ?",
                head,
                previous,
                now(),
                appId);
    }

    void setState(String appId, AppState state) throws SQLException {
        update(
                "UPDATE SX_APP SET STATE = ?, UPDATED_AT = ? WHERE ID = ?",
                state.name(),
                now(),
                appId);
    }

    void setGrants(String appId, Set<String> grants) throws SQLException {
        inTransaction(c -> replaceGrants(c, appId, grants, Timestamp.from(Instant.now())));
    }

    void remove(String appId) throws SQLException {
        inTransaction(c -> {
            for (String table : List.of("SX_GRANT", "SX_VERSION")) {
                try (PreparedStatement d =
                        c.prepareStatement("DELETE FROM " + table + " WHERE APP_ID = ?")) {
                    d.setString(1, appId);
                    d.executeUpdate();
                }
            }
            try (PreparedStatement d = c.prepareStatement("DELETE FROM SX_APP WHERE ID = ?")) {
                d.setString(1, appId);
                d.executeUpdate();
            }
        });
    }

    boolean isTrusted(String did) throws SQLException {
        return exists("SELECT 1 FROM SX_TRUSTED WHERE DID = ?", did);
    }

    void trust(String did, String label) throws SQLException {
        if (!isTrusted(did)) {
            update("INSERT INTO SX_TRUSTED VALUES (?, ?, ?)", did, label, now());
        }
    }

    boolean isTrustedMarketplace(String did) throws SQLException {
        return exists("SELECT 1 FROM SX_MARKETPLACE WHERE DID = ?", did);
    }

    void trustMarketplace(String did, String label) throws SQLException {
        if (!isTrustedMarketplace(did)) {
            update("INSERT INTO SX_MARKETPLACE VALUES (?, ?, ?)", did, label, now());
        }
    }

    void untrust(String did) throws SQLException {
        update("DELETE FROM SX_TRUSTED WHERE DID = ?", did);
    }

    /** The reason a DID or package hash was revoked, if it was. */
    Optional<String> revocation(String subject) throws SQLException {
        try (Connection c = db.connection();
                PreparedStatement q =
                        c.prepareStatement("SELECT REASON FROM SX_REVOKED WHERE SUBJECT = ?")) {
            q.setString(1, subject);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? Optional.of(String.valueOf(r.getString(1))) : Optional.empty();
            }
        }
    }

    void revoke(String subject, String reason) throws SQLException {
        if (revocation(subject).isEmpty()) {
            update("INSERT INTO SX_REVOKED VALUES (?, ?, ?)", subject, reason, now());
        }
    }

    private static void replaceGrants(Connection c, String appId, Set<String> grants, Timestamp now)
            throws SQLException {
        try (PreparedStatement d = c.prepareStatement("DELETE FROM SX_GRANT WHERE APP_ID = ?")) {
            d.setString(1, appId);
            d.executeUpdate();
        }
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO SX_GRANT VALUES (?, ?, ?)")) {
            for (String g : grants) {
                ins.setString(1, appId);
                ins.setString(2, g);
                ins.setTimestamp(3, now);
                ins.addBatch();
            }
            ins.executeBatch();
        }
    }

    private Optional<VersionRow> version(Connection c, String appId, String version)
            throws SQLException {
        try (PreparedStatement q =
                c.prepareStatement("SELECT * FROM SX_VERSION WHERE APP_ID = ? AND VERSION = ?")) {
            q.setString(1, appId);
            q.setString(2, version);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? Optional.of(versionRow(r)) : Optional.empty();
            }
        }
    }

    /** A unit of work on one connection. */
    interface Work {
        void run(Connection c) throws SQLException;
    }

    private void inTransaction(Work work) throws SQLException {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                work.run(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Runs one statement; {@link Timestamp} parameters are bound as times, the rest as text. */
    private void update(String sql, Object... params) throws SQLException {
        try (Connection c = db.connection();
                PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                if (params[i] instanceof Timestamp t) {
                    s.setTimestamp(i + 1, t);
                } else if (params[i] == null) {
                    s.setNull(i + 1, java.sql.Types.VARCHAR);
                } else {
                    s.setString(i + 1, params[i].toString());
                }
            }
            s.executeUpdate();
        }
    }

    private static Timestamp now() {
        return Timestamp.from(Instant.now());
    }

    private boolean exists(String sql, String param) throws SQLException {
        try (Connection c = db.connection();
                PreparedStatement q = c.prepareStatement(sql)) {
            q.setString(1, param);
            try (ResultSet r = q.executeQuery()) {
                return r.next();
            }
        }
    }

    private static AppRow appRow(ResultSet r) throws SQLException {
        return new AppRow(
                r.getString("ID"),
                r.getString("NAME"),
                r.getString("HEAD"),
                r.getString("PREVIOUS"),
                AppState.valueOf(r.getString("STATE")),
                r.getTimestamp("INSTALLED_AT").toInstant());
    }

    private static VersionRow versionRow(ResultSet r) throws SQLException {
        return new VersionRow(
                r.getString("APP_ID"),
                r.getString("VERSION"),
                r.getString("SHA256").trim(),
                r.getString("PUBLISHER"));
    }
}
