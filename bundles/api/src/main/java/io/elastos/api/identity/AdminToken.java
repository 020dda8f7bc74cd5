// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.identity;

import java.nio.file.Path;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The node-local administrator token: a random secret in an owner-only file of the data directory
 * that tools on the NAS itself (the CLI, scripts) present as {@code Authorization: Bearer <token>}.
 * Whoever can read the file already controls the node; remote users sign in instead.
 */
@ProviderType
public interface AdminToken {

    /**
     * Checks a presented token in constant time.
     *
     * @param presented the token from a request, may be null
     * @return whether it is the node's token
     */
    boolean verify(String presented);

    /**
     * Tells where the token is kept, for tools to read it.
     *
     * @return the token file
     */
    Path file();
}
