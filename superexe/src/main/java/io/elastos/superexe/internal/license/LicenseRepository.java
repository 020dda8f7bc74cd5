// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.license;

import io.elastos.api.chain.LicenseStandard;
import io.elastos.api.chain.LicenseTerms;
import io.elastos.api.metadata.MetadataException;
import io.elastos.api.metadata.MetadataStore;
import io.elastos.api.metadata.Migration;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** License records and stored receipts in Derby, one row per app; each write is one statement. */
public final class LicenseRepository {

    static final String SCOPE = "io.elastos.superexe.license";

    static final List<Migration> MIGRATIONS =
            List.of(
                    new Migration(
                            1,
                            "license records and receipts",
                            List.of(
                                    "CREATE TABLE SX_LICENSE (APP_ID VARCHAR(128) NOT NULL PRIMARY KEY,"
                                            + " CHAIN_ID BIGINT NOT NULL, CONTRACT CHAR(42) NOT NULL,"
                                            + " STANDARD VARCHAR(16) NOT NULL, TOKEN_ID VARCHAR(80),"
                                            + " ISSUER CHAR(42), OWNER_WHILE_RENTED SMALLINT NOT NULL,"
                                            + " VALID SMALLINT NOT NULL, REASON VARCHAR(1000) NOT NULL,"
                                            + " HOLDER CHAR(42), EXPIRES_AT TIMESTAMP,"
                                            + " CHECKED_AT TIMESTAMP, PROBLEM_SINCE TIMESTAMP,"
                                            + " UNREACHABLE SMALLINT NOT NULL, SUSPENDED SMALLINT NOT NULL,"
                                            + " ROYALTY VARCHAR(200))",
                                    "CREATE TABLE SX_RECEIPT (APP_ID VARCHAR(128) NOT NULL PRIMARY KEY,"
                                            + " RECEIPT VARCHAR(4000) NOT NULL, ADDED_AT TIMESTAMP NOT NULL)")));

    private final MetadataStore db;

    public LicenseRepository(MetadataStore db) throws MetadataException {
        this.db = db;
        db.migrate(SCOPE, MIGRATIONS);
    }

    /** Inserts or replaces an app's record. */
    public void save(LicenseRecord r) throws SQLException {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement d =
                        c.prepareStatement("DELETE FROM SX_LICENSE WHERE APP_ID = ?")) {
                    d.setString(1, r.appId());
                    d.executeUpdate();
                }
                try (PreparedStatement i =
                        c.prepareStatement(
                                "INSERT INTO SX_LICENSE VALUES"
                                        + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    LicenseTerms t = r.terms();
                    i.setString(1, r.appId());
                    i.setLong(2, t.chainId());
                    i.setString(3, t.contract());
                    i.setString(4, t.standard().name());
                    i.setString(5, t.tokenId() == null ? null : t.tokenId().toString());
                    i.setString(6, t.issuer());
                    i.setInt(7, t.ownerMayRunWhileRented() ? 1 : 0);
                    i.setInt(8, r.valid() ? 1 : 0);
                    i.setString(9, clip(r.reason(), 1000));
                    i.setString(10, r.holder());
                    time(i, 11, r.expiresAt());
                    time(i, 12, r.checkedAt());
                    time(i, 13, r.problemSince());
                    i.setInt(14, r.unreachable() ? 1 : 0);
                    i.setInt(15, r.suspended() ? 1 : 0);
                    i.setString(16, r.royalty() == null ? null : clip(r.royalty(), 200));
                    i.executeUpdate();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    public Optional<LicenseRecord> find(String appId) throws SQLException {
        try (Connection c = db.connection();
                PreparedStatement q =
                        c.prepareStatement("SELECT * FROM SX_LICENSE WHERE APP_ID = ?")) {
            q.setString(1, appId);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? Optional.of(row(r)) : Optional.empty();
            }
        }
    }

    public List<LicenseRecord> all() throws SQLException {
        List<LicenseRecord> out = new ArrayList<>();
        try (Connection c = db.connection();
                PreparedStatement q =
                        c.prepareStatement("SELECT * FROM SX_LICENSE ORDER BY APP_ID");
                ResultSet r = q.executeQuery()) {
            while (r.next()) {
                out.add(row(r));
            }
        }
        return out;
    }

    public void delete(String appId) throws SQLException {
        update("DELETE FROM SX_LICENSE WHERE APP_ID = ?", appId);
    }

    /** Stores the receipt text for an app, replacing any earlier one. */
    public void saveReceipt(String appId, String json) throws SQLException {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement d =
                        c.prepareStatement("DELETE FROM SX_RECEIPT WHERE APP_ID = ?")) {
                    d.setString(1, appId);
                    d.executeUpdate();
                }
                try (PreparedStatement i =
                        c.prepareStatement("INSERT INTO SX_RECEIPT VALUES (?, ?, ?)")) {
                    i.setString(1, appId);
                    i.setString(2, json);
                    i.setTimestamp(3, Timestamp.from(Instant.now()));
                    i.executeUpdate();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    public Optional<String> receipt(String appId) throws SQLException {
        try (Connection c = db.connection();
                PreparedStatement q =
                        c.prepareStatement("SELECT RECEIPT FROM SX_RECEIPT WHERE APP_ID = ?")) {
            q.setString(1, appId);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
            }
        }
    }

    public void deleteReceipt(String appId) throws SQLException {
        update("DELETE FROM SX_RECEIPT WHERE APP_ID = ?", appId);
    }

    private void update(String sql, String appId) throws SQLException {
        try (Connection c = db.connection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, appId);
            s.executeUpdate();
        }
    }

    private static LicenseRecord row(ResultSet r) throws SQLException {
        String token = r.getString("TOKEN_ID");
        LicenseTerms terms =
                new LicenseTerms(
                        r.getLong("CHAIN_ID"),
                        r.getString("CONTRACT"),
                        LicenseStandard.valueOf(r.getString("STANDARD")),
                        token == null ? null : new BigInteger(token),
                        r.getString("ISSUER"),
                        r.getInt("OWNER_WHILE_RENTED") == 1);
        return new LicenseRecord(
                r.getString("APP_ID"),
                terms,
                r.getInt("VALID") == 1,
                r.getString("REASON"),
                r.getString("HOLDER"),
                instant(r.getTimestamp("EXPIRES_AT")),
                instant(r.getTimestamp("CHECKED_AT")),
                instant(r.getTimestamp("PROBLEM_SINCE")),
                r.getInt("UNREACHABLE") == 1,
                r.getInt("SUSPENDED") == 1,
                r.getString("ROYALTY"));
    }

    private static void time(PreparedStatement s, int i, Instant t) throws SQLException {
        if (t == null) {
            s.setNull(i, Types.TIMESTAMP);
        } else {
            s.setTimestamp(i, Timestamp.from(t));
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
