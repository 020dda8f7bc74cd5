// SPDX-License-Identifier: Apache-2.0
/**
 * The node's event hooks: topics and property names of the events it posts through OSGi Event
 * Admin, for bundles that react to apps, licenses, published files and peers.
 */
@Export
@Version("1.0.0")
package io.elastos.api.events;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
