// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.shared;

import io.elastos.api.metadata.MetadataException;
import io.elastos.api.metadata.MetadataStore;
import io.elastos.api.metadata.Migration;
import io.elastos.storage.internal.ipfs.ContentId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The shared partition's pinned roots in Derby, one row per root CID with the time it was first
 * pinned. Pinning several roots is one transaction, so a CAR import pins all its roots or none.
 */
final class PinIndex {

    /** The migration scope, separate from the private partition's so each evolves on its own. */
    static final String SCOPE = "io.elastos.storage.shared";

    static final List<Migration> MIGRATIONS =
            List.of(
                    new Migration(
                            1,
                            "shared partition: pinned roots",
                            List.of(
                                    "CREATE TABLE SH_PIN (CID VARCHAR(128) NOT NULL PRIMARY KEY,"
                                            + " PINNED_AT TIMESTAMP NOT NULL)")));

    private static final String DUPLICATE_KEY = "23505";

    private final MetadataStore db;

    PinIndex(MetadataStore db) throws MetadataException {
        this.db = db;
        db.migrate(SCOPE, MIGRATIONS);
    }

    /**
     * Pins roots in one transaction; roots already pinned keep their first pin time.
     *
     * @return how many roots were newly pinned
     */
    int pin(Collection<ContentId> roots, Instant now) throws SQLException {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                int added = 0;
                for (ContentId root : roots) {
                    if (!pinned(c, root)) {
                        try (PreparedStatement s =
                                c.prepareStatement("INSERT INTO SH_PIN VALUES (?, ?)")) {
                            s.setString(1, root.toString());
                            s.setTimestamp(2, Timestamp.from(now));
                            s.executeUpdate();
                            added++;
                        }
                    }
                }
                c.commit();
                return added;
            } catch (SQLException e) {
                c.rollback();
                if (DUPLICATE_KEY.equals(e.getSQLState())) {
                    // A concurrent pin of the same root won the race: the root is pinned anyway.
                    return pin(roots, now);
                }
                throw e;
            }
        }
    }

    /** Removes a pin; true if the root was pinned. */
    boolean unpin(ContentId root) throws SQLException {
        try (Connection c = db.connection();
                PreparedStatement s = c.prepareStatement("DELETE FROM SH_PIN WHERE CID = ?")) {
            s.setString(1, root.toString());
            return s.executeUpdate() > 0;
        }
    }

    /** Whether a root is pinned. */
    boolean pinned(ContentId root) throws SQLException {
        try (Connection c = db.connection()) {
            return pinned(c, root);
        }
    }

    /** Every pinned root, in pin order. */
    List<ContentId> pins() throws SQLException {
        List<ContentId> out = new ArrayList<>();
        try (Connection c = db.connection();
                PreparedStatement s =
                        c.prepareStatement("SELECT CID FROM SH_PIN ORDER BY PINNED_AT, CID");
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                out.add(ContentId.parse(r.getString(1)));
            }
        }
        return out;
    }

    private static boolean pinned(Connection c, ContentId root) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM SH_PIN WHERE CID = ?")) {
            s.setString(1, root.toString());
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        }
    }
}
