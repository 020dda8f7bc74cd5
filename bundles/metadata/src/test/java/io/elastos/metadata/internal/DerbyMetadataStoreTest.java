// SPDX-License-Identifier: Apache-2.0
package io.elastos.metadata.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.api.metadata.MetadataException;
import io.elastos.api.metadata.Migration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DerbyMetadataStoreTest {

    @TempDir Path data;
    private DerbyMetadataStore store;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    private DerbyMetadataStore open() throws MetadataException {
        store = new DerbyMetadataStore();
        store.open(data.resolve("db/metadata"), 200);
        return store;
    }

    @Test
    void createsTheNodeSchemaOnFirstOpen() throws Exception {
        open();
        assertEquals(1, store.schemaVersion(DerbyMetadataStore.SCOPE));
        try (Connection c = store.connection()) {
            assertTrue(MigrationRunner.tableExists(c, "NODE_PROPERTY"));
        }
        assertTrue(store.check().healthy(), store.check().detail());
    }

    @Test
    void appliesOnlyPendingMigrationsAndKeepsDataAcrossRestarts() throws Exception {
        open();
        Migration v1 = new Migration(1, "notes", List.of("CREATE TABLE NOTE (ID INT PRIMARY KEY)"));
        assertEquals(1, store.migrate("test.app", List.of(v1)));
        try (Connection c = store.connection();
                Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO NOTE VALUES (42)");
        }
        store.close();

        open();
        Migration v2 =
                new Migration(2, "title", List.of("ALTER TABLE NOTE ADD COLUMN TITLE VARCHAR(20)"));
        assertEquals(2, store.migrate("test.app", List.of(v2, v1)));
        try (Connection c = store.connection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT ID, TITLE FROM NOTE")) {
            assertTrue(r.next());
            assertEquals(42, r.getInt(1));
        }
    }

    @Test
    void failedMigrationRollsBackAndLeavesTheLastVersion() throws Exception {
        open();
        Migration ok = new Migration(1, "ok", List.of("CREATE TABLE A (ID INT)"));
        Migration bad =
                new Migration(
                        2,
                        "half broken",
                        List.of("CREATE TABLE B (ID INT)", "CREATE TABLE A (ID INT)"));
        store.migrate("test.rollback", List.of(ok));
        MetadataException e =
                assertThrows(
                        MetadataException.class,
                        () -> store.migrate("test.rollback", List.of(ok, bad)));
        assertTrue(e.getMessage().contains("rolled back"), e.getMessage());
        assertEquals(1, store.schemaVersion("test.rollback"));
        try (Connection c = store.connection()) {
            assertFalse(MigrationRunner.tableExists(c, "B"), "table of the failed step remains");
        }
    }

    @Test
    void refusesDuplicateVersionsAndDowngrades() throws Exception {
        open();
        Migration a = new Migration(1, "a", List.of("CREATE TABLE C1 (ID INT)"));
        Migration b = new Migration(1, "b", List.of("CREATE TABLE C2 (ID INT)"));
        assertThrows(MetadataException.class, () -> store.migrate("test.dup", List.of(a, b)));

        Migration two = new Migration(2, "two", List.of("CREATE TABLE C3 (ID INT)"));
        store.migrate("test.down", List.of(a, two));
        MetadataException e =
                assertThrows(MetadataException.class, () -> store.migrate("test.down", List.of(a)));
        assertTrue(e.getMessage().contains("newer node version"), e.getMessage());
    }

    @Test
    void corruptDatabaseGivesAClearError() throws Exception {
        Path dir = data.resolve("db/metadata");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("service.properties"), "garbage\u0000");
        Files.createDirectories(dir.resolve("seg0"));
        store = new DerbyMetadataStore();
        MetadataException e = assertThrows(MetadataException.class, () -> store.open(dir, 200));
        assertTrue(e.getMessage().contains("cannot be opened"), e.getMessage());
        assertTrue(e.getMessage().contains("move the folder away"), e.getMessage());
        store = null;
    }
}
