// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.pkg;

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
 * A strict, bounded JSON (RFC 8259) parser for untrusted manifests: objects become ordered maps,
 * arrays lists, numbers {@link Number} tokens, and anything unusual is an error.
 */
public final class Json {

    /** The largest document, in bytes. */
    static final int MAX_DOCUMENT_BYTES = 256 * 1024;

    /** The longest string, in UTF-16 chars. */
    static final int MAX_STRING_CHARS = 64 * 1024;

    /** The deepest nesting of objects and arrays. */
    static final int MAX_DEPTH = 8;

    /** A number token kept as its exact source text, so nothing is rounded. */
    public record Number(String text) {
        /** Tells whether the number is a plain integer: no fraction, no exponent. */
        public boolean isInteger() {
            return text.matches("-?(0|[1-9][0-9]*)");
        }
    }

    /** A syntax or bound violation, with where it happened. */
    public static final class ParseException extends Exception {
        private static final long serialVersionUID = 1L;

        ParseException(String message) {
            super(message);
        }
    }

    private final String text;
    private int pos;

    private Json(String text) {
        this.text = text;
    }

    /**
     * Parses a whole document.
     *
     * @return a {@code Map<String, Object>}, {@code List<Object>}, {@code String}, {@link Number},
     *     {@code Boolean} or {@link #NULL}
     */
    public static Object parse(byte[] document) throws ParseException {
        if (document.length > MAX_DOCUMENT_BYTES) {
            throw new ParseException("document larger than " + MAX_DOCUMENT_BYTES + " bytes");
        }
        String text;
        try {
            text =
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(document))
                            .toString();
        } catch (CharacterCodingException e) {
            throw new ParseException("not valid UTF-8");
        }
        Json parser = new Json(text);
        parser.skipSpace();
        Object value = parser.value(0, "");
        parser.skipSpace();
        if (parser.pos != text.length()) {
            throw new ParseException("trailing data at offset " + parser.pos);
        }
        return value;
    }

    /** JSON {@code null}, distinct from an absent key. */
    public static final Object NULL =
            new Object() {
                @Override
                public String toString() {
                    return "null";
                }
            };

    private Object value(int depth, String where) throws ParseException {
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

    private Map<String, Object> object(int depth, String where) throws ParseException {
        if (depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH + " in " + describe(where));
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
                throw new ParseException("duplicate key '" + child + "'");
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

    private List<Object> array(int depth, String where) throws ParseException {
        if (depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH + " in " + describe(where));
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

    private String string(String where) throws ParseException {
        pos++;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string in " + describe(where));
            }
            if (out.length() > MAX_STRING_CHARS) {
                throw error(
                        "string longer than "
                                + MAX_STRING_CHARS
                                + " characters in "
                                + describe(where));
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
        if (out.length() > MAX_STRING_CHARS) {
            throw error(
                    "string longer than " + MAX_STRING_CHARS + " characters in " + describe(where));
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

    private char unicodeEscape(String where) throws ParseException {
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

    private Number number() throws ParseException {
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
        return new Number(text.substring(start, pos));
    }

    private void digits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private Object literal(String word, Object value) throws ParseException {
        if (!text.startsWith(word, pos)) {
            throw error("unexpected literal");
        }
        pos += word.length();
        return value;
    }

    private void expect(char c) throws ParseException {
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

    private ParseException error(String message) {
        return new ParseException(message + " at offset " + pos);
    }
}
