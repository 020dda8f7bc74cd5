// SPDX-License-Identifier: Apache-2.0
/**
 * IPFS wire formats for the shared partition, in plain Java: CIDv1 with SHA-256 ({@link
 * io.elastos.storage.internal.ipfs.ContentId}), dag-pb and UnixFS nodes, the file and directory
 * importer that reproduces {@code ipfs add --cid-version 1 --raw-leaves}, and CAR v1 archives.
 *
 * <p>Everything here is pure computation over streams and block sinks; storing blocks is the
 * caller's business.
 */
package io.elastos.storage.internal.ipfs;
