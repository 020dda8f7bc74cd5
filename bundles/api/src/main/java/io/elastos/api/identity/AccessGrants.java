// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.identity;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What members, guests and other nodes' owners may use: the owner may use everything; anyone else
 * only what a grant record (or a verifiable credential the owner signed) gives them.
 */
@ProviderType
public interface AccessGrants {

    /**
     * Tells whether a caller may use a resource now. Revoked or expired grants never count.
     *
     * @param caller the caller's session
     * @param resource the resource, such as {@code app:org.example.notes} or {@code folder:/photos}
     *     (a folder grant covers what is below it)
     * @return whether the caller may use it
     */
    boolean allowed(Session caller, String resource);
}
