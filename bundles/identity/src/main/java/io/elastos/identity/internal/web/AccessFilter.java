// SPDX-License-Identifier: Apache-2.0
package io.elastos.identity.internal.web;

import io.elastos.api.apps.PublicAppRoutes;
import io.elastos.api.identity.AdminToken;
import io.elastos.api.identity.NodeIdentity;
import io.elastos.api.identity.Role;
import io.elastos.api.identity.Session;
import io.elastos.identity.internal.access.AccessService;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

/**
 * The one gate every HTTP request of every bundle passes: only health and the sign-in endpoints
 * answer without a session. A session comes from the {@code elastos_session} cookie (then every
 * state-changing request must carry the session's {@code X-CSRF-Token}) or from a Bearer token (a
 * session token, or the node-local admin token of the CLI, which acts as the owner). Paths that
 * change the node need the owner role. The caller's {@link Session} is put in the request for the
 * servlets behind.
 */
@Component(
        service = Filter.class,
        immediate = true,
        configurationPid = "io.elastos.identity.filter")
@HttpWhiteboardFilterPattern("/*")
@Designate(ocd = AccessFilter.Config.class)
public class AccessFilter implements Filter {

    @ObjectClassDefinition(
            name = "ElastOS access filter",
            description = "Which paths answer without a session, besides health and sign-in.")
    @interface Config {
        @AttributeDefinition(
                description =
                        "Comma-separated path prefixes anyone may read (GET and HEAD only), such as"
                                + " /ipfs/ to make the IPFS gateway public. Empty: none.")
        String public_prefixes() default "";
    }

    private volatile List<String> publicPrefixes = List.of();

    @Activate
    @Modified
    void configure(Config config) {
        publicPrefixes = prefixes(config.public_prefixes());
    }

    /** Parses the prefixes; each must start and end with "/" so it names a whole folder. */
    static List<String> prefixes(String setting) {
        List<String> out = new java.util.ArrayList<>();
        for (String part : setting.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            if (!p.startsWith("/") || !p.endsWith("/") || p.equals("/") || p.startsWith("/api/")) {
                throw new IllegalArgumentException(
                        "a public prefix is a folder such as /ipfs/, never / or under /api/: " + p);
            }
            out.add(p);
        }
        return List.copyOf(out);
    }

    /** Who the admin token (and the console) acts as before the node key is up. */
    public static final String STAND_IN_DID = "did:key:zAdmin";

    static final String SESSION_COOKIE = "elastos_session";
    static final String CSRF_HEADER = "X-CSRF-Token";

    /** Reachable without a session: health and the ways to get a session. */
    static final List<String> PUBLIC =
            List.of(
                    "/api/health",
                    "/api/auth/nonce",
                    "/api/auth/login",
                    "/api/auth/login/password",
                    "/api/auth/setup",
                    "/api/auth/pair/code",
                    "/api/auth/pair/claim");

    /**
     * The web desktop's page ({@code /}) and its static files ({@code /desktop/…}): the sign-in
     * screen must load before there is a session, so anyone may read them (GET and HEAD only).
     * Everything they call stays behind the session check.
     */
    static final List<String> DESKTOP_PAGES = List.of("/");

    /**
     * A file under {@code /desktop/}, spelled plainly: no dot segments, escapes, parameters or
     * empty segments that a container might resolve to another path than the one checked here.
     */
    private static final java.util.regex.Pattern DESKTOP_FILE =
            java.util.regex.Pattern.compile("/desktop(/[A-Za-z0-9_-][A-Za-z0-9._-]*)+");

    /**
     * A static UI file of an installed app ({@code /apps/<id>/…} outside {@code /apps/<id>/api}):
     * the files of a signed, published package, read by the app's sandboxed frame, whose opaque
     * origin carries no session cookie. The app's API stays behind the session and its grants.
     */
    private static final java.util.regex.Pattern APP_UI_FILE =
            java.util.regex.Pattern.compile(
                    "/apps/[a-z][a-z0-9-]*(\\.[a-z0-9][a-z0-9-]*)+"
                            + "(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*");

    /** An app's API: the app id, and the path below {@code api/}. */
    private static final java.util.regex.Pattern APP_API =
            java.util.regex.Pattern.compile(
                    "/apps/([a-z][a-z0-9-]*(\\.[a-z0-9][a-z0-9-]*)+)/api/([A-Za-z0-9._~/-]+)");

    /** Path prefixes only the owner may use. */
    static final List<String> OWNER_ONLY =
            List.of("/api/apps", "/api/audit", "/api/users", "/api/grants");

    @Reference AccessService access;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile AdminToken adminToken;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile NodeIdentity node;

