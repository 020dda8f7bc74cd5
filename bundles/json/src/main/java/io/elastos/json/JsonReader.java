// SPDX-License-Identifier: Apache-2.0
package io.elastos.json;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict, bounded JSON (RFC 8259) parser for untrusted documents: objects become ordered maps,
 * arrays lists, numbers {@link JsonNumber} tokens, and anything unusual is an error. Duplicate
 * keys, lone surrogates, comments, trailing commas, leading zeros and non-UTF-8 input are all
 * refused, and every document is held to a {@link Limits} so hostile input cannot exhaust memory or
 * the stack.
 */
public final class JsonReader {

    /**
     * The bounds a document must stay within.
     *
     * @param maxBytes the largest document, in bytes of UTF-8
     * @param maxDepth the deepest nesting of objects and arrays; the outermost one is depth 1
     * @param maxStringChars the longest string, in UTF-16 chars
     */
    public record Limits(int maxBytes, int maxDepth, int maxStringChars) {

        /** For signed package manifests: 256 KiB, depth 8, strings up to 64 Ki chars. */
        public static final Limits MANIFEST = new Limits(256 * 1024, 8, 64 * 1024);

        /**
         * For the node's API answers and plug-in HTTP requests: 16 MiB, depth 64, strings up to 8
         * Mi chars.
         */
        public static final Limits DOCUMENT = new Limits(16 << 20, 64, 8 << 20);

        /**
         * Creates limits.
         *
         * @throws IllegalArgumentException if a bound is not positive
         */
        public Limits {
            if (maxBytes <= 0 || maxDepth <= 0 || maxStringChars <= 0) {
                throw new IllegalArgumentException("JSON limits must be positive");
            }
        }
    }

    /**
     * JSON {@code null}, distinct from an absent key ({@link Map#get} returning Java {@code null}).
     */
    public static final Object NULL =
            new Object() {
                @Override
                public String toString() {
                    return "null";
                }
            };

    private final String text;
    private final Limits limits;
    private int pos;

    private JsonReader(String text, Limits limits) {
        this.text = text;
        this.limits = limits;
    }

    /**
     * Parses a whole document.
     *
     * @param json the document, UTF-8 without a byte order mark
     * @param limits the bounds the document must stay within
     * @return an unmodifiable {@code Map<String, Object>} in document order, an unmodifiable {@code
     *     List<Object>}, a {@code String}, a {@link JsonNumber}, a {@code Boolean} or {@link #NULL}
     * @throws JsonException if the document is not strict JSON or breaks a bound; the message names
     *     the offending key path and character offset where known
     */
    public static Object parse(byte[] json, Limits limits) throws JsonException {
        if (json.length > limits.maxBytes()) {
            throw new JsonException("document larger than " + limits.maxBytes() + " bytes");
        }
        String text;
        try {
            text =
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(json))
                            .toString();
        } catch (CharacterCodingException e) {
            throw new JsonException("not valid UTF-8");
        }
        JsonReader parser = new JsonReader(text, limits);
        parser.skipSpace();
        Object value = parser.value(0, "");
        parser.skipSpace();
        if (parser.pos != text.length()) {
            throw new JsonException("trailing data at offset " + parser.pos);
        }
        return value;
    }

    private Object value(int depth, String where) throws JsonException {
        if (pos >= text.length()) {
            throw error("unexpected end of document in " + describe(where));
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{':
                return object(depth + 1, where);
            case '[':
                return array(depth + 1, where);
            case '"':
                return string(where);
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", NULL);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("unexpected character in " + describe(where));
        }
    }

    private Map<String, Object> object(int depth, String where) throws JsonException {
        if (depth > limits.maxDepth()) {
            throw error("nesting deeper than " + limits.maxDepth() + " in " + describe(where));
        }
        pos++;
        Map<String, Object> map = new LinkedHashMap<>();
        skipSpace();
        if (peek() == '}') {
            pos++;
            return Collections.unmodifiableMap(map);
        }
        while (true) {
            skipSpace();
            if (peek() != '"') {
                throw error("expected a key in " + describe(where));
            }
            String key = string(where);
            skipSpace();
            expect(':');
            skipSpace();
            String child = where.isEmpty() ? key : where + "." + key;
            Object value = value(depth, child);
            if (map.putIfAbsent(key, value) != null) {
                throw new JsonException("duplicate key '" + child + "'");
            }
            skipSpace();
            char c = peek();
            pos++;
            if (c == '}') {
                return Collections.unmodifiableMap(map);
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or '}' in " + describe(where));
            }
        }
    }

    private List<Object> array(int depth, String where) throws JsonException {
        if (depth > limits.maxDepth()) {
            throw error("nesting deeper than " + limits.maxDepth() + " in " + describe(where));
        }
        pos++;
        List<Object> list = new ArrayList<>();
        skipSpace();
        if (peek() == ']') {
            pos++;
            return Collections.unmodifiableList(list);
        }
        while (true) {
            skipSpace();
            list.add(value(depth, where));
            skipSpace();
            char c = peek();
            pos++;
            if (c == ']') {
                return Collections.unmodifiableList(list);
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or ']' in " + describe(where));
            }
        }
    }

    private String string(String where) throws JsonException {
        int max = limits.maxStringChars();
        pos++;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string in " + describe(where));
            }
            if (out.length() > max) {
                throw error("string longer than " + max + " characters in " + describe(where));
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                break;
            }
            if (c < 0x20) {
                throw error("control character in string in " + describe(where));
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = pos < text.length() ? text.charAt(pos++) : 0;
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> out.append(unicodeEscape(where));
                default -> throw error("bad escape in string in " + describe(where));
            }
        }
        if (out.length() > max) {
            throw error("string longer than " + max + " characters in " + describe(where));
        }
        String s = out.toString();
        // Escapes can smuggle lone surrogates past the UTF-8 decoder; refuse them.
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw error("lone surrogate in string in " + describe(where));
            }
        }
        return s;
    }

    private char unicodeEscape(String where) throws JsonException {
        if (pos + 4 > text.length()) {
            throw error("truncated \\u escape in " + describe(where));
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(text.charAt(pos++), 16);
            if (d < 0) {
                throw error("bad \\u escape in " + describe(where));
            }
            v = v * 16 + d;
        }
        return (char) v;
    }

    private JsonNumber number() throws JsonException {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (isDigit(peek())) {
            digits();
        } else {
            throw error("malformed number");
        }
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) {
                throw error("malformed number");
            }
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw error("malformed number");
            }
            digits();
        }
        if (pos - start > 100) {
            throw error("number longer than 100 characters");
        }
        return new JsonNumber(text.substring(start, pos));
    }

    private void digits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private Object literal(String word, Object value) throws JsonException {
        if (!text.startsWith(word, pos)) {
            throw error("unexpected literal");
        }
        pos += word.length();
        return value;
    }

    private void expect(char c) throws JsonException {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : 0;
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private static String describe(String path) {
        return path.isEmpty() ? "document" : "'" + path + "'";
    }

    private JsonException error(String message) {
        return new JsonException(message + " at offset " + pos);
    }
}
