// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the private vault: a version of a file, or a directory in a listing.
 *
 * @param path the absolute vault path, such as {@code /photos/2026/beach.jpg}
 * @param directory whether this is a directory; a directory has size 0 and version 0
 * @param size the plaintext size in bytes
 * @param version the file version, counting from 1 for each path; 0 for a directory
 * @param modifiedAt when this version was committed; for a directory, its newest file's time
 */
public record VaultEntry(
        String path, boolean directory, long size, long version, Instant modifiedAt) {

    /**
     * Validates the entry.
     *
     * @throws NullPointerException if {@code path} or {@code modifiedAt} is {@code null}
     * @throws IllegalArgumentException if the path is not absolute, the size is negative, or the
     *     version is not at least 1 for a file or not 0 for a directory
     */
    public VaultEntry {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(modifiedAt, "modifiedAt");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("vault path must be absolute: " + path);
        }
        if (size < 0) {
            throw new IllegalArgumentException("negative size: " + size);
        }
        if (directory ? version != 0 || size != 0 : version < 1) {
            throw new IllegalArgumentException(
                    (directory ? "directory" : "file")
                            + " entry with size "
                            + size
                            + " and version "
                            + version
                            + ": "
                            + path);
        }
    }

    /**
     * Returns the last segment of the path.
     *
     * @return the file or directory name, or {@code ""} for the root
     */
    public String name() {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
