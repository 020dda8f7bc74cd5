// SPDX-License-Identifier: Apache-2.0
package io.elastos.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonWriterTest {

    @Test
    void writesNestedValuesInOrder() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "UP");
        m.put("n", 42L);
        m.put("ok", true);
        m.put("list", List.of(1, "two"));
        m.put("none", null);
        assertEquals(
                "{\"status\":\"UP\",\"n\":42,\"ok\":true,\"list\":[1,\"two\"],\"none\":null}",
                JsonWriter.write(m));
    }

    @Test
    void escapesQuotesControlsAndHtml() {
        assertEquals(
                "\"a\\\"b\\\\c\\n\\u0001\\u003c/script\\u003e\"",
                JsonWriter.write("a\"b\\c\n\u0001</script>"));
        assertEquals(
                "\"\\r\\t\\u0000\\u001f\\u0026\\u2028\\u2029é😀\"",
                JsonWriter.write("\r\t\u0000\u001f&\u2028\u2029é😀"));
    }

    @Test
    void nonFiniteNumbersBecomeNull() {
        assertEquals("[null,1.5]", JsonWriter.write(Arrays.asList(Double.NaN, 1.5)));
        assertEquals("[null,null]", JsonWriter.write(List.of(Float.POSITIVE_INFINITY, -1.0 / 0)));
    }

    @Test
    void writesJsonNumbersAndNullVerbatim() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("big", new JsonNumber("123456789012345678901234567890"));
        m.put("exp", new JsonNumber("-1.50e+3"));
        m.put("dec", new BigDecimal("0.10"));
        m.put("null", JsonReader.NULL);
        assertEquals(
                "{\"big\":123456789012345678901234567890,\"exp\":-1.50e+3,\"dec\":0.10,"
                        + "\"null\":null}",
                JsonWriter.write(m));
    }

    @Test
    void nonStringKeysAndValuesAreWrittenAsStrings() {
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put(1, Thread.State.NEW);
        assertEquals("{\"1\":\"NEW\"}", JsonWriter.write(m));
    }

    @Test
    void whatItWritesReadsBackTheSame() throws JsonException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "a\"b\\c\n\r\t\u0001<>&\u2028 é 😀");
        m.put("list", List.of(new JsonNumber("1"), Boolean.FALSE, JsonReader.NULL));
        m.put("empty", Map.of());
        String json = JsonWriter.write(m);
        assertEquals(
                m,
                JsonReader.parse(
                        json.getBytes(StandardCharsets.UTF_8), JsonReader.Limits.MANIFEST));
    }
}
