// SPDX-License-Identifier: Apache-2.0
package io.elastos.json;

import java.util.Collection;
import java.util.Map;

/**
 * Writes compact JSON from maps, collections, strings, numbers and booleans. Strings are escaped so
 * the output is also safe inside HTML: {@code <}, {@code >}, {@code &}, control characters and
 * U+2028/U+2029 are written as Unicode escapes.
 */
public final class JsonWriter {

    private JsonWriter() {}

    /**
     * Writes a value as JSON.
     *
     * <ul>
     *   <li>Java {@code null} and {@link JsonReader#NULL} become {@code null};
     *   <li>a {@link Map} becomes an object in the map's iteration order, keys by {@link
     *       String#valueOf(Object)};
     *   <li>a {@link Collection} becomes an array;
     *   <li>a {@link JsonNumber} is written as its exact text, an {@link Integer} or {@link Long}
     *       in decimal, any other {@link Number} by its {@code toString()}, except NaN and the
     *       infinities, which become {@code null};
     *   <li>a {@link Boolean} becomes {@code true} or {@code false};
     *   <li>anything else becomes the string of its {@code toString()}.
     * </ul>
     *
     * @param value the value to write
     * @return the JSON text, on one line
     */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        if (value == null || value == JsonReader.NULL) {
            out.append("null");
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(String.valueOf(e.getKey()), out);
                out.append(':');
                write(e.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof Collection<?> list) {
            out.append('[');
            boolean first = true;
            for (Object item : list) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                write(item, out);
            }
            out.append(']');
        } else if (value instanceof JsonNumber n) {
            out.append(n.text());
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            out.append(value);
        } else if (value instanceof Number n) {
            double d = n.doubleValue();
            // JSON has no NaN or infinity.
            out.append(Double.isFinite(d) ? n.toString() : "null");
        } else {
            string(value.toString(), out);
        }
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    // Escape controls, and < > & so the JSON is safe to embed in HTML too;
                    // U+2028/U+2029 end lines in older JavaScript parsers.
                    if (c < 0x20
                            || c == '<'
                            || c == '>'
                            || c == '&'
                            || c == 0x2028
                            || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
