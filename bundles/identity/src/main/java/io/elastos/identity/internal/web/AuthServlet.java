// SPDX-License-Identifier: Apache-2.0
package io.elastos.identity.internal.web;

import io.elastos.api.identity.AuthenticationException;
import io.elastos.api.identity.IdentityException;
import io.elastos.api.identity.LoginContext;
import io.elastos.api.identity.Role;
import io.elastos.api.identity.Session;
import io.elastos.api.identity.SessionToken;
import io.elastos.api.identity.SiweNonce;
import io.elastos.identity.internal.access.AccessService;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Sign-in and sessions over HTTP ({@code /api/auth/*}): {@code POST nonce}, {@code POST login}
 * (SIWE), {@code POST login/password}, {@code POST setup} (first owner, with the setup code),
 * {@code POST logout[?all=true]}, {@code GET whoami}, {@code GET sessions[?all=true]}, {@code
 * DELETE sessions/ID}, {@code POST pair/code} (from the node itself), {@code POST pair/confirm}
 * (owner), {@code POST pair/claim}. Refusals answer a generic message; the node log has the reason.
 */
@Component(service = Servlet.class, immediate = true)
@HttpWhiteboardServletPattern("/api/auth/*")
public class AuthServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String ATTEMPT_COOKIE = "elastos_attempt";

    @Reference transient AccessService access;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
        String method = req.getMethod();
        try {
            switch (method + " " + path) {
                case "POST /nonce" -> nonce(req, resp);
                case "POST /login" -> siwe(req, resp);
                case "POST /setup" -> setup(req, resp);
                case "POST /login/password" -> password(req, resp);
                case "POST /logout" -> logout(req, resp);
                case "GET /whoami" -> whoami(req, resp);
                case "GET /sessions" -> sessions(req, resp);
                case "POST /pair/code" -> pairCode(req, resp);
                case "POST /pair/confirm" -> pairConfirm(req, resp);
                case "POST /pair/claim" ->
                        signedIn(
                                req,
                                resp,
                                access.claimPairing(
                                        Json.text(Json.body(req), "code"), context(req)));
                default -> {
                    if (method.equals("DELETE") && path.startsWith("/sessions/")) {
                        revoke(req, resp, path.substring("/sessions/".length()));
                    } else {
                        Json.send(resp, 404, Map.of("error", "no such endpoint"));
                    }
                }
            }
        } catch (AuthenticationException e) {
            // The precise reason is in the node log; the client learns only the category.
            int status = e.reason() == AuthenticationException.Reason.RATE_LIMITED ? 429 : 401;
            Json.send(
                    resp,
                    status,
                    Map.of(
                            "error",
                            status == 429
                                    ? "too many attempts; wait and retry"
                                    : "sign-in refused"));
        } catch (IllegalArgumentException e) {
            Json.send(resp, 400, Map.of("error", e.getMessage()));
        } catch (IdentityException e) {
            Json.send(resp, 500, Map.of("error", "the node could not complete the request"));
        }
    }

    private void nonce(HttpServletRequest req, HttpServletResponse resp)
            throws IOException, IdentityException {
        String attempt = AccessService.newAttempt();
        SiweNonce n = access.issueNonce(attempt);
        resp.addHeader(
                "Set-Cookie",
                cookie(
                        ATTEMPT_COOKIE,
                        attempt,
                        "/api/auth",
                        Duration.ofMinutes(10),
                        req.isSecure()));
        LoginContext ctx = context(req);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("nonce", n.value());
        out.put("expiresAt", n.expiresAt().toString());
        out.put("domain", ctx.domain());
        out.put("uri", ctx.origin());
        out.put("chainIds", access.siweChainIds());
        Json.send(resp, 200, out);
    }

    private void siwe(HttpServletRequest req, HttpServletResponse resp)
            throws IOException, IdentityException {
        Map<?, ?> body = Json.body(req);
        String message = Json.text(body, "message");
        String signature = Json.text(body, "signature");
        if (message == null || signature == null) {
            throw new IllegalArgumentException("give the SIWE message and its signature");
        }
        String attempt = AccessFilter.cookie(req, ATTEMPT_COOKIE);
        byte[] sig = hex(signature);
        String credential = Json.text(body, "credential");
        // Another node's owner presents the credential this node's owner signed for them.
        SessionToken t =
                credential == null
                        ? access.loginWithSiwe(message, sig, attempt, context(req))
                        : access.loginWithCredential(
                                message, sig, attempt, context(req), credential);
        resp.addHeader(
                "Set-Cookie",
                cookie(ATTEMPT_COOKIE, "", "/api/auth", Duration.ZERO, req.isSecure()));
        signedIn(req, resp, t);
    }

    private void setup(HttpServletRequest req, HttpServletResponse resp)
            throws IOException, IdentityException {
        // Read the body once: either a wallet sign-in or a username and password.
        Map<?, ?> body = Json.body(req);
        if (Json.text(body, "message") != null) {
            String attempt = AccessFilter.cookie(req, ATTEMPT_COOKIE);
            signedIn(
                    req,
                    resp,
                    access.claimWithSiwe(
                            Json.text(body, "code"),
                            Json.text(body, "message"),
                            hex(String.valueOf(Json.text(body, "signature"))),
                            attempt,
                            context(req)));
            return;
        }
        char[] pw = chars(Json.text(body, "password"));
        try {
            signedIn(
                    req,
                    resp,
                    access.claimWithPassword(
                            Json.text(body, "code"),
                            Json.text(body, "username"),
                            pw,
                            context(req)));
        } finally {
            java.util.Arrays.fill(pw, '\0');
        }
    }

    private void password(HttpServletRequest req, HttpServletResponse resp)
            throws IOException, IdentityException {
        Map<?, ?> body = Json.body(req);
        char[] pw = chars(Json.text(body, "password"));
        try {
            signedIn(
                    req,
                    resp,
                    access.loginWithPassword(Json.text(body, "username"), pw, context(req)));
        } finally {
            java.util.Arrays.fill(pw, '\0');
        }
    }

    /** Sets the session cookie; the body carries the CSRF token (and the bearer token on ask). */
    private void signedIn(HttpServletRequest req, HttpServletResponse resp, SessionToken t)
            throws IOException {
        Session s = t.session();
        resp.addHeader(
                "Set-Cookie",
                cookie(
                        AccessFilter.SESSION_COOKIE,
                        t.token(),
                        "/",
                        Duration.between(s.issuedAt(), s.expiresAt()),
                        req.isSecure()));
        Map<String, Object> out = session(s);
        out.put("csrf", t.csrf());
        // Devices and the CLI, which cannot keep cookies, ask for the bearer token explicitly.
        if ("true".equals(req.getParameter("bearer"))) {
            out.put("token", t.token());
        }
        Json.send(resp, 200, out);
    }

    private void logout(HttpServletRequest req, HttpServletResponse resp)
            throws IOException, IdentityException {
        Session s = caller(req);
        int ended =
                "true".equals(req.getParameter("all"))
                        ? access.revokeAll(s.subject())
                        : (access.revoke(s.id()) ? 1 : 0);
        resp.addHeader(
                "Set-Cookie",
                cookie(AccessFilter.SESSION_COOKIE, "", "/", Duration.ZERO, req.isSecure()));
        Json.send(resp, 200, Map.of("ended", ended));
    }

    private void whoami(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Json.send(resp, 200, session(caller(req)));
    }

    private void sessions(HttpServletRequest req, HttpServletResponse resp)
            throws IOException, IdentityException {
        Session s = caller(req);
        boolean all = "true".equals(req.getParameter("all"));
        if (all && s.role() != Role.OWNER) {
            Json.send(resp, 403, Map.of("error", "only the owner lists every session"));
            return;
        }
        List<Session> list = all ? access.allSessions() : access.sessions(s.subject());
        Json.send(resp, 200, list.stream().map(AuthServlet::session).toList());
    }

    private void revoke(HttpServletRequest req, HttpServletResponse resp, String id)
            throws IOException, IdentityException {
        Session s = caller(req);
        boolean mine = access.sessions(s.subject()).stream().anyMatch(x -> x.id().equals(id));
        if (!mine && s.role() != Role.OWNER) {
            Json.send(resp, 404, Map.of("error", "no such session"));
            return;
        }
        Json.send(resp, 200, Map.of("revoked", access.revoke(id)));
    }

    /** A pairing code for the node's own display: only from the node itself (loopback). */
    private void pairCode(HttpServletRequest req, HttpServletResponse resp)
            throws IOException, IdentityException {
        if (!InetAddress.getByName(req.getRemoteAddr()).isLoopbackAddress()) {
            Json.send(resp, 403, Map.of("error", "pairing codes are shown on the node itself"));
            return;
        }
        String code = access.newPairingCode();
        LoginContext ctx = context(req);
        Json.send(
                resp,
                200,
                Map.of(
                        "code",
                        code,
                        "qr",
                        "elastos-pair:" + ctx.origin() + "#" + code,
                        "expiresInSeconds",
                        access.pairingSeconds()));
    }

    private void pairConfirm(HttpServletRequest req, HttpServletResponse resp)
            throws IOException, IdentityException {
        Session s = caller(req);
        if (s.role() != Role.OWNER) {
            Json.send(resp, 403, Map.of("error", "only the owner pairs devices"));
            return;
        }
        Map<?, ?> body = Json.body(req);
        String role = Json.text(body, "role");
        access.confirmPairing(
                Json.text(body, "code"),
                Role.valueOf((role == null ? "guest" : role).toUpperCase(Locale.ROOT)),
                s.subject());
        Json.send(resp, 200, Map.of("confirmed", true));
    }

    static Map<String, Object> session(Session s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sessionId", s.id());
        m.put("did", s.subject().value());
        m.put("role", s.role().name().toLowerCase(Locale.ROOT));
        m.put("method", s.method().name().toLowerCase(Locale.ROOT));
        m.put("issuedAt", s.issuedAt().toString());
        m.put("expiresAt", s.expiresAt().toString());
        return m;
    }

    private static Session caller(HttpServletRequest req) {
        if (req.getAttribute(Session.REQUEST_ATTRIBUTE) instanceof Session s) {
            return s;
        }
        throw new IllegalStateException("the access filter did not run");
    }

    /** How the client reached the node: the SIWE message must name exactly this. */
    static LoginContext context(HttpServletRequest req) {
        String host = req.getHeader("Host");
        if (host == null || host.isBlank() || host.length() > 255) {
            throw new IllegalArgumentException("a Host header is required");
        }
        String scheme = req.isSecure() ? "https" : "http";
        return new LoginContext(host, scheme + "://" + host, client(req.getRemoteAddr()));
    }

    /**
     * The address rate limits count by: an IPv4 address, or the /64 network of an IPv6 address (one
     * home gets a whole /64, so single IPv6 addresses are free to an attacker).
     */
    static String client(String remote) {
        if (remote == null) {
            return "unknown";
        }
        try {
            byte[] a = InetAddress.getByName(remote).getAddress();
            if (a.length == 16) {
                return HexFormat.of().formatHex(a, 0, 8) + "::/64";
            }
        } catch (java.net.UnknownHostException e) {
            return remote;
        }
        return remote;
    }

    static String cookie(String name, String value, String path, Duration maxAge, boolean secure) {
        return name
                + "="
                + value
                + "; Path="
                + path
                + "; Max-Age="
                + maxAge.toSeconds()
                + "; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : "");
    }

    private static byte[] hex(String s) {
        String h = s.startsWith("0x") ? s.substring(2) : s;
        if (h.length() > 4096 || h.length() % 2 != 0) {
            throw new IllegalArgumentException("signature must be hex");
        }
        try {
            return HexFormat.of().parseHex(h);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("signature must be hex");
        }
    }

    private static char[] chars(String s) {
        if (s == null) {
            throw new IllegalArgumentException("give a username and password");
        }
        return s.toCharArray();
    }
}
