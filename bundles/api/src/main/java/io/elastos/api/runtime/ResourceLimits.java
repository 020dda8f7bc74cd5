// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits on every call into a mini-app's sandbox, declared in its manifest and enforced by the
 * runtime.
 *
 * @param memoryBytes the cap on the module's linear memory; a multiple of the 64 KiB wasm page
 *     size, from one page to 4 GiB
 * @param wallClock the deadline of one call; past it the call is interrupted and the instance
 *     discarded; from 1 ms to 10 minutes
 * @param maxOutputBytes the most bytes one call may return, from 1 byte to 1 GiB
 */
public record ResourceLimits(long memoryBytes, Duration wallClock, long maxOutputBytes) {

    /** The size of a WebAssembly memory page. */
    public static final long PAGE_SIZE = 64 * 1024;

    /** The largest memory a 32-bit WebAssembly module can address: 65536 pages. */
    public static final long MAX_MEMORY_BYTES = 65536 * PAGE_SIZE;

    /** The longest deadline of one call. */
    public static final Duration MAX_WALL_CLOCK = Duration.ofMinutes(10);

    /** The largest output of one call. */
    public static final long MAX_OUTPUT_BYTES = 1L << 30;

    /** Limits for an app whose manifest declares none: 64 MiB, 5 seconds, 4 MiB of output. */
    public static final ResourceLimits DEFAULT =
            new ResourceLimits(64L << 20, Duration.ofSeconds(5), 4L << 20);

    /**
     * Validates the limits.
     *
     * @throws NullPointerException if {@code wallClock} is {@code null}
     * @throws IllegalArgumentException if a limit is out of its range, or the memory is not a whole
     *     number of pages
     */
    public ResourceLimits {
        Objects.requireNonNull(wallClock, "wallClock");
        if (memoryBytes < PAGE_SIZE || memoryBytes > MAX_MEMORY_BYTES) {
            throw new IllegalArgumentException(
                    "memory limit must be between 64 KiB and 4 GiB: " + memoryBytes);
        }
        if (memoryBytes % PAGE_SIZE != 0) {
            throw new IllegalArgumentException(
                    "memory limit must be a multiple of 64 KiB: " + memoryBytes);
        }
        if (wallClock.compareTo(Duration.ofMillis(1)) < 0
                || wallClock.compareTo(MAX_WALL_CLOCK) > 0) {
            throw new IllegalArgumentException(
                    "wall-clock limit must be between 1 ms and 10 min: " + wallClock);
        }
        if (maxOutputBytes < 1 || maxOutputBytes > MAX_OUTPUT_BYTES) {
            throw new IllegalArgumentException(
                    "output limit must be between 1 byte and 1 GiB: " + maxOutputBytes);
        }
    }

    /**
     * Returns the memory cap in WebAssembly pages, the unit a module declares its memory in.
     *
     * @return {@code memoryBytes / 65536}
     */
    public int memoryPages() {
        return (int) (memoryBytes / PAGE_SIZE);
    }
}
