// SPDX-License-Identifier: Apache-2.0
package io.elastos.metadata.internal;

import io.elastos.api.metadata.MetadataException;
import io.elastos.api.metadata.MetadataStore;
import io.elastos.api.metadata.Migration;
import io.elastos.api.node.HealthIndicator;
import io.elastos.api.node.HealthStatus;
import io.elastos.api.node.NodeProperties;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/** The node's metadata database on embedded Apache Derby, kept in the data directory. */
@Component(
        service = {MetadataStore.class, HealthIndicator.class},
        configurationPid = "io.elastos.metadata",
        immediate = true)
@Designate(ocd = MetadataConfiguration.class)
public class DerbyMetadataStore implements MetadataStore, HealthIndicator {

    static final String SCOPE = "io.elastos.metadata";

    /** The node's own tables; later entries are appended, never edited. */
    static final List<Migration> MIGRATIONS =
            List.of(
                    new Migration(
                            1,
                            "node properties",
                            List.of(
                                    "CREATE TABLE NODE_PROPERTY (NAME VARCHAR(128) NOT NULL"
                                            + " PRIMARY KEY, VAL VARCHAR(4000) NOT NULL)")));

    private static final System.Logger LOG = System.getLogger(DerbyMetadataStore.class.getName());

    private EmbeddedDataSource dataSource;
    private MigrationRunner migrations;
    private Path directory;

    @Activate
    void activate(BundleContext context, MetadataConfiguration config) throws MetadataException {
        open(
                NodeProperties.dataDirectory(context::getProperty).resolve(config.directory()),
                config.pageCachePages());
    }

    /** Opens (creating if needed) the database in {@code dir} and applies the node's migrations. */
    void open(Path dir, int pageCachePages) throws MetadataException {
        directory = dir.toAbsolutePath();
        DerbySystem.configure(directory.getParent(), pageCachePages);
        dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName(directory.toString());
        if (!Files.exists(directory)) {
            dataSource.setCreateDatabase("create");
        }
        migrations = new MigrationRunner(this::connection);
        try {
            connection().close();
            dataSource.setCreateDatabase(null);
            migrations.ensureHistoryTable();
        } catch (SQLException e) {
            throw new MetadataException(
                    "the metadata database in "
                            + directory
                            + " cannot be opened ("
                            + DerbySystem.rootCause(e)
                            + "); restore it from a backup, or move the folder away to start with"
                            + " an empty one",
                    e);
        }
        int version = migrate(SCOPE, MIGRATIONS);
        LOG.log(Level.INFO, "metadata database ready at {0} (schema {1})", directory, version);
    }

    @Deactivate
    void close() {
        if (dataSource == null) {
            return;
        }
        DerbySystem.shutdownDatabase(directory.toString());
        dataSource = null;
    }

    @Override
    public Connection connection() throws SQLException {
        EmbeddedDataSource ds = dataSource;
        if (ds == null) {
            throw new SQLException("the metadata database is closed");
        }
        return DerbySystem.withBundleLoader(ds::getConnection);
    }

    @Override
    public int migrate(String scope, List<Migration> list) throws MetadataException {
        return migrations.migrate(scope, list);
    }

    @Override
    public int schemaVersion(String scope) throws MetadataException {
        return migrations.schemaVersion(scope);
    }

    @Override
    public String name() {
        return "metadata";
    }

    @Override
    public HealthStatus check() {
        try (Connection c = connection()) {
            boolean ok = MigrationRunner.tableExists(c, "NODE_PROPERTY");
            int schema = schemaVersion(SCOPE);
            return ok
                    ? HealthStatus.up(
                            "Derby " + c.getMetaData().getDatabaseProductVersion(),
                            Map.of("schema", schema, "path", directory.toString()))
                    : HealthStatus.down("node tables are missing");
        } catch (SQLException | MetadataException e) {
            return HealthStatus.down("metadata database unavailable: " + e.getMessage());
        }
    }
}
