// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * A file or folder of an app scope's file area.
 *
 * @param directory whether it is a folder
 * @param size the content length in bytes; 0 for a folder
 * @param modified when it last changed
 */
public record FileStat(boolean directory, long size, Instant modified) {

    /**
     * Validates the values.
     *
     * @throws IllegalArgumentException if the size is negative
     */
    public FileStat {
        Objects.requireNonNull(modified, "modified");
        if (size < 0) {
            throw new IllegalArgumentException("negative size: " + size);
        }
    }
}
