// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.ipfs;

import java.util.Objects;

/**
 * The result of importing a file or directory.
 *
 * @param root the DAG's root CID
 * @param cumulativeSize the total size of the DAG's encoded blocks, the {@code Tsize} a parent
 *     directory's link to it carries
 * @param contentSize for a file, its length in bytes; for a directory, the total length of the
 *     files below it
 */
public record ImportedDag(ContentId root, long cumulativeSize, long contentSize) {

    /**
     * Checks the fields.
     *
     * @throws NullPointerException if {@code root} is null
     */
    public ImportedDag {
        Objects.requireNonNull(root, "root");
    }
}
