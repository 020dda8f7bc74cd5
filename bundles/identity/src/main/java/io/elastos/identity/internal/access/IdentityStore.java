// SPDX-License-Identifier: Apache-2.0
package io.elastos.identity.internal.access;

import io.elastos.api.identity.Did;
import io.elastos.api.identity.Role;
import io.elastos.api.identity.Session;
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
 * Users, sessions, sign-in nonces, the owner's setup code and pairing codes in Derby. Secrets
 * (session tokens, CSRF tokens, attempt secrets, setup and pairing codes) are stored only as
 * SHA-256 hashes, so a copy of the database opens no session.
 */
public final class IdentityStore {

    static final String SCOPE = "io.elastos.identity";

    static final List<Migration> MIGRATIONS =
            List.of(
                    new Migration(
                            1,
                            "users, sessions, nonces, setup and pairing codes",
                            List.of(
                                    "CREATE TABLE ID_USER (DID VARCHAR(512) NOT NULL PRIMARY KEY,"
                                            + " ROLE VARCHAR(8) NOT NULL, NAME VARCHAR(64) UNIQUE,"
                                            + " PASSWORD VARCHAR(300), CREATED_AT TIMESTAMP NOT NULL)",
                                    "CREATE TABLE ID_SESSION (ID CHAR(32) NOT NULL PRIMARY KEY,"
                                            + " TOKEN_HASH CHAR(64) NOT NULL UNIQUE,"
                                            + " CSRF_HASH CHAR(64) NOT NULL, DID VARCHAR(512) NOT NULL,"
                                            + " ROLE VARCHAR(8) NOT NULL, METHOD VARCHAR(8) NOT NULL,"
                                            + " CLIENT VARCHAR(100) NOT NULL, ISSUED_AT TIMESTAMP NOT NULL,"
                                            + " LAST_SEEN TIMESTAMP NOT NULL, EXPIRES_AT TIMESTAMP NOT NULL)",
                                    "CREATE TABLE ID_NONCE (NONCE VARCHAR(128) NOT NULL PRIMARY KEY,"
                                            + " ATTEMPT_HASH CHAR(64) NOT NULL, EXPIRES_AT TIMESTAMP NOT NULL)",
                                    "CREATE TABLE ID_CODE (CODE_HASH CHAR(64) NOT NULL PRIMARY KEY,"
                                            + " KIND VARCHAR(8) NOT NULL, ROLE VARCHAR(8) NOT NULL,"
                                            + " CONFIRMED_BY VARCHAR(512), EXPIRES_AT TIMESTAMP NOT NULL)")),
                    new Migration(
                            2,
                            "grants and shared credentials",
                            List.of(
                                    "CREATE TABLE ID_GRANT (ID CHAR(32) NOT NULL PRIMARY KEY,"
                                            + " GRANTEE VARCHAR(512) NOT NULL, RESOURCE VARCHAR(512) NOT NULL,"
                                            + " GRANTED_BY VARCHAR(512) NOT NULL, CREATED_AT TIMESTAMP NOT NULL,"
                                            + " VALID_UNTIL TIMESTAMP, REVOKED SMALLINT NOT NULL,"
                                            + " CREDENTIAL VARCHAR(8000))",
                                    "CREATE INDEX ID_GRANT_GRANTEE ON ID_GRANT (GRANTEE)")));

    /** A user of the node. */
    public record User(Did did, Role role, String name, String password, Instant createdAt) {}

    /** A session row: the public session plus the hash of its CSRF token and when last seen. */
    public record SessionRow(Session session, String csrfHash, Instant lastSeen) {}

    /**
     * A grant: the grantee may use the resource until {@code validUntil} (null: until revoked).
     * {@code credential} holds the signed verifiable credential when the grant is shared with
     * another node's owner.
     */
    public record Grant(
            String id,
            Did grantee,
            String resource,
            Did grantedBy,
            Instant createdAt,
            Instant validUntil,
            boolean revoked,
            String credential) {}

