// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.api.audit.AuditEvent;
import io.elastos.api.audit.AuditEvent.Outcome;
import io.elastos.api.metadata.MetadataStore;
import io.elastos.metadata.internal.TestMetadata;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DerbyAuditLogTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00.123456Z");

    @TempDir Path dir;
    private MetadataStore store;
    private DerbyAuditLog log;

    @BeforeEach
    void open() throws Exception {
        store = TestMetadata.open(dir.resolve("db"));
        log = new DerbyAuditLog(store);
    }

    @AfterEach
    void close() {
        TestMetadata.close(store);
    }

    private static AuditEvent event(int i) {
        return new AuditEvent(
                T0.plusSeconds(i),
                "did:key:z6Mk" + i,
                "app.install",
                "org.example.app@" + i,
                i % 2 == 0 ? Outcome.ALLOWED : Outcome.DENIED,
                i % 2 == 0 ? "" : "bad signature " + i);
    }

    @Test
    void queryReturnsEventsInRecordingOrderFilteredBySinceAndLimit() {
        for (int i = 0; i < 5; i++) {
            log.record(event(i));
        }
        assertEquals(List.of(event(0), event(1), event(2), event(3), event(4)), log.query(T0, 10));
        assertEquals(List.of(event(2), event(3), event(4)), log.query(T0.plusSeconds(2), 10));
        assertEquals(List.of(event(0), event(1)), log.query(T0, 2));
        assertEquals(List.of(), log.query(T0.plusSeconds(60), 10));
        assertThrows(IllegalArgumentException.class, () -> log.query(T0, 0));
    }

    @Test
    void schemaIsMigratedOnceAndSurvivesReactivation() throws Exception {
        log.record(event(0));
        DerbyAuditLog again = new DerbyAuditLog(store);
        again.record(event(1));
        assertEquals(1, store.schemaVersion(DerbyAuditLog.SCOPE));
        assertEquals(2, again.query(T0, 10).size());
        assertTrue(again.verify().intact());
    }

    @Test
    void longFieldsAreTruncatedWithAMarker() {
        String reason = "x".repeat(10_000);
        log.record(new AuditEvent(T0, "admin", "bundle.deploy", "", Outcome.FAILED, reason));
        String stored = log.query(T0, 1).get(0).reason();
        assertEquals(AuditRow.MAX_REASON, stored.length());
        assertTrue(stored.endsWith("[truncated]"));
        assertTrue(log.verify().intact());
    }

    @Test
    void intactChainVerifies() {
        ChainCheck empty = log.verify();
        assertTrue(empty.intact());
        assertEquals(ChainHash.GENESIS, empty.head());
        for (int i = 0; i < 20; i++) {
            log.record(event(i));
        }
        ChainCheck check = log.verify();
        assertTrue(check.intact(), check.problem());
        assertEquals(20, check.rows());
        assertEquals(-1, check.brokenSeq());
    }

    @Test
    void editedReasonIsDetectedAtItsRow() throws SQLException {
        for (int i = 0; i < 6; i++) {
            log.record(event(i));
        }
        sql("UPDATE AUDIT_LOG SET REASON = 'nothing to see' WHERE SEQ = 4");
        ChainCheck check = log.verify();
        assertFalse(check.intact());
        assertEquals(4, check.brokenSeq());
        assertEquals(3, check.rows());
        assertTrue(check.problem().contains("edited"), check.problem());
    }

    @Test
    void deletedMiddleRowIsDetectedAsAGap() throws SQLException {
        for (int i = 0; i < 6; i++) {
            log.record(event(i));
        }
        sql("DELETE FROM AUDIT_LOG WHERE SEQ = 3");
        ChainCheck check = log.verify();
        assertFalse(check.intact());
        assertEquals(3, check.brokenSeq());
        assertTrue(check.problem().contains("missing"), check.problem());
    }

    @Test
    void renumberedRowsAreDetected() throws SQLException {
        for (int i = 0; i < 4; i++) {
            log.record(event(i));
        }
        // Hide a deletion by closing the gap: the renumbered row no longer links.
        sql("DELETE FROM AUDIT_LOG WHERE SEQ = 2");
        sql("UPDATE AUDIT_LOG SET SEQ = SEQ - 1 WHERE SEQ > 2");
        ChainCheck check = log.verify();
        assertFalse(check.intact());
        assertEquals(2, check.brokenSeq());
        assertTrue(check.problem().contains("link"), check.problem());
    }

    @Test
    void recordDoesNotThrowWhenTheDatabaseIsGone() throws Exception {
        TestMetadata.close(store);
        log.record(event(1));
        assertFalse(log.check().healthy());
        store = TestMetadata.open(dir.resolve("db"));
    }

    @Test
    void concurrentAppendsKeepOneValidChain() throws Exception {
        int threads = 8;
        int each = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(
                        pool.submit(() -> {
                            for (int i = 0; i < each; i++) {
                                log.record(event(thread * 1000 + i));
                            }
                        }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        ChainCheck check = log.verify();
        assertTrue(check.intact(), check.problem());
        assertEquals(threads * each, check.rows());
        try (Connection c = store.connection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*), MAX(SEQ) FROM AUDIT_LOG")) {
            rs.next();
            assertEquals(threads * each, rs.getLong(1));
            assertEquals(threads * each, rs.getLong(2));
        }
        assertTrue(log.check().healthy());
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = store.connection();
                Statement s = c.createStatement()) {
            s.executeUpdate(statement);
        }
    }
}
