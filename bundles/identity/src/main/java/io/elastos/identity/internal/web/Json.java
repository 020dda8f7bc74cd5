// SPDX-License-Identifier: Apache-2.0
package io.elastos.identity.internal.web;

import io.elastos.json.JsonException;
import io.elastos.json.JsonReader;
import io.elastos.json.JsonWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** JSON in and out of the identity endpoints, bounded: a sign-in body is a few KiB at most. */
final class Json {
    static final int MAX_BODY = 16 * 1024;
    private static final JsonReader.Limits LIMITS = new JsonReader.Limits(MAX_BODY, 4, 8 * 1024);

    private Json() {}

    static void send(HttpServletResponse resp, int status, Object body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.getOutputStream().write(JsonWriter.write(body).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads a JSON object body.
     *
     * @throws IllegalArgumentException if it is too large, not JSON or not an object
     */
    static Map<?, ?> body(HttpServletRequest req) throws IOException {
        byte[] bytes;
        try (InputStream in = req.getInputStream()) {
            bytes = in.readNBytes(MAX_BODY + 1);
        }
        if (bytes.length > MAX_BODY) {
            throw new IllegalArgumentException("request body larger than 16 KiB");
        }
        if (bytes.length == 0) {
            return Map.of();
        }
        try {
            if (JsonReader.parse(bytes, LIMITS) instanceof Map<?, ?> m) {
                return m;
            }
        } catch (JsonException e) {
            throw new IllegalArgumentException("request body is not valid JSON: " + e.getMessage());
        }
        throw new IllegalArgumentException("request body must be a JSON object");
    }

    /** A string field, or {@code null} if absent. */
    static String text(Map<?, ?> body, String field) {
        Object v = body.get(field);
        if (v == null || v == JsonReader.NULL) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException("field '" + field + "' must be a string");
        }
        return s;
    }
}
