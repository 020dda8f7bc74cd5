// SPDX-License-Identifier: Apache-2.0
/** The WebAssembly runtime that runs mini-apps in sandboxes. */
@Export
@Version("1.1.0")
package io.elastos.api.runtime;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
