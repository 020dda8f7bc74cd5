// SPDX-License-Identifier: Apache-2.0
package io.elastos.identity.internal.web;

import io.elastos.api.identity.Did;
import io.elastos.api.identity.IdentityException;
import io.elastos.api.identity.Session;
import io.elastos.identity.internal.access.AccessService;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Grants, owner only (the access filter checks the role): {@code GET /api/grants}, {@code POST
 * /api/grants {"grantee","resource","validUntil"?}} for a user of this node, {@code DELETE
 * /api/grants/ID}; sharing with another node's owner: {@code POST /api/grants/share
 * {"grantee","resource","validUntil"}} answers the credential and the text the owner's wallet
 * signs, {@code POST /api/grants/ID/proof {"signature"}} attaches the signature and answers the
 * signed credential to hand over.
 */
@Component(service = Servlet.class, immediate = true)
@HttpWhiteboardServletPattern("/api/grants/*")
public class GrantsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Reference transient AccessService access;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
        Session owner = (Session) req.getAttribute(Session.REQUEST_ATTRIBUTE);
        // The filter checks the role too; checking here keeps this servlet safe on its own.
        if (owner == null || owner.role() != io.elastos.api.identity.Role.OWNER) {
            Json.send(resp, 403, Map.of("error", "only the owner manages grants"));
            return;
        }
        String method = req.getMethod();
        try {
            if (method.equals("GET") && path.equals("/")) {
                Json.send(
                        resp,
                        200,
                        access.grants().stream()
                                .map(g -> {
                                    Map<String, Object> m = new LinkedHashMap<>();
                                    m.put("id", g.id());
                                    m.put("grantee", g.grantee().value());
                                    m.put("resource", g.resource());
                                    m.put(
                                            "validUntil",
                                            g.validUntil() == null
                                                    ? null
                                                    : g.validUntil().toString());
                                    m.put("revoked", g.revoked());
                                    m.put("shared", g.credential() != null);
                                    return m;
                                })
                                .toList());
            } else if (method.equals("POST") && path.equals("/")) {
                Map<?, ?> b = Json.body(req);
                var g =
                        access.grant(
                                grantee(b), Json.text(b, "resource"), until(b), owner.subject());
                Json.send(resp, 200, Map.of("id", g.id()));
            } else if (method.equals("POST") && path.equals("/share")) {
                Map<?, ?> b = Json.body(req);
                var vc =
                        access.shareDraft(
                                grantee(b), Json.text(b, "resource"), until(b), owner.subject());
                Json.send(
                        resp,
                        200,
                        Map.of(
                                "id",
                                vc.id(),
                                "signingInput",
                                vc.signingInput(),
                                "credential",
                                vc.toJson()));
            } else if (method.equals("POST") && path.matches("/[0-9a-f]{32}/proof")) {
                String signature = Json.text(Json.body(req), "signature");
                if (signature == null) {
                    throw new IllegalArgumentException("give the wallet's signature");
                }
                var vc = access.attachProof(path.substring(1, 33), signature, owner.subject());
                Json.send(resp, 200, Map.of("credential", vc.toJson()));
            } else if (method.equals("DELETE") && path.matches("/[0-9a-f]{32}")) {
                Json.send(
                        resp,
                        200,
                        Map.of("revoked", access.revokeGrant(path.substring(1), owner.subject())));
            } else {
                Json.send(resp, 404, Map.of("error", "no such endpoint"));
            }
        } catch (IllegalArgumentException e) {
            Json.send(resp, 400, Map.of("error", e.getMessage()));
        } catch (IdentityException e) {
            Json.send(resp, 500, Map.of("error", "the node could not complete the request"));
        }
    }

    private static Did grantee(Map<?, ?> body) {
        String g = Json.text(body, "grantee");
        if (g == null) {
            throw new IllegalArgumentException("give the grantee's DID");
        }
        return Did.of(g);
    }

    private static Instant until(Map<?, ?> body) {
        String u = Json.text(body, "validUntil");
        try {
            return u == null ? null : Instant.parse(u);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("validUntil must be an ISO-8601 instant");
        }
    }
}
