// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.files;

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
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Resumable uploads in Derby: the target (sealed path, file id, the version number the chunks are
 * sealed for, the wrapped data key), the bytes received, the chunk hashes so far and the sealed
 * partial last chunk. A piece of an upload is recorded in one transaction after its blocks are
 * durable, so after a crash the upload resumes from the last recorded byte.
 */
final class UploadTable {

    static final String SCOPE = "io.elastos.storage.uploads";

    static final List<Migration> MIGRATIONS =
            List.of(
                    new Migration(
                            1,
                            "resumable uploads of the private partition",
                            List.of(
                                    "CREATE TABLE ST_UPLOAD (ID CHAR(32) NOT NULL PRIMARY KEY,"
                                            + " SEALED_PATH VARCHAR(4200) NOT NULL, NODE_ID CHAR(32) NOT NULL,"
                                            + " VERSION INT NOT NULL, FILE_KEY VARCHAR(256) NOT NULL,"
                                            + " RECEIVED BIGINT NOT NULL, TAIL_HASH CHAR(64),"
                                            + " CREATED_AT TIMESTAMP NOT NULL, UPDATED_AT TIMESTAMP NOT NULL)",
                                    "CREATE TABLE ST_UPLOAD_CHUNK (UPLOAD_ID CHAR(32) NOT NULL,"
                                            + " IDX INT NOT NULL, HASH CHAR(64) NOT NULL,"
                                            + " PRIMARY KEY (UPLOAD_ID, IDX))")));

    /** An upload's row with its full chunks, in order. */
    record Upload(
            String id,
            String sealedPath,
            String nodeId,
            int version,
            String wrappedKey,
            long received,
            String tailHash,
            Instant createdAt,
            Instant updatedAt,
            List<String> chunks) {}

    private final MetadataStore db;

    UploadTable(MetadataStore db) throws MetadataException {
        this.db = db;
        db.migrate(SCOPE, MIGRATIONS);
    }

    void insert(Upload u) throws SQLException {
        try (Connection c = db.connection();
                PreparedStatement s =
                        c.prepareStatement(
                                "INSERT INTO ST_UPLOAD VALUES (?, ?, ?, ?, ?, 0, NULL, ?, ?)")) {
            s.setString(1, u.id());
            s.setString(2, u.sealedPath());
            s.setString(3, u.nodeId());
            s.setInt(4, u.version());
            s.setString(5, u.wrappedKey());
            s.setTimestamp(6, Timestamp.from(u.createdAt()));
            s.setTimestamp(7, Timestamp.from(u.createdAt()));
            s.executeUpdate();
        }
    }

    Optional<Upload> find(String id) throws SQLException {
        try (Connection c = db.connection();
                PreparedStatement q = c.prepareStatement("SELECT * FROM ST_UPLOAD WHERE ID = ?")) {
            q.setString(1, id);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? Optional.of(upload(c, r)) : Optional.empty();
            }
        }
    }

    List<Upload> all() throws SQLException {
        List<Upload> out = new ArrayList<>();
        try (Connection c = db.connection();
                PreparedStatement q =
                        c.prepareStatement("SELECT * FROM ST_UPLOAD ORDER BY CREATED_AT");
                ResultSet r = q.executeQuery()) {
            while (r.next()) {
                out.add(upload(c, r));
            }
        }
        return out;
    }

    /**
     * Records a piece: new full chunks from index {@code firstIndex}, the new byte count and the
     * new partial tail, only if the upload still stands at {@code expectedReceived}.
     *
     * @return false if the upload is gone or moved on meanwhile
     */
    boolean append(
            String id,
            long expectedReceived,
            int firstIndex,
            List<String> chunks,
            long received,
            String tailHash,
            Instant now)
            throws SQLException {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                int n;
                try (PreparedStatement u =
                        c.prepareStatement(
                                "UPDATE ST_UPLOAD SET RECEIVED = ?, TAIL_HASH = ?, UPDATED_AT = ?"
                                        + " WHERE ID = ? AND RECEIVED = ?")) {
                    u.setLong(1, received);
                    u.setString(2, tailHash);
                    u.setTimestamp(3, Timestamp.from(now));
                    u.setString(4, id);
                    u.setLong(5, expectedReceived);
                    n = u.executeUpdate();
                }
                if (n != 1) {
                    c.rollback();
                    return false;
                }
                try (PreparedStatement ins =
                        c.prepareStatement("INSERT INTO ST_UPLOAD_CHUNK VALUES (?, ?, ?)")) {
                    for (int i = 0; i < chunks.size(); i++) {
                        ins.setString(1, id);
                        ins.setInt(2, firstIndex + i);
                        ins.setString(3, chunks.get(i));
                        ins.addBatch();
                    }
                    ins.executeBatch();
                }
                c.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    boolean delete(String id) throws SQLException {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                int n;
                try (PreparedStatement d =
                        c.prepareStatement("DELETE FROM ST_UPLOAD_CHUNK WHERE UPLOAD_ID = ?")) {
                    d.setString(1, id);
                    d.executeUpdate();
                }
                try (PreparedStatement d =
                        c.prepareStatement("DELETE FROM ST_UPLOAD WHERE ID = ?")) {
                    d.setString(1, id);
                    n = d.executeUpdate();
                }
                c.commit();
                return n == 1;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** The ids of uploads untouched since {@code cutoff}. */
    List<String> idleSince(Instant cutoff) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connection();
                PreparedStatement q =
                        c.prepareStatement("SELECT ID FROM ST_UPLOAD WHERE UPDATED_AT < ?")) {
            q.setTimestamp(1, Timestamp.from(cutoff));
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
        }
        return out;
    }

    /** Every block an unfinished upload holds: part of the garbage collector's mark. */
    Set<String> liveChunks() throws SQLException {
        Set<String> out = new HashSet<>();
        try (Connection c = db.connection();
                PreparedStatement q =
                        c.prepareStatement(
                                "SELECT HASH FROM ST_UPLOAD_CHUNK UNION"
                                        + " SELECT TAIL_HASH FROM ST_UPLOAD WHERE TAIL_HASH IS NOT NULL");
                ResultSet r = q.executeQuery()) {
            while (r.next()) {
                out.add(r.getString(1));
            }
        }
        return out;
    }

    private static Upload upload(Connection c, ResultSet r) throws SQLException {
        String id = r.getString("ID");
        List<String> chunks = new ArrayList<>();
        try (PreparedStatement q =
                c.prepareStatement(
                        "SELECT HASH FROM ST_UPLOAD_CHUNK WHERE UPLOAD_ID = ? ORDER BY IDX")) {
            q.setString(1, id);
            try (ResultSet cr = q.executeQuery()) {
                while (cr.next()) {
                    chunks.add(cr.getString(1));
                }
            }
        }
        return new Upload(
                id,
                r.getString("SEALED_PATH"),
                r.getString("NODE_ID"),
                r.getInt("VERSION"),
                r.getString("FILE_KEY"),
                r.getLong("RECEIVED"),
                r.getString("TAIL_HASH"),
                r.getTimestamp("CREATED_AT").toInstant(),
                r.getTimestamp("UPDATED_AT").toInstant(),
                List.copyOf(chunks));
    }
}
