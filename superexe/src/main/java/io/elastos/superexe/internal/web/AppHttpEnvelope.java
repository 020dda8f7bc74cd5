// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.web;

import io.elastos.json.JsonException;
import io.elastos.json.JsonNumber;
import io.elastos.json.JsonReader;
import io.elastos.json.JsonWriter;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The JSON envelopes between HTTP and an app's {@code handle} export. Request: {@code {"method",
 * "path", "query", "headers", "body"}} with the body base64-encoded. Response: {@code {"status",
 * "headers", "body"}} with a text body, or {@code "bodyBase64"} for bytes. Only safe response
 * headers pass; the node sets its own security headers.
 */
final class AppHttpEnvelope {

    /** The response an app returned, checked. */
    record Response(int status, Map<String, String> headers, byte[] body) {}

    private static final Set<String> REQUEST_HEADERS =
            Set.of("accept", "accept-language", "content-type", "if-none-match", "user-agent");
    private static final Set<String> RESPONSE_HEADERS =
            Set.of("content-type", "cache-control", "etag", "last-modified", "content-language");

    private AppHttpEnvelope() {}

    /** The request as the app sees it; cookies and credentials are never passed on. */
    static byte[] request(HttpServletRequest req, String path, byte[] body) {
        Map<String, Object> headers = new LinkedHashMap<>();
        for (String name : Collections.list(req.getHeaderNames())) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (REQUEST_HEADERS.contains(lower)) {
                headers.put(lower, req.getHeader(name));
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", req.getMethod());
        m.put("path", path);
        m.put("query", req.getQueryString() == null ? "" : req.getQueryString());
        m.put("headers", headers);
        m.put("body", Base64.getEncoder().encodeToString(body));
        return JsonWriter.write(m).getBytes(StandardCharsets.UTF_8);
    }

    /** Parses and checks the app's answer; a malformed one is the app's fault (HTTP 502). */
    static Response response(byte[] output) {
        Object tree;
        try {
            // The same strict bounds as a manifest: the answer comes from untrusted app code.
            tree = JsonReader.parse(output, JsonReader.Limits.DOCUMENT);
        } catch (JsonException e) {
            throw new IllegalArgumentException("the app's response is not JSON: " + e.getMessage());
        }
        if (!(tree instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("the app's response is not a JSON object");
        }
        int status = 200;
        if (m.get("status") instanceof JsonNumber n && n.isInteger()) {
            status = Integer.parseInt(n.text());
        }
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("the app answered HTTP status " + status);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (m.get("headers") instanceof Map<?, ?> h) {
            h.forEach((k, v) -> {
                String name = String.valueOf(k).toLowerCase(Locale.ROOT);
                if (RESPONSE_HEADERS.contains(name)
                        && v instanceof String s
                        && !s.contains("\n")
                        && !s.contains("\r")) {
                    headers.put(name, s);
                }
            });
        }
        byte[] body;
        if (m.get("bodyBase64") instanceof String b64) {
            try {
                body = Base64.getDecoder().decode(b64);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the app's bodyBase64 is not base64");
            }
        } else if (m.get("body") instanceof String text) {
            body = text.getBytes(StandardCharsets.UTF_8);
        } else {
            body = new byte[0];
        }
        return new Response(status, headers, body);
    }
}
