// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.web;

import io.elastos.api.identity.Role;
import io.elastos.api.identity.Session;
import io.elastos.json.JsonException;
import io.elastos.json.JsonReader;
import io.elastos.json.JsonWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** What the P2P servlets share: the owner check, bounded JSON bodies, JSON answers. */
final class Http {

    /** A request body larger than this is refused: a message of 1 MiB as JSON text, and some. */
    static final int MAX_BODY = 3 << 20;

    private static final JsonReader.Limits LIMITS = new JsonReader.Limits(MAX_BODY, 8, 2 << 20);

    /** A client error with its HTTP status. */
    static final class HttpError extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        HttpError(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private Http() {}

    /** Only the owner (or the admin token, which acts as the owner) uses the P2P API. */
    static boolean owner(HttpServletRequest req) {
        return req.getAttribute(Session.REQUEST_ATTRIBUTE) instanceof Session s
                && s.role() == Role.OWNER;
    }

    /** Reads a JSON object body of at most {@link #MAX_BODY} bytes. */
    static Map<?, ?> body(HttpServletRequest req) throws IOException, HttpError {
        if (req.getContentLengthLong() > MAX_BODY) {
            throw new HttpError(413, "request body larger than " + MAX_BODY + " bytes");
        }
        byte[] bytes;
        try (InputStream in = req.getInputStream()) {
            bytes = in.readNBytes(MAX_BODY + 1);
        }
        if (bytes.length > MAX_BODY) {
            throw new HttpError(413, "request body larger than " + MAX_BODY + " bytes");
        }
        try {
            if (JsonReader.parse(bytes, LIMITS) instanceof Map<?, ?> m) {
                return m;
            }
        } catch (JsonException e) {
            throw new HttpError(400, "bad JSON: " + e.getMessage());
        }
        throw new HttpError(400, "the body must be a JSON object");
    }

    /** A required string member. */
    static String string(Map<?, ?> body, String name) throws HttpError {
        if (body.get(name) instanceof String s && !s.isBlank()) {
            return s.strip();
        }
        throw new HttpError(400, "missing \"" + name + "\"");
    }

    /** An optional string member. */
    static String optional(Map<?, ?> body, String name) throws HttpError {
        Object v = body.get(name);
        if (v == null || v == JsonReader.NULL) {
            return null;
        }
        if (v instanceof String s) {
            return s.strip();
        }
        throw new HttpError(400, "\"" + name + "\" must be a string");
    }

    static void send(HttpServletResponse resp, int status, Object body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.getOutputStream().write(JsonWriter.write(body).getBytes(StandardCharsets.UTF_8));
    }

    static void error(HttpServletResponse resp, int status, String message) throws IOException {
        send(resp, status, Map.of("error", message == null ? "failed" : message));
    }
}
