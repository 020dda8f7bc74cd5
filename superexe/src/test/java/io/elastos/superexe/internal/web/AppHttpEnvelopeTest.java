// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppHttpEnvelopeTest {

    private static AppHttpEnvelope.Response parse(String json) {
        return AppHttpEnvelope.response(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void textAndBinaryBodiesAndSafeHeaders() {
        AppHttpEnvelope.Response r =
                parse(
                        "{\"status\":201,\"headers\":{\"Content-Type\":\"text/plain\",\"Set-Cookie\":\"x=1\"},\"body\":\"hi\"}");
        assertEquals(201, r.status());
        assertEquals(Map.of("content-type", "text/plain"), r.headers());
        assertArrayEquals("hi".getBytes(StandardCharsets.UTF_8), r.body());
        assertArrayEquals(new byte[] {1, 2, 3}, parse("{\"bodyBase64\":\"AQID\"}").body());
        assertEquals(200, parse("{}").status());
    }

    @Test
    void headerInjectionAndBadAnswersAreRefused() {
        assertFalse(
                parse("{\"headers\":{\"content-type\":\"a\\r\\nX: y\"}}")
                        .headers()
                        .containsKey("content-type"));
        assertThrows(IllegalArgumentException.class, () -> parse("not json"));
        assertThrows(IllegalArgumentException.class, () -> parse("[1]"));
        assertThrows(IllegalArgumentException.class, () -> parse("{\"status\":99}"));
        assertThrows(IllegalArgumentException.class, () -> parse("{\"bodyBase64\":\"***\"}"));
    }
}
