// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.identity;

/**
 * What a signed-in user may do on the node. Roles are ordered: each one includes everything the
 * roles after it may do.
 */
public enum Role {
    /** The node's owner: manages apps, bundles, members, keys and every file. */
    OWNER,
    /** A household member: uses apps and their own files, cannot change the node. */
    MEMBER,
    /** A guest, such as a paired device with limited access: only what is shared with them. */
    GUEST;

    /**
     * Tells whether this role may do everything {@code required} may.
     *
     * @param required the least role an action needs
     * @return whether this role is {@code required} or above it
     */
    public boolean includes(Role required) {
        return compareTo(required) <= 0;
    }
}
