// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.runtime;

/**
 * Counters of one compiled module.
 *
 * @param calls calls finished, successful or not
 * @param errors calls that failed (traps, timeouts, limits, plug-in errors, busy)
 * @param timeouts calls stopped at their deadline
 * @param p50Micros median latency of recent calls, in microseconds
 * @param p99Micros 99th percentile latency of recent calls, in microseconds
 * @param liveInstances instances that exist now, idle or busy
 * @param busyInstances instances running a call now
 * @param memoryBytes linear and kernel memory held by the live instances
 */
public record RuntimeStats(
        long calls,
        long errors,
        long timeouts,
        long p50Micros,
        long p99Micros,
        int liveInstances,
        int busyInstances,
        long memoryBytes) {}
