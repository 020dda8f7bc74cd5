// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.cli;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Formats the CLI's human-readable output: aligned tables, key-value blocks and sizes. */
final class Output {

    private Output() {}

    /**
     * Formats rows as a table with a header, columns separated by two spaces; the last column is
     * not padded.
     *
     * @param headers the column headers
     * @param rows the cells, each row as long as the headers
     * @return the table, one line per row, each ending with a newline
     */
    static String table(List<String> headers, List<List<String>> rows) {
        int[] width = new int[headers.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(headers);
        all.addAll(rows);
        for (List<String> row : all) {
            for (int i = 0; i < width.length; i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < width.length; i++) {
                String cell = row.get(i);
                line.append(cell);
                if (i < width.length - 1) {
                    line.append(" ".repeat(width[i] - cell.length() + 2));
                }
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
        return b.toString();
    }

    /** Formats label-value pairs with the values aligned. */
    static String block(List<String[]> pairs) {
        int width = 0;
        for (String[] p : pairs) {
            width = Math.max(width, p[0].length());
        }
        StringBuilder b = new StringBuilder();
        for (String[] p : pairs) {
            b.append(p[0]).append(" ".repeat(width - p[0].length() + 2)).append(p[1]).append('\n');
        }
        return b.toString();
    }

    /** Returns a JSON value as one line of display text; null and absent are {@code -}. */
    static String cell(Object v) {
        if (v == null) {
            return "-";
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof Collection<?> c) {
            if (c.isEmpty()) {
                return "(none)";
            }
            List<String> parts = new ArrayList<>();
            for (Object o : c) {
                parts.add(cell(o));
            }
            return String.join(", ", parts);
        }
        if (v instanceof Map<?, ?> m) {
            List<String> parts = new ArrayList<>();
            m.forEach((k, x) -> parts.add(k + "=" + cell(x)));
            return String.join(" ", parts);
        }
        return printable(v.toString());
    }

    /** Replaces control characters, so text from the node cannot drive the terminal. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || (c >= 0x7f && c < 0xa0) ? '?' : c);
        }
        return b.toString();
    }

    /** Formats a byte count in B, KiB or MiB. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String unit = bytes < 1024 * 1024 ? "KiB" : "MiB";
        return amount(bytes, bytes) + " " + unit;
    }

    /** Formats a byte count in the unit that {@link #size} would pick for {@code scale}. */
    static String amount(long bytes, long scale) {
        if (scale < 1024) {
            return Long.toString(bytes);
        }
        double div = scale < 1024 * 1024 ? 1024.0 : 1024.0 * 1024.0;
        return String.format(Locale.ROOT, "%.1f", bytes / div);
    }

    /** Returns the unit {@link #amount} uses for {@code scale}. */
    static String unit(long scale) {
        return scale < 1024 ? "B" : scale < 1024 * 1024 ? "KiB" : "MiB";
    }
}
