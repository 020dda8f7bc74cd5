// SPDX-License-Identifier: Apache-2.0
/**
 * The node's libp2p endpoint: its peer id and addresses, connections, and messages between DIDs.
 */
@Export
@Version("1.1.0")
package io.elastos.api.p2p;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
