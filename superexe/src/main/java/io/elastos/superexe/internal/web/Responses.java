// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.web;

import io.elastos.api.identity.AdminToken;
import io.elastos.api.identity.Role;
import io.elastos.api.identity.Session;
import io.elastos.json.JsonWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Shared HTTP helpers: the admin-token guard and JSON answers. */
final class Responses {

    private Responses() {}

    /**
     * The owner only: a session the node's access filter put in the request with the owner role, or
     * the admin token. Fails closed: no session, no token service, no header or a wrong token all
     * answer 401.
     */
    static boolean authorized(AdminToken token, HttpServletRequest req, HttpServletResponse resp)
            throws IOException {
        if (req.getAttribute(Session.REQUEST_ATTRIBUTE) instanceof Session s) {
            if (s.role() == Role.OWNER) {
                return true;
            }
            json(resp, 403, Map.of("error", "only the owner may do this"));
            return false;
        }
        String header = req.getHeader("Authorization");
        String presented =
                header != null && header.startsWith("Bearer ") ? header.substring(7) : null;
        if (token != null && token.verify(presented)) {
            return true;
        }
        resp.setHeader("WWW-Authenticate", "Bearer realm=\"elastos\"");
        json(
                resp,
                401,
                Map.of("error", "sign-in required: send the node's admin token as a Bearer token"));
        return false;
    }

    static void json(HttpServletResponse resp, int status, Object body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.getOutputStream().write(JsonWriter.write(body).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Who is acting, for the audit log: the signed-in user's DID, or {@code admin-token} for the
     * node-local admin token (the CLI on the NAS).
     */
    static String actor(HttpServletRequest req) {
        return req.getAttribute(Session.REQUEST_ATTRIBUTE) instanceof Session s
                ? s.subject().value()
                : "admin-token";
    }

    /** What to do with a request body saved to a temporary file. */
    @FunctionalInterface
    interface BodyFile {
        void apply(Path file, HttpServletResponse resp) throws IOException;
    }

    /**
     * Streams the request body to a private temporary file, bounded by {@code max} bytes (413 with
     * the limit if it is bigger, nothing kept), hands it to {@code action} and deletes it after.
     */
    static void withBody(
            HttpServletRequest req, HttpServletResponse resp, long max, BodyFile action)
            throws IOException {
        if (req.getContentLengthLong() > max) {
            json(resp, 413, Map.of("error", "body larger than " + max + " bytes"));
            return;
        }
        Path tmp = Files.createTempFile("elastos-upload-", ".tmp");
        try {
            long n = 0;
            try (InputStream in = req.getInputStream();
                    OutputStream out = Files.newOutputStream(tmp)) {
                byte[] buf = new byte[64 * 1024];
                int r;
                while ((r = in.read(buf)) > 0) {
                    n += r;
                    if (n > max) {
                        json(resp, 413, Map.of("error", "body larger than " + max + " bytes"));
                        return;
                    }
                    out.write(buf, 0, r);
                }
            }
            action.apply(tmp, resp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
