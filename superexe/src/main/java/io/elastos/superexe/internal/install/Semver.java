// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.install;

import java.math.BigInteger;

/** Semantic Versioning 2.0.0 precedence (build metadata ignored), for the no-downgrade rule. */
final class Semver {

    private Semver() {}

    static int compare(String a, String b) {
        String[] x = split(a);
        String[] y = split(b);
        for (int i = 0; i < 3; i++) {
            int c = new BigInteger(x[i]).compareTo(new BigInteger(y[i]));
            if (c != 0) {
                return c;
            }
        }
        // A version with a pre-release tag comes before the same version without one.
        if (x[3] == null || y[3] == null) {
            return x[3] == null ? (y[3] == null ? 0 : 1) : -1;
        }
        String[] p = x[3].split("\\.");
        String[] q = y[3].split("\\.");
        for (int i = 0; i < Math.min(p.length, q.length); i++) {
            int c = comparePart(p[i], q[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(p.length, q.length);
    }

    private static int comparePart(String p, String q) {
        boolean pn = p.matches("\\d+");
        boolean qn = q.matches("\\d+");
        if (pn && qn) {
            return new BigInteger(p).compareTo(new BigInteger(q));
        }
        if (pn != qn) {
            return pn ? -1 : 1;
        }
        return p.compareTo(q);
    }

    /** major, minor, patch, pre-release (or null). */
    private static String[] split(String v) {
        int plus = v.indexOf('+');
        String core = plus < 0 ? v : v.substring(0, plus);
        int dash = core.indexOf('-');
        String pre = dash < 0 ? null : core.substring(dash + 1);
        String[] n = (dash < 0 ? core : core.substring(0, dash)).split("\\.");
        if (n.length != 3) {
            throw new IllegalArgumentException("not a semantic version: " + v);
        }
        return new String[] {n[0], n[1], n[2], pre};
    }
}
