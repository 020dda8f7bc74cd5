// SPDX-License-Identifier: Apache-2.0
package io.elastos.bench;

import java.util.Locale;

/** The figures every load driver prints: milliseconds, percentiles, medians, fixed decimals. */
final class Stats {
    private Stats() {}

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** The nearest-rank percentile {@code p} (0-100) of sorted values. */
    static double pct(double[] sorted, double p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /** The median of sorted values. */
    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static String f(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String f3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