    /** A one-time code: the owner's setup code or a device pairing code. */
    public record Code(
            String hash, String kind, Role role, String confirmedBy, Instant expiresAt) {}

    private final MetadataStore db;

    IdentityStore(MetadataStore db) throws MetadataException {
        this.db = db;
        db.migrate(SCOPE, MIGRATIONS);
    }

    // ------------------------------------------------------------------ users

    Optional<User> user(Did did) throws SQLException {
        return oneUser("SELECT * FROM ID_USER WHERE DID = ?", did.value());
    }

    Optional<User> userByName(String name) throws SQLException {
        return oneUser("SELECT * FROM ID_USER WHERE NAME = ?", name);
    }

    List<User> users() throws SQLException {
        List<User> out = new ArrayList<>();
        try (Connection c = db.connection();
                PreparedStatement q =
                        c.prepareStatement("SELECT * FROM ID_USER ORDER BY CREATED_AT");
                ResultSet r = q.executeQuery()) {
            while (r.next()) {
                out.add(user(r));
            }
        }
        return out;
    }

    boolean hasOwner() throws SQLException {
        try (Connection c = db.connection();
                PreparedStatement q =
                        c.prepareStatement("SELECT COUNT(*) FROM ID_USER WHERE ROLE = 'OWNER'");
                ResultSet r = q.executeQuery()) {
            return r.next() && r.getInt(1) > 0;
        }
    }

    void addUser(User u) throws SQLException {
        update(
                "INSERT INTO ID_USER VALUES (?, ?, ?, ?, ?)",
                u.did().value(),
                u.role().name(),
                u.name(),
                u.password(),
                Timestamp.from(u.createdAt()));
    }

    void setPassword(Did did, String phc) throws SQLException {
        update("UPDATE ID_USER SET PASSWORD = ? WHERE DID = ?", phc, did.value());
    }

    void setRole(Did did, Role role) throws SQLException {
        update("UPDATE ID_USER SET ROLE = ? WHERE DID = ?", role.name(), did.value());
        update("UPDATE ID_SESSION SET ROLE = ? WHERE DID = ?", role.name(), did.value());
    }

    boolean removeUser(Did did) throws SQLException {
        update("DELETE FROM ID_SESSION WHERE DID = ?", did.value());
        return update("DELETE FROM ID_USER WHERE DID = ?", did.value()) > 0;
    }

    // ------------------------------------------------------------------ sessions

    void addSession(SessionRow s, String tokenHash, String client) throws SQLException {
        Session x = s.session();
        update(
                "INSERT INTO ID_SESSION VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                x.id(),
                tokenHash,
                s.csrfHash(),
                x.subject().value(),
                x.role().name(),
                x.method().name(),
                client.length() > 100 ? client.substring(0, 100) : client,
                Timestamp.from(x.issuedAt()),
                Timestamp.from(s.lastSeen()),
                Timestamp.from(x.expiresAt()));
    }

    Optional<SessionRow> sessionByToken(String tokenHash) throws SQLException {
        List<SessionRow> rows =
                sessions("SELECT * FROM ID_SESSION WHERE TOKEN_HASH = ?", tokenHash);
        return rows.stream().findFirst();
    }

    List<SessionRow> sessionsOf(Did did) throws SQLException {
        return sessions(
                "SELECT * FROM ID_SESSION WHERE DID = ? ORDER BY ISSUED_AT DESC", did.value());
    }

    List<SessionRow> allSessions() throws SQLException {
        return sessions("SELECT * FROM ID_SESSION ORDER BY ISSUED_AT DESC");
    }

    void touch(String sessionId, Instant now) throws SQLException {
        update("UPDATE ID_SESSION SET LAST_SEEN = ? WHERE ID = ?", Timestamp.from(now), sessionId);
    }

    boolean deleteSession(String sessionId) throws SQLException {
        return update("DELETE FROM ID_SESSION WHERE ID = ?", sessionId) > 0;
    }