    /** Which app API paths their manifests open to callers without a session. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile PublicAppRoutes publicApps;

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        HttpServletResponse resp = (HttpServletResponse) response;
        String path = path(req);
        if (PUBLIC.contains(path)
                || publicRead(req, path)
                || desktop(req.getMethod(), path)
                || appUi(req.getMethod(), path)) {
            chain.doFilter(req, resp);
            return;
        }
        String bearer = bearer(req);
        Optional<Session> session;
        if (bearer != null) {
            session = bearerSession(bearer);
        } else {
            AccessService.CookieSession c =
                    access.cookieSession(
                            cookie(req, SESSION_COOKIE),
                            changesState(req),
                            req.getHeader(CSRF_HEADER));
            if (c.csrfRefused() && publicAppApi(path)) {
                // A public app route takes the call as anonymous rather than refusing it: the
                // cookie came along unasked (a frame page opened in the owner's browser), and
                // without the CSRF token it must not act as the owner.
                chain.doFilter(req, resp);
                return;
            }
            if (c.csrfRefused()) {
                Json.send(
                        resp, 403, Map.of("error", "missing or wrong " + CSRF_HEADER + " header"));
                return;
            }
            session = c.session();
        }
        if (session.isEmpty() && bearer == null && publicAppApi(path)) {
            chain.doFilter(req, resp);
            return;
        }
        if (session.isEmpty()) {
            resp.setHeader("WWW-Authenticate", "Bearer realm=\"elastos\"");
            Json.send(
                    resp,
                    401,
                    Map.of(
                            "error",
                            "sign-in required: sign in through /api/auth (wallet, password or a"
                                    + " paired device), or send a session or the node's admin token as"
                                    + " a Bearer token"));
            return;
        }
        if (ownerOnly(path) && session.get().role() != Role.OWNER) {
            Json.send(resp, 403, Map.of("error", "only the owner may do this"));
            return;
        }
        req.setAttribute(Session.REQUEST_ATTRIBUTE, session.get());
        chain.doFilter(req, resp);
    }

    private Optional<Session> bearerSession(String bearer) {
        AdminToken t = adminToken;
        if (t != null && t.verify(bearer)) {
            NodeIdentity n = node;
            Instant now = Instant.now();
            return Optional.of(
                    new Session(
                            "admin-token",
                            io.elastos.api.identity.Did.of(n != null ? n.did() : STAND_IN_DID),
                            Role.OWNER,
                            Session.Method.ADMIN_TOKEN,
                            now,
                            now.plusSeconds(60)));
        }
        return access.validate(bearer);
    }

    private boolean publicRead(HttpServletRequest req, String path) {
        String m = req.getMethod();
        return (m.equals("GET") || m.equals("HEAD"))
                && publicPrefixes.stream().anyMatch(p -> (path + "/").startsWith(p));
    }

    /** An app API path its manifest declares public ("publicApi"); the app sees no session. */
    private boolean publicAppApi(String path) {
        PublicAppRoutes routes = publicApps;
        if (routes == null) {
            return false;
        }
        java.util.regex.Matcher m = APP_API.matcher(path);
        return m.matches() && routes.isPublic(m.group(1), m.group(3));
    }

    /** An app's static UI files, read without a session; never its API. */
    static boolean appUi(String method, String path) {
        if (!(method.equals("GET") || method.equals("HEAD"))
                || !APP_UI_FILE.matcher(path).matches()
                || path.contains("..")) {
            return false;
        }
        String[] parts = path.split("/", 5); // "", "apps", id, first name, rest
        return parts.length < 4 || !parts[3].equals("api");
    }

    /** The desktop's page and files, read without a session. */
    static boolean desktop(String method, String path) {
        return (method.equals("GET") || method.equals("HEAD"))
                && (DESKTOP_PAGES.contains(path)
                        || (DESKTOP_FILE.matcher(path).matches() && !path.contains("..")));
    }

    static String path(HttpServletRequest req) {
        String uri = req.getRequestURI();
        String ctx = req.getContextPath();
        String p =
                ctx != null && !ctx.isEmpty() && uri.startsWith(ctx)
                        ? uri.substring(ctx.length())
                        : uri;
        // Normalise trailing slashes so "/api/health/" is not a way around the list.
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    static boolean ownerOnly(String path) {
        return OWNER_ONLY.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + "/"));
    }

    private static boolean changesState(HttpServletRequest req) {
        String m = req.getMethod();
        return !(m.equals("GET") || m.equals("HEAD") || m.equals("OPTIONS"));
    }

    private static String bearer(HttpServletRequest req) {
        String h = req.getHeader("Authorization");
        return h != null && h.regionMatches(true, 0, "Bearer ", 0, 7)
                ? h.substring(7).strip()
                : null;
    }

    static String cookie(HttpServletRequest req, String name) {
        Cookie[] cookies = req.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie c : cookies) {
            if (c.getName().equals(name)) {
                return c.getValue();
            }
        }
        return null;
    }
}
