// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.pkg;

import io.elastos.api.identity.Did;
import io.elastos.api.superexe.AppManifest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A package that passed the static checks: safe zip, valid manifest, good signature, every file
 * present, listed and matching its hash. The arrays are the reader's own; callers must not modify
 * them.
 *
 * @param manifest the parsed manifest
 * @param manifestBytes the exact signed {@code manifest.json} bytes
 * @param files every listed file's content by package path, in manifest order
 * @param sha256 the SHA-256 of the whole package file, lowercase hex
 * @param size the package file's size in bytes
 */
public record ReadPackage(
        AppManifest manifest,
        byte[] manifestBytes,
        Map<String, byte[]> files,
        String sha256,
        long size,
        Did endorsedBy) {

    /** A package no marketplace endorsed. */
    public ReadPackage(
            AppManifest manifest,
            byte[] manifestBytes,
            Map<String, byte[]> files,
            String sha256,
            long size) {
        this(manifest, manifestBytes, files, sha256, size, null);
    }

    /** Checks for nulls and makes the file map unmodifiable. */
    public ReadPackage {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(manifestBytes, "manifestBytes");
        Objects.requireNonNull(sha256, "sha256");
        files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
    }
}
