// SPDX-License-Identifier: Apache-2.0
package io.elastos.metadata.internal;

import io.elastos.api.metadata.MetadataException;
import io.elastos.api.metadata.MetadataStore;
import java.nio.file.Path;

/** Opens and closes a real embedded Derby metadata store for tests of the bundles that use it. */
public final class TestMetadata {

    private TestMetadata() {}

    /**
     * Opens (creating) a metadata database in a directory.
     *
     * @param dir where the database lives; it is created if missing
     * @return the open store
     * @throws MetadataException if Derby cannot open it
     */
    public static MetadataStore open(Path dir) throws MetadataException {
        DerbyMetadataStore store = new DerbyMetadataStore();
        store.open(dir, 1000);
        return store;
    }

    /**
     * Shuts a store from {@link #open(Path)} down.
     *
     * @param store the store
     */
    public static void close(MetadataStore store) {
        ((DerbyMetadataStore) store).close();
    }
}
