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
 * The private partition's metadata in Derby: folders and files (by the keyed hash of their path,
 * with sealed names, see {@link NameCipher}), each file's versions with their wrapped data key and
 * chunk list, and the trash. A version becomes visible in one transaction, after its chunks are
 * durable on disk, so a crash leaves either the old or the new version, never half of one.
 */
public final class FileIndex {

    static final String SCOPE = "io.elastos.storage";

    static final List<Migration> MIGRATIONS =
            List.of(
                    new Migration(
                            1,
                            "private partition: nodes, versions, chunks",
                            List.of(
                                    "CREATE TABLE ST_NODE (ID CHAR(32) NOT NULL PRIMARY KEY,"
                                            + " PATH_MAC CHAR(64) UNIQUE, PARENT_MAC CHAR(64) NOT NULL,"
                                            + " NAME VARCHAR(1200) NOT NULL, KIND CHAR(1) NOT NULL,"
                                            + " HEAD INT NOT NULL, CREATED_AT TIMESTAMP NOT NULL,"
                                            + " TRASHED_AT TIMESTAMP, TRASH_PATH VARCHAR(4200))",
                                    "CREATE INDEX ST_NODE_PARENT ON ST_NODE (PARENT_MAC)",
                                    "CREATE TABLE ST_VERSION (NODE_ID CHAR(32) NOT NULL,"
                                            + " VERSION INT NOT NULL, SIZE BIGINT NOT NULL,"
                                            + " CREATED_AT TIMESTAMP NOT NULL, FILE_KEY VARCHAR(256) NOT NULL,"
                                            + " PRIMARY KEY (NODE_ID, VERSION))",
                                    "CREATE TABLE ST_CHUNK (NODE_ID CHAR(32) NOT NULL,"
                                            + " VERSION INT NOT NULL, IDX INT NOT NULL, HASH CHAR(64) NOT NULL,"
                                            + " PRIMARY KEY (NODE_ID, VERSION, IDX))",
                                    "CREATE INDEX ST_CHUNK_HASH ON ST_CHUNK (HASH)")));

    /** A file's or folder's row. */
    public record Node(
            String id,
            String parentMac,
            String sealedName,
            boolean folder,
            int head,
            Instant createdAt,
            Instant trashedAt) {}

    /** One stored version of a file. */
    public record Version(
            String nodeId,
            int version,
            long size,
            Instant createdAt,
            String wrappedKey,
            List<String> chunks) {}

    private final MetadataStore db;

    public FileIndex(MetadataStore db) throws MetadataException {
        this.db = db;
        db.migrate(SCOPE, MIGRATIONS);
    }

    /** The store the index lives in; the upload table shares it. */
    MetadataStore db() {
        return db;
    }

    /**
     * Makes a new version the head of the file at a path, creating the file if needed, in one
     * transaction; versions beyond {@code keep} are dropped (their chunks then go with GC).
     *
     * @return the new version number
     */
    public int commit(
            String pathMac,
            String parentMac,
            String sealedName,
            String newId,
            long size,
            String wrappedKey,
            List<String> chunks,
            int keep,
            Instant now)
            throws SQLException {
        return commit(
                pathMac, parentMac, sealedName, newId, 0, size, wrappedKey, chunks, keep, now);
    }

