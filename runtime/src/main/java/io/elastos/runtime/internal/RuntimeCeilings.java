// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal;

import io.elastos.api.runtime.ModuleSpec;
import io.elastos.api.runtime.ResourceLimits;
import java.time.Duration;

/**
 * The owner's ceilings, clamped to safe ranges, and their application to an app's own limits: an
 * app may ask for less than a ceiling, never more.
 */
record RuntimeCeilings(long memoryBytes, Duration wallClock, long outputBytes, int concurrency) {

    static final RuntimeCeilings DEFAULT =
            new RuntimeCeilings(256L << 20, Duration.ofSeconds(30), 16L << 20, 16);

    static RuntimeCeilings from(RuntimeConfiguration c) {
        return new RuntimeCeilings(
                (long) clamp(c.maxMemoryMiB(), 1, 4096) << 20,
                Duration.ofMillis(clamp(c.maxCallMillis(), 1, 600_000)),
                (long) clamp(c.maxOutputMiB(), 1, 1024) << 20,
                clamp(c.maxConcurrentCalls(), 1, 256));
    }

    ModuleSpec apply(ModuleSpec spec) {
        ResourceLimits l = spec.limits();
        ResourceLimits limited =
                new ResourceLimits(
                        Math.min(l.memoryBytes(), memoryBytes),
                        l.wallClock().compareTo(wallClock) <= 0 ? l.wallClock() : wallClock,
                        Math.min(l.maxOutputBytes(), outputBytes));
        return new ModuleSpec(
                spec.name(),
                spec.appId(),
                spec.wasm(),
                spec.granted(),
                limited,
                spec.config(),
                Math.min(spec.maxConcurrentCalls(), concurrency),
                spec.maxQueuedCalls(),
                spec.denied());
    }

    private static int clamp(int v, int min, int max) {
        return Math.max(min, Math.min(max, v));
    }
}
