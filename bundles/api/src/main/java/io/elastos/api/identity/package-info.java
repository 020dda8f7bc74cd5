// SPDX-License-Identifier: Apache-2.0
/** Identity of the node and of its users: decentralized identifiers, keys and signatures. */
@Export
@Version("1.2.0")
package io.elastos.api.identity;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
