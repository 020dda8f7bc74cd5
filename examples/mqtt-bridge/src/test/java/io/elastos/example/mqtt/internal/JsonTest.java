// SPDX-License-Identifier: Apache-2.0
package io.elastos.example.mqtt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void roundTrip() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "a\"b\\c\n\u0001\u2028 ü 👋");
        m.put("n", 42L);
        m.put("d", 21.5);
        m.put("b", true);
        m.put("z", null);
        m.put("l", List.of(1L, "x", List.of()));
        m.put("o", Map.of());
        String text = Json.write(m);
        assertEquals(m, Json.parse(text));
        assertEquals(
                "{\"s\":\"a\\\"b\\\\c\\n\\u0001\\u2028 ü 👋\",\"n\":42,\"d\":21.5,\"b\":true,"
                        + "\"z\":null,\"l\":[1,\"x\",[]],\"o\":{}}",
                text);
        assertEquals("é", Json.parse("\"\\u00e9\""));
        assertEquals(-1.5e3, Json.parse(" -1.5e3 "));
        assertEquals(Map.of(), Json.parseObject(""));
    }

    @Test
    void malformedInputIsRefused() {
        for (String bad :
                new String[] {
                    "{",
                    "}",
                    "[1,]",
                    "{\"a\"}",
                    "{\"a\":1,}",
                    "01",
                    "1.",
                    "-",
                    "\"\\x\"",
                    "\"a",
                    "tru",
                    "nul",
                    "{} x",
                    "\"\u0001\"",
                    "[" + "[".repeat(40) + "]".repeat(41),
                }) {
            assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> Json.parseObject("[]"));
        char[] deep = new char[100];
        Arrays.fill(deep, '[');
        assertThrows(IllegalArgumentException.class, () -> Json.parse(new String(deep)));
    }
}
