// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.metadata;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The node's embedded metadata database.
 *
 * <p>Each bundle owns a <em>scope</em> (usually its symbolic name) and brings its schema up to date
 * with {@link #migrate(String, List)} when it activates. Data goes through plain JDBC connections;
 * a caller closes every connection it takes.
 */
@ProviderType
public interface MetadataStore {

    /**
     * Opens a connection to the metadata database with auto-commit on.
     *
     * @return a new connection, to be closed by the caller
     * @throws SQLException if the database cannot be reached
     */
    Connection connection() throws SQLException;

    /**
     * Applies, in version order, each migration of {@code scope} newer than the scope's current
     * schema version. Every migration runs in its own transaction together with the update of the
     * recorded version, so a crash leaves the scope at the last fully applied version.
     *
     * @param scope the owner of the migrations, such as a bundle symbolic name
     * @param migrations the scope's complete migration history; versions must be unique and
     *     positive
     * @return the scope's schema version after migrating
     * @throws MetadataException if a migration fails (it is rolled back) or the list is invalid, or
     *     if the recorded version is newer than any migration given (a downgrade)
     */
    int migrate(String scope, List<Migration> migrations) throws MetadataException;

    /**
     * Returns the schema version recorded for a scope.
     *
     * @param scope the owner of the migrations
     * @return the last applied migration version, or 0 if none was applied
     * @throws MetadataException if the database cannot be read
     */
    int schemaVersion(String scope) throws MetadataException;
}
