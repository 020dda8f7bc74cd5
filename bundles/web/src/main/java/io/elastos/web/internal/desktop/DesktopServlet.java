// SPDX-License-Identifier: Apache-2.0
package io.elastos.web.internal.desktop;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The web desktop: {@code /} answers the shell page and {@code /desktop/*} its static files, read
 * from this bundle's {@code desktop/} folder only. Registered as the default servlet ({@code /}),
 * it answers 404 for any other path no servlet claims. Every answer carries a strict Content
 * Security Policy (no inline script or style, no framing of the shell), {@code nosniff} and {@code
 * no-referrer}. The access filter lets these paths through without a session (GET and HEAD), so the
 * sign-in page loads; every API the page calls stays guarded.
 */
@Component(service = Servlet.class, immediate = true)
@HttpWhiteboardServletPattern({"/", "/desktop/*"})
public class DesktopServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The folder of this bundle the files come from. */
    static final String ROOT = "desktop/";

    /**
     * The shell's policy: everything from the node's own origin, nothing inline, no plugins, and no
     * page may frame the shell. Apps run in sandboxed frames of the same origin ({@code /apps/…}).
     */
    static final String CSP =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:;"
                    + " connect-src 'self'; frame-src 'self'; font-src 'self'; object-src 'none';"
                    + " base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /** Lowercase names of letters, digits, dot, dash and underscore; no dot files, no "..". */
    private static final Pattern NAME =
            Pattern.compile(
                    "[a-z0-9][a-z0-9_-]*(\\.[a-z0-9_-]+)*(/[a-z0-9][a-z0-9_-]*(\\.[a-z0-9_-]+)*)*");

    /** Only these types are served; anything else in the folder answers 404. */
    private static final Map<String, String> TYPES =
            Map.of(
                    "html", "text/html; charset=utf-8",
                    "js", "text/javascript; charset=utf-8",
                    "css", "text/css; charset=utf-8",
                    "svg", "image/svg+xml",
                    "png", "image/png",
                    "ico", "image/x-icon",
                    "json", "application/json",
                    "webmanifest", "application/manifest+json",
                    "woff2", "font/woff2");

    /** A file read once: the bundle's content does not change while this component lives. */
    record Asset(byte[] bytes, String type, String etag) {}

    private final transient Map<String, Optional<Asset>> cache = new ConcurrentHashMap<>();
    private transient Bundle bundle;

    @Activate
    void activate(BundleContext context) {
        bundle = context.getBundle();
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        securityHeaders(resp);
        String name = name(req.getServletPath(), req.getPathInfo());
        Optional<Asset> asset = name == null ? Optional.empty() : asset(name);
        if (asset.isEmpty()) {
            resp.setStatus(404);
            resp.setContentType("text/plain; charset=utf-8");
            resp.getOutputStream().write("not found\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        Asset a = asset.get();
        // Revalidate every time: the page and its modules must change together after an update.
        resp.setHeader("Cache-Control", "no-cache");
        resp.setHeader("ETag", a.etag());
        if (a.etag().equals(req.getHeader("If-None-Match"))) {
            resp.setStatus(304);
            return;
        }
        resp.setStatus(200);
        resp.setContentType(a.type());
        resp.setContentLength(a.bytes().length);
        resp.getOutputStream().write(a.bytes());
    }

    static void securityHeaders(HttpServletResponse resp) {
        resp.setHeader("Content-Security-Policy", CSP);
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Referrer-Policy", "no-referrer");
        resp.setHeader("X-Frame-Options", "DENY");
        resp.setHeader("Cross-Origin-Opener-Policy", "same-origin");
        resp.setHeader("Cross-Origin-Resource-Policy", "same-origin");
        resp.setHeader(
                "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
    }

    /**
     * Maps a request to a file of the desktop folder: the root is the shell page.
     *
     * @return the file's name under {@link #ROOT}, or null if the path cannot name one
     */
    static String name(String servletPath, String pathInfo) {
        // The default servlet gets the whole path as its servlet path and no path info.
        if (servletPath == null || servletPath.isEmpty() || servletPath.equals("/")) {
            return pathInfo == null || pathInfo.equals("/") ? "index.html" : null;
        }
        if (!servletPath.equals("/desktop") || pathInfo == null || pathInfo.length() < 2) {
            return null;
        }
        String n = pathInfo.substring(1);
        if (n.length() > 200 || !NAME.matcher(n).matches() || type(n) == null) {
            return null;
        }
        return n;
    }

    static String type(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? null : TYPES.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private Optional<Asset> asset(String name) {
        return cache.computeIfAbsent(name, this::load);
    }

    private Optional<Asset> load(String name) {
        // getEntry reads this bundle's own jar only, never an imported package or a fragment.
        URL url = bundle.getEntry(ROOT + name);
        if (url == null) {
            return Optional.empty();
        }
        try (InputStream in = url.openStream()) {
            byte[] bytes = in.readAllBytes();
            return Optional.of(new Asset(bytes, type(name), etag(bytes)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static String etag(byte[] bytes) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(h, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
