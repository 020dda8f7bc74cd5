// SPDX-License-Identifier: Apache-2.0
package io.elastos.metadata.internal;

import java.nio.file.Path;
import java.sql.SQLException;
import org.apache.derby.jdbc.EmbeddedDataSource;

/** Process-wide Derby settings and the class-loader care Derby needs inside OSGi. */
final class DerbySystem {

    /** A JDBC action that may throw {@link SQLException}. */
    @FunctionalInterface
    interface SqlAction<T> {
        T run() throws SQLException;
    }

    private DerbySystem() {}

    /**
     * Derby reads these system properties when its engine boots: keep its log out of the working
     * directory and bound its page cache.
     */
    static void configure(Path logDirectory, int pageCachePages) {
        int pages = Math.max(100, Math.min(100_000, pageCachePages));
        System.setProperty("derby.storage.pageCacheSize", Integer.toString(pages));
        if (System.getProperty("derby.stream.error.file") == null && logDirectory != null) {
            logDirectory.toFile().mkdirs();
            System.setProperty(
                    "derby.stream.error.file", logDirectory.resolve("derby.log").toString());
        }
    }

    /**
     * Derby loads engine modules and messages through the context class loader; inside OSGi that
     * must be this bundle's loader.
     */
    static <T> T withBundleLoader(SqlAction<T> action) throws SQLException {
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(DerbySystem.class.getClassLoader());
        try {
            return action.run();
        } finally {
            t.setContextClassLoader(previous);
        }
    }

    /** Shuts one database down cleanly so its files are consistent on disk. */
    static void shutdownDatabase(String path) {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName(path);
        ds.setShutdownDatabase("shutdown");
        try {
            withBundleLoader(ds::getConnection).close();
        } catch (SQLException expected) {
            // Derby reports a successful shutdown as SQLState 08006.
        }
    }

    /** The innermost message of a chain of SQL exceptions, which is where Derby says why. */
    static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
