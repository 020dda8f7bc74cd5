// SPDX-License-Identifier: Apache-2.0
/**
 * The node's storage: content-addressed blocks, the encrypted private vault, the IPFS-compatible
 * shared partition and the per-app key/value scopes.
 */
@Export
@Version("1.1.0")
package io.elastos.api.storage;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
