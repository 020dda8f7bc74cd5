// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.msg;

import io.elastos.api.identity.Did;
import io.elastos.api.metadata.MetadataException;
import io.elastos.api.metadata.MetadataStore;
import io.elastos.api.metadata.Migration;
import io.elastos.api.p2p.PeerId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The contact book in Derby: for each contact, the owner DID, their node's peer id, the addresses
 * it was last seen at, and a name. Messages are accepted only from a contact's peer.
 */
public final class ContactBook {

    /** The metadata scope of the P2P tables. */
    public static final String SCOPE = "io.elastos.p2p";

    /** The longest DID a contact may have (the column width). */
    public static final int MAX_DID = 512;

    /** At most this many addresses are kept per contact. */
    public static final int MAX_ADDRESSES = 8;

    static final List<Migration> MIGRATIONS =
            List.of(
                    new Migration(
                            1,
                            "contacts and messages",
                            List.of(
                                    "CREATE TABLE P2P_CONTACT (DID VARCHAR(512) NOT NULL PRIMARY KEY,"
                                            + " PEER_ID VARCHAR(128) NOT NULL, NAME VARCHAR(200) NOT NULL,"
                                            + " ADDRESSES VARCHAR(2000) NOT NULL,"
                                            + " CREATED_AT TIMESTAMP NOT NULL)",
                                    "CREATE INDEX P2P_CONTACT_PEER ON P2P_CONTACT (PEER_ID)",
                                    "CREATE TABLE P2P_MESSAGE (DIRECTION CHAR(3) NOT NULL,"
                                            + " PEER_ID VARCHAR(128) NOT NULL, MSG_ID CHAR(32) NOT NULL,"
                                            + " DID VARCHAR(512) NOT NULL, PAYLOAD BLOB(2M) NOT NULL,"
                                            + " STATUS VARCHAR(16) NOT NULL, DETAIL VARCHAR(500),"
                                            + " CREATED_AT TIMESTAMP NOT NULL,"
                                            + " UPDATED_AT TIMESTAMP NOT NULL, ATTEMPTS INT NOT NULL,"
                                            + " NEXT_ATTEMPT TIMESTAMP,"
                                            + " PRIMARY KEY (DIRECTION, PEER_ID, MSG_ID))",
                                    "CREATE INDEX P2P_MESSAGE_DUE ON P2P_MESSAGE (STATUS, NEXT_ATTEMPT)",
                                    "CREATE INDEX P2P_MESSAGE_TIME ON P2P_MESSAGE (CREATED_AT)")));

    /** One contact. */
    public record Contact(
            Did did, PeerId peer, String name, List<String> addresses, Instant createdAt) {
        /** Copies the addresses. */
        public Contact {
            addresses = List.copyOf(addresses);
        }
    }

    private final MetadataStore db;

    /**
     * Opens the book, migrating the P2P tables.
     *
     * @param db the node's metadata store
     * @throws MetadataException if the migration fails
     */
    public ContactBook(MetadataStore db) throws MetadataException {
        this.db = db;
        db.migrate(SCOPE, MIGRATIONS);
    }

    /** The store the book lives in; the message log shares it. */
    MetadataStore db() {
        return db;
    }

    /**
     * Adds a contact or replaces the one with the same DID.
     *
     * @param contact the contact
     * @throws SQLException if Derby fails
     */
    public void put(Contact contact) throws SQLException {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                exec(c, "DELETE FROM P2P_CONTACT WHERE DID = ?", contact.did().value());
                exec(
                        c,
                        "INSERT INTO P2P_CONTACT VALUES (?, ?, ?, ?, ?)",
                        contact.did().value(),
                        contact.peer().value(),
                        contact.name(),
                        String.join("\n", contact.addresses()),
                        Timestamp.from(contact.createdAt()));
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Removes a contact.
     *
     * @param did the contact's DID
     * @return whether there was one
     * @throws SQLException if Derby fails
     */
    public boolean remove(Did did) throws SQLException {
        try (Connection c = db.connection()) {
            return exec(c, "DELETE FROM P2P_CONTACT WHERE DID = ?", did.value()) > 0;
        }
    }

    /**
     * Finds a contact by DID.
     *
     * @param did the DID
     * @return the contact, or empty
     * @throws SQLException if Derby fails
     */
    public Optional<Contact> get(Did did) throws SQLException {
        List<Contact> l = query("SELECT * FROM P2P_CONTACT WHERE DID = ?", did.value());
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    /**
     * Finds the contacts whose node has a peer id.
     *
     * @param peer the peer id
     * @return the contacts (one owner may be several contacts' node only by mistake)
     * @throws SQLException if Derby fails
     */
    public List<Contact> byPeer(PeerId peer) throws SQLException {
        return query("SELECT * FROM P2P_CONTACT WHERE PEER_ID = ?", peer.value());
    }

    /**
     * Lists every contact.
     *
     * @return the contacts, by name then DID
     * @throws SQLException if Derby fails
     */
    public List<Contact> list() throws SQLException {
        return query("SELECT * FROM P2P_CONTACT ORDER BY NAME, DID");
    }

    /**
     * Records where a contact's node was seen, newest first, keeping {@link #MAX_ADDRESSES}.
     *
     * @param peer the contact's peer
     * @param seen the addresses it announced
     * @throws SQLException if Derby fails
     */
    public void seen(PeerId peer, List<String> seen) throws SQLException {
        for (Contact contact : byPeer(peer)) {
            List<String> merged = new ArrayList<>(seen);
            contact.addresses().stream().filter(a -> !merged.contains(a)).forEach(merged::add);
            List<String> kept = merged.subList(0, Math.min(MAX_ADDRESSES, merged.size()));
            if (!kept.equals(contact.addresses())) {
                try (Connection c = db.connection()) {
                    exec(
                            c,
                            "UPDATE P2P_CONTACT SET ADDRESSES = ? WHERE DID = ?",
                            String.join("\n", kept),
                            contact.did().value());
                }
            }
        }
    }

    private List<Contact> query(String sql, Object... args) throws SQLException {
        try (Connection c = db.connection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            List<Contact> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String addresses = rs.getString("ADDRESSES");
                    out.add(
                            new Contact(
                                    Did.of(rs.getString("DID")),
                                    PeerId.of(rs.getString("PEER_ID")),
                                    rs.getString("NAME"),
                                    addresses.isEmpty()
                                            ? List.of()
                                            : Arrays.asList(addresses.split("\n")),
                                    rs.getTimestamp("CREATED_AT").toInstant()));
                }
            }
            return out;
        }
    }

    static int exec(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            if (args[i] == null) {
                ps.setNull(i + 1, ps.getParameterMetaData().getParameterType(i + 1));
            } else {
                ps.setObject(i + 1, args[i]);
            }
        }
    }
}
