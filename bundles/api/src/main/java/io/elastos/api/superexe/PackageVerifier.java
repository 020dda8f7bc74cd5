// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.superexe;

import java.nio.file.Path;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Verifies mini-app packages ({@code .wapp}) without installing anything: the first, static half of
 * the install pipeline. Version, license and compile checks need the node's state and are the
 * {@link Installer}'s.
 */
@ProviderType
public interface PackageVerifier {

    /**
     * Verifies a package, fail-closed and in this order: reads the zip within size, entry-count and
     * compression-ratio limits, refusing traversal and duplicate entries; parses the manifest;
     * checks the publisher's signature over the exact manifest bytes ({@code did:key}: Ed25519,
     * {@code did:pkh}: EIP-191 secp256k1); checks every file against its manifest hash, refusing
     * unlisted and missing files; checks that the owner trusts the publisher and has not revoked
     * it.
     *
     * @param pkg the package file; it is not modified
     * @return the verified package, pointing at a private copy of the file
     * @throws VerificationException at the first check that fails, with its reason
     */
    VerifiedPackage verify(Path pkg) throws VerificationException;
}
