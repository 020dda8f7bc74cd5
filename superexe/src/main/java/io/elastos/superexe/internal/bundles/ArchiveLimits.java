// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.bundles;

/**
 * Size bounds for a bundle jar, so that a hostile archive cannot exhaust disk or memory.
 *
 * @param maxJarBytes the largest jar file accepted
 * @param maxEntries the most entries a jar may hold
 * @param maxUncompressedBytes the most bytes all entries may expand to, against zip bombs
 */
public record ArchiveLimits(long maxJarBytes, int maxEntries, long maxUncompressedBytes) {

    /** 64 MiB jars of at most 10,000 entries expanding to at most 512 MiB. */
    public static final ArchiveLimits DEFAULT = new ArchiveLimits(64L << 20, 10_000, 512L << 20);
}
