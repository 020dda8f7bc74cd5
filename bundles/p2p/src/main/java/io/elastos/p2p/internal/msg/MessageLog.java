// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.msg;

import static io.elastos.p2p.internal.msg.ContactBook.exec;

import io.elastos.api.identity.NodeIdentity;
import io.elastos.api.metadata.MetadataStore;
import io.elastos.api.p2p.PeerId;
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
 * Messages in and out, in Derby. Outgoing ones are the queue: {@code queued} until the recipient's
 * node signs a receipt ({@code delivered}) or refuses ({@code refused}). Incoming ones are keyed by
 * the sending peer and the message id, which is the replay protection: a second copy is
 * acknowledged again but not handed to the listeners.
 */
public final class MessageLog {

    /** Direction of a sent message. */
    public static final String OUT = "OUT";

    /** Direction of a received message. */
    public static final String IN = "IN";

    /** Waiting for delivery. */
    public static final String QUEUED = "queued";

    /** The recipient's node signed a receipt. */
    public static final String DELIVERED = "delivered";

    /** The recipient's node refused it; it is not retried. */
    public static final String REFUSED = "refused";

    /** A received message. */
    public static final String RECEIVED = "received";

    /** One message. */
    public record Entry(
            String direction,
            String id,
            PeerId peer,
            String did,
            byte[] payload,
            String status,
            String detail,
            Instant createdAt,
            Instant updatedAt,
            int attempts,
            Instant nextAttempt) {}

    private final MetadataStore db;

    private final AtRest atRest;

    /**
     * Uses the tables the contact book migrated.
     *
     * @param contacts the contact book
     * @param identity the node key, from which the payloads' at-rest key is derived
     */
    public MessageLog(ContactBook contacts, NodeIdentity identity) {
        this.db = contacts.db();
        this.atRest = new AtRest(identity);
    }

    /**
     * Queues an outgoing message.
     *
     * @throws SQLException if Derby fails
     */
    public void queue(String id, PeerId peer, String toDid, byte[] payload, Instant now)
            throws SQLException {
        try (Connection c = db.connection()) {
            exec(
                    c,
                    "INSERT INTO P2P_MESSAGE VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, 0, ?)",
                    OUT,
                    peer.value(),
                    id,
                    toDid,
                    atRest.seal(id, payload),
                    QUEUED,
                    Timestamp.from(now),
                    Timestamp.from(now),
                    Timestamp.from(now));
        }
    }

    /**
     * Records a received message once.
     *
     * @return whether it is new; {@code false} for a replay
     * @throws SQLException if Derby fails
     */
    public boolean received(String id, PeerId peer, String fromDid, byte[] payload, Instant now)
            throws SQLException {
        try (Connection c = db.connection()) {
            exec(
                    c,
                    "INSERT INTO P2P_MESSAGE VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, 0, NULL)",
                    IN,
                    peer.value(),
                    id,
                    fromDid,
                    atRest.seal(id, payload),
                    RECEIVED,
                    Timestamp.from(now),
                    Timestamp.from(now));
            return true;
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Records the outcome of a delivery attempt.
     *
     * @param status the new status
     * @param detail why, for a refusal or a failed attempt; may be {@code null}
     * @param nextAttempt when to try again, {@code null} when done
     * @throws SQLException if Derby fails
     */
    public void update(String id, String status, String detail, Instant nextAttempt, Instant now)
            throws SQLException {
        try (Connection c = db.connection()) {
            exec(
                    c,
                    "UPDATE P2P_MESSAGE SET STATUS = ?, DETAIL = ?, UPDATED_AT = ?,"
                            + " ATTEMPTS = ATTEMPTS + 1, NEXT_ATTEMPT = ?"
                            + " WHERE DIRECTION = 'OUT' AND MSG_ID = ?",
                    status,
                    detail == null ? null : truncate(detail),
                    Timestamp.from(now),
                    nextAttempt == null ? null : Timestamp.from(nextAttempt),
                    id);
        }
    }

    /**
     * Finds an outgoing message.
     *
     * @throws SQLException if Derby fails
     */
    public Optional<Entry> outgoing(String id) throws SQLException {
        List<Entry> l =
                query(
                        "SELECT * FROM P2P_MESSAGE WHERE DIRECTION = 'OUT' AND MSG_ID = ?",
                        Integer.MAX_VALUE,
                        id);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    /**
     * The queued messages due now, oldest first.
     *
     * @throws SQLException if Derby fails
     */
    public List<Entry> due(Instant now, int max) throws SQLException {
        return query(
                "SELECT * FROM P2P_MESSAGE WHERE STATUS = 'queued' AND NEXT_ATTEMPT <= ?"
                        + " ORDER BY CREATED_AT",
                max,
                Timestamp.from(now));
    }

    /**
     * The queued messages for one peer, oldest first.
     *
     * @throws SQLException if Derby fails
     */
    public List<Entry> queuedFor(PeerId peer, int max) throws SQLException {
        return query(
                "SELECT * FROM P2P_MESSAGE WHERE STATUS = 'queued' AND DIRECTION = 'OUT'"
                        + " AND PEER_ID = ? ORDER BY CREATED_AT",
                max,
                peer.value());
    }

    /**
     * The newest messages, in and out.
     *
     * @throws SQLException if Derby fails
     */
    public List<Entry> recent(int max) throws SQLException {
        return query("SELECT * FROM P2P_MESSAGE ORDER BY CREATED_AT DESC", max);
    }

    private List<Entry> query(String sql, int max, Object... args) throws SQLException {
        try (Connection c = db.connection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ContactBook.bind(ps, args);
            ps.setMaxRows(max);
            List<Entry> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp next = rs.getTimestamp("NEXT_ATTEMPT");
                    out.add(
                            new Entry(
                                    rs.getString("DIRECTION").strip(),
                                    rs.getString("MSG_ID"),
                                    PeerId.of(rs.getString("PEER_ID")),
                                    rs.getString("DID"),
                                    opened(rs.getString("MSG_ID").strip(), rs.getBytes("PAYLOAD")),
                                    rs.getString("STATUS"),
                                    rs.getString("DETAIL"),
                                    rs.getTimestamp("CREATED_AT").toInstant(),
                                    rs.getTimestamp("UPDATED_AT").toInstant(),
                                    rs.getInt("ATTEMPTS"),
                                    next == null ? null : next.toInstant()));
                }
            }
            return out;
        }
    }

    /** A stored payload opened; a damaged one reads as empty rather than breaking the log. */
    private byte[] opened(String id, byte[] stored) {
        byte[] plain = atRest.open(id, stored);
        return plain == null ? new byte[0] : plain;
    }

    private static String truncate(String s) {
        return s.length() <= 500 ? s : s.substring(0, 497) + "...";
    }
}
