// SPDX-License-Identifier: Apache-2.0
/** Node-wide services: health indicators that bundles contribute to {@code /api/health}. */
@Export
@Version("1.0.0")
package io.elastos.api.node;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
