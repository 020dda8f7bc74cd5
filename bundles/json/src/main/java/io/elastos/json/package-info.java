// SPDX-License-Identifier: Apache-2.0
/**
 * The node's JSON (RFC 8259): {@link io.elastos.json.JsonReader}, a strict, bounded parser for
 * untrusted documents, and {@link io.elastos.json.JsonWriter}, which writes HTML-safe JSON.
 */
@Export
@Version("1.0.0")
package io.elastos.json;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
