// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.sandbox;

import java.util.Arrays;

/** The latencies of the last calls, for p50 and p99 without unbounded memory. */
final class LatencyWindow {

    private final long[] micros = new long[1024];
    private int count;
    private int next;

    synchronized void add(long value) {
        micros[next] = value;
        next = (next + 1) % micros.length;
        count = Math.min(count + 1, micros.length);
    }

    synchronized long percentile(double p) {
        if (count == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(micros, count);
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p * count) - 1;
        return sorted[Math.max(0, Math.min(count - 1, index))];
    }
}
