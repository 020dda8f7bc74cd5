// SPDX-License-Identifier: Apache-2.0
package io.elastos.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

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
                Json.write(m));
    }

    @Test
    void escapesQuotesControlsAndHtml() {
        assertEquals(
                "\"a\\\"b\\\\c\\n\\u0001\\u003c/script\\u003e\"",
                Json.write("a\"b\\c\n\u0001</script>"));
    }

    @Test
    void nonFiniteNumbersBecomeNull() {
        assertEquals("[null,1.5]", Json.write(Arrays.asList(Double.NaN, 1.5)));
    }
}