    int deleteSessionsOf(Did did) throws SQLException {
        return update("DELETE FROM ID_SESSION WHERE DID = ?", did.value());
    }

    /** Deletes sessions and nonces past their end; they are refused anyway. */
    void purge(Instant absoluteCutoff, Instant idleCutoff, Instant now) throws SQLException {
        update(
                "DELETE FROM ID_SESSION WHERE EXPIRES_AT <= ? OR LAST_SEEN <= ?",
                Timestamp.from(absoluteCutoff),
                Timestamp.from(idleCutoff));
        update("DELETE FROM ID_NONCE WHERE EXPIRES_AT <= ?", Timestamp.from(now));
        update("DELETE FROM ID_CODE WHERE EXPIRES_AT <= ?", Timestamp.from(now));
    }

    // ------------------------------------------------------------------ nonces

    void addNonce(String nonce, String attemptHash, Instant expiresAt) throws SQLException {
        update(
                "INSERT INTO ID_NONCE VALUES (?, ?, ?)",
                nonce,
                attemptHash,
                Timestamp.from(expiresAt));
    }

    /**
     * Uses up a nonce: true only if it exists, belongs to the attempt and has not expired. It is
     * deleted in every case where it exists, so it can never be tried twice.
     */
    boolean consumeNonce(String nonce, String attemptHash, Instant now) throws SQLException {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                boolean ok = false;
                try (PreparedStatement q =
                        c.prepareStatement(
                                "SELECT ATTEMPT_HASH, EXPIRES_AT FROM ID_NONCE WHERE NONCE = ?"
                                        + " FOR UPDATE")) {
                    q.setString(1, nonce);
                    try (ResultSet r = q.executeQuery()) {
                        if (r.next()) {
                            ok =
                                    java.security.MessageDigest.isEqual(
                                                    r.getString(1).getBytes(),
                                                    attemptHash.getBytes())
                                            && now.isBefore(r.getTimestamp(2).toInstant());
                        }
                    }
                }
                int deleted;
                try (PreparedStatement d =
                        c.prepareStatement("DELETE FROM ID_NONCE WHERE NONCE = ?")) {
                    d.setString(1, nonce);
                    deleted = d.executeUpdate();
                }
                c.commit();
                return ok && deleted == 1;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    // ------------------------------------------------------------------ one-time codes

    void addCode(Code code) throws SQLException {
        update(
                "INSERT INTO ID_CODE VALUES (?, ?, ?, ?, ?)",
                code.hash(),
                code.kind(),
                code.role().name(),
                code.confirmedBy(),
                Timestamp.from(code.expiresAt()));
    }

    Optional<Code> code(String hash) throws SQLException {
        try (Connection c = db.connection();
                PreparedStatement q =
                        c.prepareStatement("SELECT * FROM ID_CODE WHERE CODE_HASH = ?")) {
            q.setString(1, hash);
            try (ResultSet r = q.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                return Optional.of(
                        new Code(
                                r.getString("CODE_HASH"),
                                r.getString("KIND"),
                                Role.valueOf(r.getString("ROLE")),
                                r.getString("CONFIRMED_BY"),
                                r.getTimestamp("EXPIRES_AT").toInstant()));
            }
        }
    }

    void confirmCode(String hash, Role role, String by) throws SQLException {
        update(
                "UPDATE ID_CODE SET CONFIRMED_BY = ?, ROLE = ? WHERE CODE_HASH = ?",
                by,
                role.name(),
                hash);
    }

    /** Deletes a code; true only for the one caller that deleted it (codes work once). */
    boolean useCode(String hash) throws SQLException {
        return update("DELETE FROM ID_CODE WHERE CODE_HASH = ?", hash) == 1;
    }

    void deleteCodes(String kind) throws SQLException {
        update("DELETE FROM ID_CODE WHERE KIND = ?", kind);
    }

    // ------------------------------------------------------------------ grants

    void addGrant(Grant g) throws SQLException {
        update(
                "INSERT INTO ID_GRANT VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                g.id(),
                g.grantee().value(),
                g.resource(),
                g.grantedBy().value(),
                Timestamp.from(g.createdAt()),
                g.validUntil() == null ? null : Timestamp.from(g.validUntil()),
                g.revoked() ? "1" : "0",
                g.credential());
    }

    void setCredential(String id, String credential) throws SQLException {
        update("UPDATE ID_GRANT SET CREDENTIAL = ? WHERE ID = ?", credential, id);
    }

    boolean revokeGrant(String id) throws SQLException {
        return update("UPDATE ID_GRANT SET REVOKED = 1 WHERE ID = ? AND REVOKED = 0", id) == 1;
    }

    Optional<Grant> grant(String id) throws SQLException {
        return grants("SELECT * FROM ID_GRANT WHERE ID = ?", id).stream().findFirst();
    }

    List<Grant> grantsOf(Did grantee) throws SQLException {
        return grants(
                "SELECT * FROM ID_GRANT WHERE GRANTEE = ? ORDER BY CREATED_AT", grantee.value());
    }

    List<Grant> allGrants() throws SQLException {
        return grants("SELECT * FROM ID_GRANT ORDER BY CREATED_AT");
    }

    private List<Grant> grants(String sql, Object... args) throws SQLException {
        List<Grant> out = new ArrayList<>();
        try (Connection c = db.connection();
                PreparedStatement q = c.prepareStatement(sql)) {
            bind(q, args);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    Timestamp until = r.getTimestamp("VALID_UNTIL");
                    out.add(
                            new Grant(
                                    r.getString("ID"),
                                    Did.of(r.getString("GRANTEE")),
                                    r.getString("RESOURCE"),
                                    Did.of(r.getString("GRANTED_BY")),
                                    r.getTimestamp("CREATED_AT").toInstant(),
                                    until == null ? null : until.toInstant(),
                                    r.getInt("REVOKED") == 1,
                                    r.getString("CREDENTIAL")));
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ helpers

    private Optional<User> oneUser(String sql, String arg) throws SQLException {
        try (Connection c = db.connection();
                PreparedStatement q = c.prepareStatement(sql)) {
            q.setString(1, arg);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? Optional.of(user(r)) : Optional.empty();
            }
        }
    }

    private static User user(ResultSet r) throws SQLException {
        return new User(
                Did.of(r.getString("DID")),
                Role.valueOf(r.getString("ROLE")),
                r.getString("NAME"),
                r.getString("PASSWORD"),
                r.getTimestamp("CREATED_AT").toInstant());
    }

    private List<SessionRow> sessions(String sql, Object... args) throws SQLException {
        List<SessionRow> out = new ArrayList<>();
        try (Connection c = db.connection();
                PreparedStatement q = c.prepareStatement(sql)) {
            bind(q, args);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    out.add(
                            new SessionRow(
                                    new Session(
                                            r.getString("ID"),
                                            Did.of(r.getString("DID")),
                                            Role.valueOf(r.getString("ROLE")),
                                            Session.Method.valueOf(r.getString("METHOD")),
                                            r.getTimestamp("ISSUED_AT").toInstant(),
                                            r.getTimestamp("EXPIRES_AT").toInstant()),
                                    r.getString("CSRF_HASH"),
                                    r.getTimestamp("LAST_SEEN").toInstant()));
                }
            }
        }
        return out;
    }

    private int update(String sql, Object... args) throws SQLException {
        try (Connection c = db.connection();
                PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, args);
            return s.executeUpdate();
        }
    }

    private static void bind(PreparedStatement s, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof Timestamp t) {
                s.setTimestamp(i + 1, t);
            } else if (args[i] == null) {
                s.setNull(i + 1, java.sql.Types.VARCHAR);
            } else {
                s.setString(i + 1, args[i].toString());
            }
        }
    }
}
