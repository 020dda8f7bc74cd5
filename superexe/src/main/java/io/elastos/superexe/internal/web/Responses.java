// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.web;

import io.elastos.api.identity.AdminToken;
import io.elastos.api.identity.Role;
import io.elastos.api.identity.Session;
import io.elastos.json.JsonWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
}
