// SPDX-License-Identifier: Apache-2.0
/**
 * SuperEXE, the trust gate: verifies signed mini-app packages and OSGi bundles, and installs,
 * updates, rolls back and removes apps, fail-closed.
 */
@Export
@Version("1.1.0")
package io.elastos.api.superexe;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
