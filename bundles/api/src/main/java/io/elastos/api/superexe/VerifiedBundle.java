// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.superexe;

import java.nio.file.Path;
import java.util.Objects;

/**
 * An OSGi bundle jar that passed verification: every entry signed by one trusted signer.
 *
 * @param symbolicName the {@code Bundle-SymbolicName}, without directives
 * @param version the {@code Bundle-Version}
 * @param file a private copy of the jar made by the verifier
 * @param signer the signer certificate's subject distinguished name
 * @param signerFingerprint the SHA-256 fingerprint of the signer certificate, as lowercase hex
 */
public record VerifiedBundle(
        String symbolicName, String version, Path file, String signer, String signerFingerprint) {

    /**
     * Validates the record.
     *
     * @throws NullPointerException if any component is {@code null}
     */
    public VerifiedBundle {
        Objects.requireNonNull(symbolicName, "symbolicName");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(signerFingerprint, "signerFingerprint");
    }
}
