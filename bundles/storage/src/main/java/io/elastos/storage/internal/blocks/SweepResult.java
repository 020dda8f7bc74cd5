// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.blocks;

/**
 * What one {@link BlockFiles#sweep} did, for the garbage collector's log line.
 *
 * @param deleted unreferenced blocks deleted
 * @param freedBytes bytes in the deleted blocks and temporary files
 * @param kept unreferenced blocks kept because they are younger than the grace period
 * @param tempFilesDeleted abandoned temporary files deleted (left by a crash mid-write)
 */
public record SweepResult(int deleted, long freedBytes, int kept, int tempFilesDeleted) {}
