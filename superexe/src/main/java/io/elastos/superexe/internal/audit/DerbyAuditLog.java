// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.audit;

import io.elastos.api.audit.AuditEvent;
import io.elastos.api.audit.AuditLog;
import io.elastos.api.metadata.MetadataException;
import io.elastos.api.metadata.MetadataStore;
import io.elastos.api.metadata.Migration;
import io.elastos.api.node.HealthIndicator;
import io.elastos.api.node.HealthStatus;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The node's audit log in the metadata database, each row hash-chained to the one before. */
@Component(
        service = {AuditLog.class, HealthIndicator.class, DerbyAuditLog.class},
        configurationPid = "io.elastos.superexe.audit",
        immediate = true)
public class DerbyAuditLog implements AuditLog, HealthIndicator {

    static final String SCOPE = "io.elastos.superexe.audit";

    /** The audit log's tables; later entries are appended, never edited. */
    static final List<Migration> MIGRATIONS =
            List.of(
                    new Migration(
                            1,
                            "hash-chained audit log",
                            List.of(
                                    "CREATE TABLE AUDIT_LOG (SEQ BIGINT NOT NULL PRIMARY KEY,"
                                            + " TIME TIMESTAMP NOT NULL,"
                                            + " ACTOR VARCHAR(256) NOT NULL,"
                                            + " ACTION VARCHAR(128) NOT NULL,"
                                            + " SUBJECT VARCHAR(1024) NOT NULL,"
                                            + " OUTCOME VARCHAR(16) NOT NULL,"
                                            + " REASON VARCHAR(4000) NOT NULL,"
                                            + " PREV_HASH CHAR(64) NOT NULL,"
                                            + " HASH CHAR(64) NOT NULL)",
                                    "CREATE INDEX AUDIT_LOG_TIME ON AUDIT_LOG (TIME)")));

    /** The most rows one query returns, whatever the caller asks for. */
    static final int MAX_QUERY = 10_000;

    private static final System.Logger LOG = System.getLogger(DerbyAuditLog.class.getName());

    private static final String COLUMNS =
            "SEQ, TIME, ACTOR, ACTION, SUBJECT, OUTCOME, REASON, PREV_HASH, HASH";

    private final MetadataStore store;
    private volatile String lastFailure;

    /**
     * Creates the audit log and brings its table up to date.
     *
     * @param store the metadata database holding the table
     * @throws MetadataException if the table cannot be created
     */
    @Activate
    public DerbyAuditLog(@Reference MetadataStore store) throws MetadataException {
        this.store = store;
        store.migrate(SCOPE, MIGRATIONS);
    }

    @Override
    public void record(AuditEvent event) {
        try {
            append(event);
            lastFailure = null;
        } catch (SQLException | RuntimeException e) {
            // The audited action must go on: keep the event in the node log instead.
            lastFailure = e.toString();
            LOG.log(Level.ERROR, "audit log write failed; lost event: " + event, e);
        }
    }

    /** Appends one row; serialized so that every row links to the one written just before it. */
    private synchronized void append(AuditEvent event) throws SQLException {
        try (Connection c = store.connection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            try {
                long seq = 1;
                String prev = ChainHash.GENESIS;
                try (PreparedStatement last =
                                c.prepareStatement(
                                        "SELECT SEQ, HASH FROM AUDIT_LOG ORDER BY SEQ DESC"
                                                + " FETCH FIRST ROW ONLY");
                        ResultSet rs = last.executeQuery()) {
                    if (rs.next()) {
                        seq = rs.getLong(1) + 1;
                        prev = rs.getString(2);
                    }
                }
                insert(c, AuditRow.next(seq, event, prev));
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static void insert(Connection c, AuditRow row) throws SQLException {
        try (PreparedStatement ins =
                c.prepareStatement(
                        "INSERT INTO AUDIT_LOG ("
                                + COLUMNS
                                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ins.setLong(1, row.seq());
            ins.setTimestamp(2, Timestamp.from(row.time()), utc());
            ins.setString(3, row.actor());
            ins.setString(4, row.action());
            ins.setString(5, row.subject());
            ins.setString(6, row.outcome());
            ins.setString(7, row.reason());
            ins.setString(8, row.prevHash());
            ins.setString(9, row.hash());
            ins.executeUpdate();
        }
    }

    @Override
    public List<AuditEvent> query(Instant since, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        List<AuditEvent> events = new ArrayList<>();
        try (Connection c = store.connection();
                PreparedStatement q =
                        c.prepareStatement(
                                "SELECT "
                                        + COLUMNS
                                        + " FROM AUDIT_LOG WHERE TIME >= ? ORDER BY SEQ")) {
            q.setTimestamp(1, Timestamp.from(since), utc());
            q.setMaxRows(Math.min(limit, MAX_QUERY));
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    events.add(read(rs).toEvent());
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the audit log cannot be read: " + e.getMessage(), e);
        }
        return events;
    }

    /**
     * Checks the whole hash chain: sequence numbers without gaps from 1, each row's previous hash
     * equal to the hash of the row before, and each row's hash equal to the hash of its contents.
     * Removing rows from the end cannot be seen from the table alone; compare {@link
     * ChainCheck#head()} with a copy kept elsewhere for that.
     *
     * @return whether the chain is intact, and if not where and why it first breaks
     * @throws IllegalStateException if the table cannot be read
     */
    public ChainCheck verify() {
        long expected = 1;
        String prev = ChainHash.GENESIS;
        try (Connection c = store.connection();
                PreparedStatement q =
                        c.prepareStatement("SELECT " + COLUMNS + " FROM AUDIT_LOG ORDER BY SEQ");
                ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                AuditRow row = read(rs);
                long checked = expected - 1;
                if (row.seq() != expected) {
                    return ChainCheck.broken(
                            checked,
                            expected,
                            "row "
                                    + expected
                                    + (row.seq() - 1 > expected ? " to " + (row.seq() - 1) : "")
                                    + " missing (deleted); the next row is "
                                    + row.seq(),
                            prev);
                }
                if (!row.prevHash().equals(prev)) {
                    return ChainCheck.broken(
                            checked,
                            row.seq(),
                            "row does not link to the row before it (rows were reordered,"
                                    + " replaced or inserted)",
                            prev);
                }
                if (!ChainHash.of(row).equals(row.hash())) {
                    return ChainCheck.broken(
                            checked,
                            row.seq(),
                            "row content was edited after it was recorded",
                            prev);
                }
                prev = row.hash();
                expected++;
            }
        } catch (SQLException | RuntimeException e) {
            throw new IllegalStateException("the audit log cannot be read: " + e.getMessage(), e);
        }
        return ChainCheck.ok(expected - 1, prev);
    }

    private static AuditRow read(ResultSet rs) throws SQLException {
        return new AuditRow(
                rs.getLong(1),
                rs.getTimestamp(2, utc()).toInstant(),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8),
                rs.getString(9));
    }

    /**
     * TIMESTAMP has no zone: store UTC so that the stored value, and so the hash, does not depend
     * on the node's time zone or daylight saving time.
     */
    private static Calendar utc() {
        return Calendar.getInstance(TimeZone.getTimeZone("UTC"));
    }

    @Override
    public String name() {
        return "audit";
    }

    @Override
    public HealthStatus check() {
        String failure = lastFailure;
        return failure == null
                ? HealthStatus.up("audit log writable", Map.of())
                : HealthStatus.down("the last audit event could not be written: " + failure);
    }
}
