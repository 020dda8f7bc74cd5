// SPDX-License-Identifier: Apache-2.0
/** The registry of installed mini-apps: their versions, head pointers and run states. */
@Export
@Version("1.1.0")
package io.elastos.api.apps;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
