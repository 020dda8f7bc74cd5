// SPDX-License-Identifier: Apache-2.0
/**
 * The shared partition: published files stored unencrypted as UnixFS DAGs in their own block
 * folder, pinned roots in Derby, CAR import and export, and a mark-and-sweep garbage collector.
 *
 * <p>{@link io.elastos.storage.internal.shared.SharedStore} is the entry point; the other classes
 * are its parts.
 */
package io.elastos.storage.internal.shared;
