// SPDX-License-Identifier: Apache-2.0
/**
 * The node's metadata database: an embedded relational store whose schema every bundle extends with
 * its own versioned migrations.
 */
@Export
@Version("1.0.0")
package io.elastos.api.metadata;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
