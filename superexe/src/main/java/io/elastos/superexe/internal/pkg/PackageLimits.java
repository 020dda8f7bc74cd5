// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.pkg;

/**
 * Hard limits on a package read by {@link SafeZipReader}, so a hostile package costs bounded memory
 * and time.
 *
 * @param maxPackageBytes the largest package file
 * @param maxEntries the most central-directory entries, directories included
 * @param maxEntryBytes the largest uncompressed entry
 * @param maxTotalBytes the largest sum of uncompressed entries
 * @param maxRatio the largest uncompressed-to-compressed ratio, per entry and overall
 */
public record PackageLimits(
        long maxPackageBytes,
        int maxEntries,
        long maxEntryBytes,
        long maxTotalBytes,
        int maxRatio) {

    /** 64 MiB package, 2048 entries, 32 MiB per entry, 128 MiB in all, ratio 100:1. */
    public static final PackageLimits DEFAULT =
            new PackageLimits(64L << 20, 2048, 32L << 20, 128L << 20, 100);

    /**
     * Entries up to this uncompressed size are exempt from the ratio check: a small file of
     * repeated bytes legitimately compresses beyond 100:1, and cannot be a bomb.
     */
    public static final long RATIO_EXEMPT_BYTES = 64 * 1024;

    // The reader holds the whole package and its content in memory, so Integer.MAX_VALUE is the
    // ceiling of every byte limit.
    private static final long CEILING = Integer.MAX_VALUE - 64;

    /**
     * Validates the limits.
     *
     * @throws IllegalArgumentException if a limit is not positive or exceeds what fits in a Java
     *     array
     */
    public PackageLimits {
        if (maxPackageBytes < 1 || maxPackageBytes > CEILING) {
            throw new IllegalArgumentException("maxPackageBytes out of range: " + maxPackageBytes);
        }
        if (maxEntries < 1 || maxEntries > 65535) {
            throw new IllegalArgumentException("maxEntries out of range: " + maxEntries);
        }
        if (maxEntryBytes < 1 || maxEntryBytes > CEILING) {
            throw new IllegalArgumentException("maxEntryBytes out of range: " + maxEntryBytes);
        }
        if (maxTotalBytes < 1 || maxTotalBytes > CEILING) {
            throw new IllegalArgumentException("maxTotalBytes out of range: " + maxTotalBytes);
        }
        if (maxRatio < 1) {
            throw new IllegalArgumentException("maxRatio must be positive: " + maxRatio);
        }
    }
}
