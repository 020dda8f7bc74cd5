// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.identity;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Who owns the node: the DID the owner signed up with (a wallet's {@code did:pkh}, or the node's
 * own {@code did:key} for a password owner). Other bundles act in the owner's name with it, such as
 * the P2P bundle sending messages from the owner to their contacts.
 */
@ProviderType
public interface NodeOwner {

    /**
     * Returns the owner's DID.
     *
     * @return the DID, or empty before the first-run setup made an owner
     */
    Optional<Did> ownerDid();
}
