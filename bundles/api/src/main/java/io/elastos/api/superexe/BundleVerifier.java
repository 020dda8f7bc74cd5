// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.superexe;

import java.nio.file.Path;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Verifies signed OSGi bundle jars before they are installed or updated, so that NAS-service
 * bundles pass the same gate as mini-apps.
 */
@ProviderType
public interface BundleVerifier {

    /**
     * Verifies a bundle jar: a readable jar within the archive limits, signed with {@code
     * jarsigner} so that every entry except the signature files is covered by one signer, whose
     * certificate chains to the node's trust store and is neither expired nor revoked, and whose
     * manifest has a {@code Bundle-SymbolicName}.
     *
     * @param jar the jar file; it is not modified
     * @return the verified bundle, pointing at a private copy of the jar
     * @throws VerificationException at the first check that fails, with its reason
     */
    VerifiedBundle verify(Path jar) throws VerificationException;
}
