// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.superexe;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A mini-app package that passed verification: safe to read, signed by its publisher, every file
 * matching its hash, and the publisher trusted by the owner.
 *
 * @param manifest the package's manifest
 * @param file a private copy of the package made by the verifier, so that what was verified is what
 *     gets installed, even if the original file changes afterwards
 * @param sha256 the SHA-256 of the whole package file, as lowercase hex
 * @param verifiedAt when verification finished
 */
public record VerifiedPackage(AppManifest manifest, Path file, String sha256, Instant verifiedAt) {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    /**
     * Validates the record.
     *
     * @throws NullPointerException if any component is {@code null}
     * @throws IllegalArgumentException if the hash is not lowercase hex SHA-256
     */
    public VerifiedPackage {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(verifiedAt, "verifiedAt");
        if (!SHA256_HEX.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a lowercase hex SHA-256: " + sha256);
        }
    }
}
