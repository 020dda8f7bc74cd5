// SPDX-License-Identifier: Apache-2.0
package io.elastos.chain.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fixture protocol depends on these round trips; no node needed. */
class MiniJsonTest {

    @Test
    void parsesNestedValues() {
        Object parsed =
                MiniJson.parse(
                        " {\"a\":[1,-2,3.5,true,false,null],\"b\":{\"c\":\"x\\\"y\\u00e9\\n\"},"
                                + "\"big\":123456789012345678901234567890} ");
        Map<?, ?> map = (Map<?, ?>) parsed;
        assertEquals(Arrays.asList(1L, -2L, 3.5, true, false, null), map.get("a"));
        assertEquals(Map.of("c", "x\"y\u00e9\n"), map.get("b"));
        assertEquals(new BigInteger("123456789012345678901234567890"), map.get("big"));
    }

    @Test
    void writesWhatItParses() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("s", "line\nbreak \"quoted\" \u2028");
        value.put("n", List.of(1, 2L, new BigInteger("99999999999999999999")));
        value.put("b", new byte[] {0x0a, (byte) 0xff});
        value.put("none", null);
        String json = MiniJson.write(value);
        assertEquals(-1, json.indexOf('\n'));
        assertEquals(-1, json.indexOf('\u2028'));
        Map<String, Object> back = MiniJson.parseObject(json);
        assertEquals(value.get("s"), back.get("s"));
        assertEquals(List.of(1L, 2L, new BigInteger("99999999999999999999")), back.get("n"));
        assertEquals("0x0aff", back.get("b"));
        assertEquals(null, back.get("none"));
    }

    @Test
    void rejectsMalformedInput() {
        for (String bad : List.of("", "{", "[1,]", "{\"a\" 1}", "tru", "\"open", "1 2")) {
            assertThrows(IllegalArgumentException.class, () -> MiniJson.parse(bad), bad);
        }
    }
}
