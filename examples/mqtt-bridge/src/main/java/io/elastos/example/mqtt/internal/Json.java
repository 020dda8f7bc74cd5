// SPDX-License-Identifier: Apache-2.0
package io.elastos.example.mqtt.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader and writer, so the bundle needs nothing but the API and Paho. Objects are
 * {@code Map<String, Object>} (in order), arrays {@code List<Object>}, numbers {@code Long} when
 * integral and in range, otherwise {@code Double}; strings, booleans and {@code null} as they are.
 */
final class Json {

    /** The deepest nesting the reader accepts. */
    static final int MAX_DEPTH = 32;

    private final String text;
    private int at;

    private Json(String text) {
        this.text = text;
    }

    /**
     * Parses one JSON value.
     *
     * @param text the JSON text
     * @return the value
     * @throws IllegalArgumentException if the text is not one well-formed JSON value
     */
    static Object parse(String text) {
        Json p = new Json(text);
        p.ws();
        Object v = p.value(0);
        p.ws();
        if (p.at != text.length()) {
            throw p.fail("unexpected text after the value");
        }
        return v;
    }

    /**
     * Parses a JSON object.
     *
     * @param text the JSON text; empty text is an empty object
     * @return the object's members
     * @throws IllegalArgumentException if the text is not a JSON object
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> parseObject(String text) {
        if (text.isBlank()) {
            return new LinkedHashMap<>();
        }
        Object v = parse(text);
        if (!(v instanceof Map)) {
            throw new IllegalArgumentException("the input must be a JSON object");
        }
        return (Map<String, Object>) v;
    }

    private IllegalArgumentException fail(String why) {
        return new IllegalArgumentException("malformed JSON at offset " + at + ": " + why);
    }

    private void ws() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            at++;
        }
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw fail("nested too deeply");
        }
        if (at >= text.length()) {
            throw fail("a value was expected");
        }
        char c = text.charAt(at);
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw fail("unexpected character");
            }
        };
    }

    private Object literal(String word, Object v) {
        if (!text.startsWith(word, at)) {
            throw fail("unexpected word");
        }
        at += word.length();
        return v;
    }

    private Object number() {
        int start = at;
        if (text.charAt(at) == '-') {
            at++;
        }
        int intStart = at;
        digits();
        if (at - intStart > 1 && text.charAt(intStart) == '0') {
            throw fail("leading zero");
        }
        boolean integral = true;
        if (at < text.length() && text.charAt(at) == '.') {
            at++;
            integral = false;
            digits();
        }
        if (at < text.length() && (text.charAt(at) == 'e' || text.charAt(at) == 'E')) {
            at++;
            integral = false;
            if (at < text.length() && (text.charAt(at) == '+' || text.charAt(at) == '-')) {
                at++;
            }
            digits();
        }
        String s = text.substring(start, at);
        if (integral && s.length() <= 18) {
            return Long.parseLong(s);
        }
        double d = Double.parseDouble(s);
        if (!Double.isFinite(d)) {
            throw fail("number out of range");
        }
        return d;
    }

    private void digits() {
        int start = at;
        while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
            at++;
        }
        if (at == start) {
            throw fail("a digit was expected");
        }
    }

    private String string() {
        at++; // the opening quote
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (at >= text.length()) {
                throw fail("unterminated string");
            }
            char c = text.charAt(at++);
            if (c == '"') {
                return sb.toString();
            }
            if (c < 0x20) {
                throw fail("control character in a string");
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (at >= text.length()) {
                throw fail("unterminated escape");
            }
            char e = text.charAt(at++);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (at + 4 > text.length()) {
                        throw fail("short \\u escape");
                    }
                    int v = 0;
                    for (int i = 0; i < 4; i++) {
                        int d = Character.digit(text.charAt(at++), 16);
                        if (d < 0) {
                            throw fail("bad \\u escape");
                        }
                        v = v * 16 + d;
                    }
                    sb.append((char) v);
                }
                default -> throw fail("bad escape");
            }
        }
    }

    private List<Object> array(int depth) {
        at++;
        List<Object> out = new ArrayList<>();
        ws();
        if (at < text.length() && text.charAt(at) == ']') {
            at++;
            return out;
        }
        while (true) {
            ws();
            out.add(value(depth + 1));
            ws();
            if (at >= text.length()) {
                throw fail("unterminated array");
            }
            char c = text.charAt(at++);
            if (c == ']') {
                return out;
            }
            if (c != ',') {
                throw fail("',' or ']' expected");
            }
        }
    }

    private Map<String, Object> object(int depth) {
        at++;
        Map<String, Object> out = new LinkedHashMap<>();
        ws();
        if (at < text.length() && text.charAt(at) == '}') {
            at++;
            return out;
        }
        while (true) {
            ws();
            if (at >= text.length() || text.charAt(at) != '"') {
                throw fail("a member name was expected");
            }
            String key = string();
            ws();
            if (at >= text.length() || text.charAt(at++) != ':') {
                throw fail("':' expected");
            }
            ws();
            out.put(key, value(depth + 1));
            ws();
            if (at >= text.length()) {
                throw fail("unterminated object");
            }
            char c = text.charAt(at++);
            if (c == '}') {
                return out;
            }
            if (c != ',') {
                throw fail("',' or '}' expected");
            }
        }
    }

    /**
     * Writes a value as JSON.
     *
     * @param v a map, list, string, number, boolean or null
     * @return the JSON text
     */
    static String write(Object v) {
        StringBuilder sb = new StringBuilder();
        write(sb, v);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            quote(sb, s);
        } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long) {
            sb.append(v);
        } else if (v instanceof Number n) {
            double d = n.doubleValue();
            sb.append(Double.isFinite(d) ? String.valueOf(d) : "null");
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                quote(sb, String.valueOf(e.getKey()));
                sb.append(':');
                write(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof Iterable<?> list) {
            sb.append('[');
            boolean first = true;
            for (Object o : list) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                write(sb, o);
            }
            sb.append(']');
        } else {
            quote(sb, v.toString());
        }
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    // Control characters, and U+2028/9, which some JavaScript readers mistake for
                    // line ends, as escapes.
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
