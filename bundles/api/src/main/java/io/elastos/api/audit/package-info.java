// SPDX-License-Identifier: Apache-2.0
/** The node's append-only audit log of security decisions. */
@Export
@Version("1.0.0")
package io.elastos.api.audit;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
