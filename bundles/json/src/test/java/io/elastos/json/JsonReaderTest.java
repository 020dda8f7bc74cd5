// SPDX-License-Identifier: Apache-2.0
package io.elastos.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.json.JsonReader.Limits;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReaderTest {

    private static final Limits SMALL = new Limits(64, 3, 5);

    private static Object parse(String json) throws JsonException {
        return parse(json, Limits.MANIFEST);
    }

    private static Object parse(String json, Limits limits) throws JsonException {
        return JsonReader.parse(json.getBytes(StandardCharsets.UTF_8), limits);
    }

    private static void refused(String json, String message) {
        refused(json, Limits.MANIFEST, message);
    }

    private static void refused(String json, Limits limits, String message) {
        JsonException e = assertThrows(JsonException.class, () -> parse(json, limits), json);
        assertTrue(
                e.getMessage().contains(message),
                json + ": expected '" + message + "' in: " + e.getMessage());
    }

    @Test
    void parsesEveryKindOfValueInOrder() throws JsonException {
        Object v = parse(" {\"z\":1,\"a\":[true,false,null],\"s\":\"x\",\"o\":{},\"l\":[]}\r\n\t");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(List.of("z", "a", "s", "o", "l"), List.copyOf(m.keySet()));
        assertEquals(new JsonNumber("1"), m.get("z"));
        assertEquals(List.of(Boolean.TRUE, Boolean.FALSE, JsonReader.NULL), m.get("a"));
        assertSame(JsonReader.NULL, ((List<?>) m.get("a")).get(2));
        assertEquals("x", m.get("s"));
        assertEquals(Map.of(), m.get("o"));
        assertEquals(List.of(), m.get("l"));
        assertEquals("s", parse("\"s\""));
        assertSame(JsonReader.NULL, parse("null"));
        assertEquals("null", JsonReader.NULL.toString());
    }

    @Test
    void resultsAreUnmodifiable() throws JsonException {
        Map<?, ?> m = (Map<?, ?>) parse("{\"a\":[1]}");
        assertThrows(UnsupportedOperationException.class, () -> m.remove("a"));
        assertThrows(UnsupportedOperationException.class, () -> ((List<?>) m.get("a")).clear());
    }

    @Test
    void numbersKeepTheirExactText() throws JsonException {
        List<?> l =
                (List<?>)
                        parse(
                                "[0,-0,42,-7,1.0,1e0,1E+2,-1.50e-3,"
                                        + "123456789012345678901234567890,9223372036854775807]");
        List<String> texts = l.stream().map(n -> ((JsonNumber) n).text()).toList();
        assertEquals(
                List.of(
                        "0",
                        "-0",
                        "42",
                        "-7",
                        "1.0",
                        "1e0",
                        "1E+2",
                        "-1.50e-3",
                        "123456789012345678901234567890",
                        "9223372036854775807"),
                texts);
        JsonNumber n42 = (JsonNumber) l.get(2);
        assertTrue(n42.isInteger());
        assertEquals(42L, n42.longValue());
        assertEquals(-7L, ((JsonNumber) l.get(3)).longValue());
        assertEquals(Long.MAX_VALUE, ((JsonNumber) l.get(9)).longValue());
        assertFalse(((JsonNumber) l.get(4)).isInteger());
        assertFalse(((JsonNumber) l.get(5)).isInteger());
        assertThrows(NumberFormatException.class, () -> ((JsonNumber) l.get(4)).longValue());
        assertThrows(NumberFormatException.class, () -> ((JsonNumber) l.get(8)).longValue());
        assertEquals("-0.00150", ((JsonNumber) l.get(7)).bigDecimalValue().toPlainString());
        assertEquals("1E+2", l.get(6).toString());
    }

    @Test
    void jsonNumberRefusesNonNumberText() {
        for (String bad : List.of("", "01", "+1", ".5", "1.", "NaN", "1e", "0x10", "1 ")) {
            assertThrows(IllegalArgumentException.class, () -> new JsonNumber(bad), bad);
        }
    }

    @Test
    void malformedNumbersAreRefused() {
        refused("01", "trailing data");
        refused("-", "malformed number");
        refused("1.", "malformed number");
        refused("1e", "malformed number");
        refused("1e+", "malformed number");
        refused("+1", "unexpected character");
        refused(".5", "unexpected character");
        refused("1" + "0".repeat(100), "number longer than 100 characters");
    }

    @Test
    void duplicateKeysAreRefusedWithTheirPath() {
        refused("{\"a\":1,\"a\":2}", "duplicate key 'a'");
        refused("{\"o\":{\"k\":1,\"k\":1}}", "duplicate key 'o.k'");
        refused("{\"a\":1,\"\\u0061\":2}", Limits.DOCUMENT, "duplicate key 'a'");
    }

    @Test
    void unicodeEscapesAndSurrogatePairs() throws JsonException {
        assertEquals(
                "é😀\n\"\\/\b\f\r\t", parse("\"\\u00e9\\ud83d\\ude00\\n\\\"\\\\\\/\\b\\f\\r\\t\""));
        assertEquals("é😀", parse("\"é😀\""));
        refused("\"\\ud800\"", "lone surrogate");
        refused("\"\\udc00\\ud800\"", "lone surrogate");
        refused("\"\\u12zz\"", "bad \\u escape");
        refused("\"\\u1", "truncated \\u escape");
        refused("\"\\x\"", "bad escape");
        refused("\"a\tb\"", "control character in string");
    }

    @Test
    void depthIsBounded() throws JsonException {
        assertEquals(List.of(List.of(List.of())), parse("[[[]]]", SMALL));
        refused("[[[[]]]]", SMALL, "nesting deeper than 3 in document");
        refused("{\"a\":{\"b\":{\"c\":{}}}}", SMALL, "nesting deeper than 3 in 'a.b.c'");
        parse("[".repeat(64) + "]".repeat(64), Limits.DOCUMENT);
        refused("[".repeat(65) + "]".repeat(65), Limits.DOCUMENT, "nesting deeper than 64");
        refused("[".repeat(9) + "]".repeat(9), "nesting deeper than 8");
    }

    @Test
    void sizeAndStringLengthAreBounded() throws JsonException {
        assertEquals("abcde", parse("\"abcde\"", SMALL));
        refused("\"abcdef\"", SMALL, "string longer than 5 characters in document");
        refused("{\"k\":\"abcdef\"}", SMALL, "string longer than 5 characters in 'k'");
        parse(" ".repeat(62) + "[]", SMALL);
        refused(" ".repeat(63) + "[]", SMALL, "document larger than 64 bytes");
        refused(" ".repeat(256 * 1024) + "1", "document larger than 262144 bytes");
        refused("\"" + "a".repeat(64 * 1024 + 1) + "\"", "longer than 65536");
        assertEquals(
                64 * 1024 + 1,
                ((String) parse("\"" + "a".repeat(64 * 1024 + 1) + "\"", Limits.DOCUMENT))
                        .length());
    }

    @Test
    void syntaxErrorsNameWhereAndWhat() {
        refused("", "unexpected end of document in document");
        refused("{", "expected a key in document at offset 1");
        refused("{'a':1}", "expected a key");
        refused("{\"a\":1,}", "expected a key");
        refused("[1,]", "unexpected character");
        refused("{\"a\" 1}", "expected ':'");
        refused("{\"a\":1 \"b\":2}", "expected ',' or '}'");
        refused("[1 2]", "expected ',' or ']'");
        refused("/* c */ {}", "unexpected character");
        refused("{\"a\":nul}", "unexpected literal");
        refused("NaN", "unexpected character");
        refused("{\"a", "unterminated string");
        refused("{} {}", "trailing data at offset 3");
        refused("\u000b1", "unexpected character");
    }

    @Test
    void invalidUtf8IsRefused() {
        JsonException e =
                assertThrows(
                        JsonException.class,
                        () ->
                                JsonReader.parse(
                                        new byte[] {'"', (byte) 0xC0, (byte) 0x80, '"'},
                                        Limits.DOCUMENT));
        assertEquals("not valid UTF-8", e.getMessage());
        assertThrows(
                JsonException.class,
                () ->
                        JsonReader.parse(
                                new byte[] {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'},
                                Limits.DOCUMENT));
    }

    @Test
    void limitsMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new Limits(0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Limits(1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Limits(1, 1, -1));
        assertEquals(new Limits(256 * 1024, 8, 64 * 1024), Limits.MANIFEST);
        assertEquals(new Limits(16 << 20, 64, 8 << 20), Limits.DOCUMENT);
    }
}
