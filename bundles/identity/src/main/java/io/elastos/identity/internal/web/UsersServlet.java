// SPDX-License-Identifier: Apache-2.0
package io.elastos.identity.internal.web;

import io.elastos.api.identity.Did;
import io.elastos.api.identity.IdentityException;
import io.elastos.api.identity.Role;
import io.elastos.api.identity.Session;
import io.elastos.identity.internal.access.AccessService;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The node's users, owner only (the access filter checks the role): {@code GET /api/users}, {@code
 * POST /api/users} with {@code {"wallet": "did:pkh:…", "role": "member"}} or {@code {"username": …,
 * "password": …, "role": …}}, and {@code DELETE /api/users/DID}.
 */
@Component(service = Servlet.class, immediate = true)
@HttpWhiteboardServletPattern("/api/users/*")
public class UsersServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Reference transient AccessService access;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
        Session caller = (Session) req.getAttribute(Session.REQUEST_ATTRIBUTE);
        if (caller == null || caller.role() != Role.OWNER) {
            Json.send(resp, 403, Map.of("error", "only the owner manages users"));
            return;
        }
        try {
            if (req.getMethod().equals("GET") && path.equals("/")) {
                Json.send(
                        resp,
                        200,
                        access.users().stream()
                                .map(u -> {
                                    Map<String, Object> m = new LinkedHashMap<>();
                                    m.put("did", u.did().value());
                                    m.put("role", u.role().name().toLowerCase(Locale.ROOT));
                                    m.put("username", u.name());
                                    m.put("createdAt", u.createdAt().toString());
                                    return m;
                                })
                                .toList());
            } else if (req.getMethod().equals("POST") && path.equals("/")) {
                Map<?, ?> body = Json.body(req);
                String roleText = Json.text(body, "role");
                Role role =
                        Role.valueOf(
                                (roleText == null ? "member" : roleText).toUpperCase(Locale.ROOT));
                String wallet = Json.text(body, "wallet");
                var user =
                        wallet != null
                                ? access.inviteWallet(Did.of(wallet), role, caller.subject())
                                : invitePassword(body, role, caller);
                Json.send(
                        resp,
                        200,
                        Map.of(
                                "did",
                                user.did().value(),
                                "role",
                                user.role().name().toLowerCase(Locale.ROOT)));
            } else if (req.getMethod().equals("DELETE") && path.length() > 1) {
                Did did = Did.of(URLDecoder.decode(path.substring(1), StandardCharsets.UTF_8));
                Json.send(resp, 200, Map.of("removed", access.removeUser(did, caller.subject())));
            } else {
                Json.send(resp, 404, Map.of("error", "no such endpoint"));
            }
        } catch (IllegalArgumentException e) {
            Json.send(resp, 400, Map.of("error", e.getMessage()));
        } catch (IdentityException e) {
            Json.send(resp, 500, Map.of("error", "the node could not complete the request"));
        }
    }

    private io.elastos.identity.internal.access.IdentityStore.User invitePassword(
            Map<?, ?> body, Role role, Session caller) throws IdentityException {
        String pw = Json.text(body, "password");
        if (pw == null) {
            throw new IllegalArgumentException("give a wallet DID, or a username and password");
        }
        char[] chars = pw.toCharArray();
        try {
            return access.invitePassword(
                    Json.text(body, "username"), chars, role, caller.subject());
        } finally {
            Arrays.fill(chars, '\0');
        }
    }
}