    /**
     * Like {@link #commit(String, String, String, String, long, String, List, int, Instant)}, but
     * only if the new version gets the number {@code expectedVersion} (when positive) for the file
     * {@code fileId}: chunks sealed for that number are committed under it or not at all.
     *
     * @throws IllegalStateException if the file changed meanwhile
     */
    public int commit(
            String pathMac,
            String parentMac,
            String sealedName,
            String fileId,
            int expectedVersion,
            long size,
            String wrappedKey,
            List<String> chunks,
            int keep,
            Instant now)
            throws SQLException {
        String newId = fileId;
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                Optional<Node> existing = node(c, pathMac);
                if (existing.isPresent() && existing.get().folder()) {
                    throw new IllegalArgumentException("a folder has that name");
                }
                String id = existing.map(Node::id).orElse(newId);
                int version = existing.map(n -> n.head() + 1).orElse(1);
                if (expectedVersion > 0 && (version != expectedVersion || !id.equals(newId))) {
                    throw new IllegalStateException(
                            "the file changed since the upload began: start the upload again");
                }
                if (existing.isEmpty()) {
                    exec(
                            c,
                            "INSERT INTO ST_NODE VALUES (?, ?, ?, ?, 'F', 0, ?, NULL, NULL)",
                            id,
                            pathMac,
                            parentMac,
                            sealedName,
                            Timestamp.from(now));
                }
                exec(
                        c,
                        "INSERT INTO ST_VERSION VALUES (?, ?, ?, ?, ?)",
                        id,
                        version,
                        size,
                        Timestamp.from(now),
                        wrappedKey);
                try (PreparedStatement ins =
                        c.prepareStatement("INSERT INTO ST_CHUNK VALUES (?, ?, ?, ?)")) {
                    for (int i = 0; i < chunks.size(); i++) {
                        ins.setString(1, id);
                        ins.setInt(2, version);
                        ins.setInt(3, i);
                        ins.setString(4, chunks.get(i));
                        ins.addBatch();
                    }
                    ins.executeBatch();
                }
                exec(c, "UPDATE ST_NODE SET HEAD = ? WHERE ID = ?", version, id);
                if (keep > 0 && version > keep) {
                    exec(
                            c,
                            "DELETE FROM ST_CHUNK WHERE NODE_ID = ? AND VERSION <= ?",
                            id,
                            version - keep);
                    exec(
                            c,
                            "DELETE FROM ST_VERSION WHERE NODE_ID = ? AND VERSION <= ?",
                            id,
                            version - keep);
                }
                c.commit();
                return version;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Creates a folder; true if it was new. */
    public boolean mkdir(
            String pathMac, String parentMac, String sealedName, String id, Instant now)
            throws SQLException {
        try (Connection c = db.connection()) {
            if (node(c, pathMac).isPresent()) {
                return false;
            }
            exec(
                    c,
                    "INSERT INTO ST_NODE VALUES (?, ?, ?, ?, 'D', 0, ?, NULL, NULL)",
                    id,
                    pathMac,
                    parentMac,
                    sealedName,
                    Timestamp.from(now));
            return true;
        }
    }

    public Optional<Node> node(String pathMac) throws SQLException {
        try (Connection c = db.connection()) {
            return node(c, pathMac);
        }
    }

    /** The head version of a live file. */
    public Optional<Version> head(String pathMac) throws SQLException {
        Optional<Node> n = node(pathMac);
        if (n.isEmpty() || n.get().folder()) {
            return Optional.empty();
        }
        return version(n.get().id(), n.get().head());
    }

    public Optional<Version> version(String nodeId, int version) throws SQLException {
        try (Connection c = db.connection();
                PreparedStatement q =
                        c.prepareStatement(
                                "SELECT * FROM ST_VERSION WHERE NODE_ID = ? AND VERSION = ?")) {
            q.setString(1, nodeId);
            q.setInt(2, version);
            try (ResultSet r = q.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                return Optional.of(
                        new Version(
                                nodeId,
                                version,
                                r.getLong("SIZE"),
                                r.getTimestamp("CREATED_AT").toInstant(),
                                r.getString("FILE_KEY"),
                                chunks(c, nodeId, version)));
            }
        }
    }

    /** The versions of a file, oldest first. */
    public List<Version> versions(String nodeId) throws SQLException {
        List<Integer> numbers = new ArrayList<>();
        try (Connection c = db.connection();
                PreparedStatement q =
                        c.prepareStatement(
                                "SELECT VERSION FROM ST_VERSION WHERE NODE_ID = ? ORDER BY VERSION")) {
            q.setString(1, nodeId);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    numbers.add(r.getInt(1));
                }
            }
        }
        List<Version> out = new ArrayList<>();
        for (int v : numbers) {
            version(nodeId, v).ifPresent(out::add);
        }
        return out;
    }

    /** A live child of a folder with its head version's size (0 for folders). */
    public record Child(Node node, long size) {}

    /** The live children of a folder with their sizes, in one query (listing is on hot paths). */
    public List<Child> childrenWithSizes(String parentMac) throws SQLException {
        List<Child> out = new ArrayList<>();
        try (Connection c = db.connection();
                PreparedStatement q =
                        c.prepareStatement(
                                "SELECT N.*, V.SIZE AS HEAD_SIZE FROM ST_NODE N LEFT JOIN ST_VERSION V"
                                        + " ON V.NODE_ID = N.ID AND V.VERSION = N.HEAD"
                                        + " WHERE N.PARENT_MAC = ? AND N.TRASHED_AT IS NULL")) {
            q.setString(1, parentMac);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    out.add(new Child(node(r), r.getLong("HEAD_SIZE")));
                }
            }
        }
        return out;
    }

    /** The live children of a folder. */
    public List<Node> children(String parentMac) throws SQLException {
        List<Node> out = new ArrayList<>();
        try (Connection c = db.connection();
                PreparedStatement q =
                        c.prepareStatement(
                                "SELECT * FROM ST_NODE WHERE PARENT_MAC = ? AND TRASHED_AT IS NULL")) {
            q.setString(1, parentMac);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    out.add(node(r));
                }
            }
        }
        return out;
    }

    /**
     * Renames or moves a live file to a free path; false if the source is missing or the target
     * taken.
     */
    public boolean move(String fromMac, String toMac, String parentMac, String sealedName)
            throws SQLException {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                if (node(c, toMac).isPresent()) {
                    c.rollback();
                    return false;
                }
                int n =
                        exec(
                                c,
                                "UPDATE ST_NODE SET PATH_MAC = ?, PARENT_MAC = ?, NAME = ?"
                                        + " WHERE PATH_MAC = ? AND KIND = 'F'",
                                toMac,
                                parentMac,
                                sealedName,
                                fromMac);
                c.commit();
                return n == 1;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * One row's new place in a folder move.
     *
     * @param fromMac the row's current path MAC
     * @param toMac its new path MAC
     * @param parentMac its new parent's path MAC
     * @param sealedName its sealed name (changes only for the moved folder itself)
     */
    public record Rename(String fromMac, String toMac, String parentMac, String sealedName) {}

    /**
     * Moves a folder and everything under it in one transaction, so a crash leaves the tree either
     * all at the old place or all at the new; false if the first rename's target is taken.
     */
    public boolean moveTree(List<Rename> renames) throws SQLException {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                if (renames.isEmpty() || node(c, renames.get(0).toMac()).isPresent()) {
                    c.rollback();
                    return false;
                }
                try (PreparedStatement u =
                        c.prepareStatement(
                                "UPDATE ST_NODE SET PATH_MAC = ?, PARENT_MAC = ?, NAME = ?"
                                        + " WHERE PATH_MAC = ?")) {
                    for (Rename r : renames) {
                        u.setString(1, r.toMac());
                        u.setString(2, r.parentMac());
                        u.setString(3, r.sealedName());
                        u.setString(4, r.fromMac());
                        if (u.executeUpdate() != 1) {
                            throw new SQLException("a moved entry vanished: retry the move");
                        }
                    }
                }
                c.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Moves a live file to the trash, keeping its versions; its path becomes free. */
    public boolean trash(String pathMac, String sealedPath, Instant now) throws SQLException {
        try (Connection c = db.connection()) {
            return exec(
                            c,
                            "UPDATE ST_NODE SET PATH_MAC = NULL, TRASHED_AT = ?, TRASH_PATH = ?"
                                    + " WHERE PATH_MAC = ? AND KIND = 'F'",
                            Timestamp.from(now),
                            sealedPath,
                            pathMac)
                    == 1;
        }
    }

    /** The trashed files: id, sealed original path, when. */
    public List<Node> trashed() throws SQLException {
        List<Node> out = new ArrayList<>();
        try (Connection c = db.connection();
                PreparedStatement q =
                        c.prepareStatement("SELECT * FROM ST_NODE WHERE TRASHED_AT IS NOT NULL");
                ResultSet r = q.executeQuery()) {
            while (r.next()) {
                out.add(node(r));
            }
        }
        return out;
    }

    /** The sealed original path of a trashed file. */
    public Optional<String> trashPath(String nodeId) throws SQLException {
        try (Connection c = db.connection();
                PreparedStatement q =
                        c.prepareStatement(
                                "SELECT TRASH_PATH FROM ST_NODE WHERE ID = ? AND TRASHED_AT IS NOT NULL")) {
            q.setString(1, nodeId);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? Optional.ofNullable(r.getString(1)) : Optional.empty();
            }
        }
    }

    /**
     * Restores a trashed file to a (free) path; false if the path is taken or it is not trashed.
     */
    public boolean restore(String nodeId, String pathMac, String parentMac, String sealedName)
            throws SQLException {
        try (Connection c = db.connection()) {
            if (node(c, pathMac).isPresent()) {
                return false;
            }
            return exec(
                            c,
                            "UPDATE ST_NODE SET PATH_MAC = ?, PARENT_MAC = ?, NAME = ?,"
                                    + " TRASHED_AT = NULL, TRASH_PATH = NULL"
                                    + " WHERE ID = ? AND TRASHED_AT IS NOT NULL",
                            pathMac,
                            parentMac,
                            sealedName,
                            nodeId)
                    == 1;
        }
    }

    /** Deletes a trashed file for good; its chunks go with the next GC. */
    public boolean purge(String nodeId) throws SQLException {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                exec(c, "DELETE FROM ST_CHUNK WHERE NODE_ID = ?", nodeId);
                exec(c, "DELETE FROM ST_VERSION WHERE NODE_ID = ?", nodeId);
                int n =
                        exec(
                                c,
                                "DELETE FROM ST_NODE WHERE ID = ? AND TRASHED_AT IS NOT NULL",
                                nodeId);
                c.commit();
                return n == 1;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Every chunk hash a stored version references: the garbage collector's mark. */
    public Set<String> liveChunks() throws SQLException {
        Set<String> out = new HashSet<>();
        try (Connection c = db.connection();
                PreparedStatement q = c.prepareStatement("SELECT DISTINCT HASH FROM ST_CHUNK");
                ResultSet r = q.executeQuery()) {
            while (r.next()) {
                out.add(r.getString(1));
            }
        }
        return out;
    }

    private static Optional<Node> node(Connection c, String pathMac) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT * FROM ST_NODE WHERE PATH_MAC = ?")) {
            q.setString(1, pathMac);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? Optional.of(node(r)) : Optional.empty();
            }
        }
    }

    private static Node node(ResultSet r) throws SQLException {
        Timestamp trashed = r.getTimestamp("TRASHED_AT");
        return new Node(
                r.getString("ID"),
                r.getString("PARENT_MAC"),
                r.getString("NAME"),
                r.getString("KIND").equals("D"),
                r.getInt("HEAD"),
                r.getTimestamp("CREATED_AT").toInstant(),
                trashed == null ? null : trashed.toInstant());
    }

    private static List<String> chunks(Connection c, String nodeId, int version)
            throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement q =
                c.prepareStatement(
                        "SELECT HASH FROM ST_CHUNK WHERE NODE_ID = ? AND VERSION = ? ORDER BY IDX")) {
            q.setString(1, nodeId);
            q.setInt(2, version);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
        }
        return out;
    }

    private static int exec(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                Object a = args[i];
                if (a instanceof Timestamp t) {
                    s.setTimestamp(i + 1, t);
                } else if (a instanceof Integer n) {
                    s.setInt(i + 1, n);
                } else if (a instanceof Long n) {
                    s.setLong(i + 1, n);
                } else {
                    s.setString(i + 1, (String) a);
                }
            }
            return s.executeUpdate();
        }
    }
}
