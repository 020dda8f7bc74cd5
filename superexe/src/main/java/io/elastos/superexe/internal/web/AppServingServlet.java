// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.web;

import io.elastos.api.apps.AppCalls;
import io.elastos.api.identity.AccessGrants;
import io.elastos.api.identity.AdminToken;
import io.elastos.api.identity.Session;
import io.elastos.api.runtime.CallContext;
import io.elastos.api.runtime.SandboxException;
import io.elastos.superexe.internal.install.SuperExe;
import io.elastos.superexe.internal.license.LicenseRecord;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Serves installed apps: {@code /apps/<id>/…} returns the package's static UI files, and {@code
 * /apps/<id>/api/…} calls the app's {@code handle} export with the request, passing the caller's
 * DID and role. The node's access filter lets only signed-in users through.
 */
@Component(service = Servlet.class, immediate = true)
@HttpWhiteboardServletPattern("/apps/*")
public class AppServingServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final int MAX_REQUEST_BODY = 4 << 20;

    @Reference transient AppCalls apps;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    transient volatile AdminToken token;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    transient volatile SuperExe superexe;

    /** Members and guests use an app only with a grant; without the service, only the owner. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    transient volatile AccessGrants grants;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String info = req.getPathInfo() == null ? "/" : req.getPathInfo();
        String[] parts = info.substring(1).split("/", 2);
        String id = parts[0];
        String rest = parts.length > 1 ? parts[1] : "";
        if (!id.matches("[a-z][a-z0-9-]*(\\.[a-z0-9][a-z0-9-]*)+") || rest.contains("..")) {
            Responses.json(resp, 404, Map.of("error", "no such app"));
            return;
        }
        resp.setHeader("X-Content-Type-Options", "nosniff");
        // blob: images are object URLs the page made from bytes its own API returned (a picked
        // photo, a download through the node); nothing else loads from outside the app.
        resp.setHeader(
                "Content-Security-Policy",
                "default-src 'self'; img-src 'self' blob:; frame-ancestors 'self'");
        if (rest.equals("api") || rest.startsWith("api/")) {
            // Signed-in users call an app they hold a grant for (the owner: every app); the app
            // learns who calls, and with which role.
            if (req.getAttribute(Session.REQUEST_ATTRIBUTE) instanceof Session s) {
                AccessGrants g = grants;
                if (g == null || !g.allowed(s, "app:" + id)) {
                    Responses.json(resp, 403, Map.of("error", "no grant for app " + id));
                    return;
                }
                callApp(
                        id,
                        rest.substring(3),
                        req,
                        resp,
                        new CallContext(s.subject().value(), role(s)));
            } else if (req.getHeader("Authorization") == null
                    && superexe != null
                    && rest.length() > 4
                    && superexe.isPublic(id, rest.substring(4))) {
                // A route the manifest opens to callers without a session (a paired photo
                // frame, say): the app authenticates them itself.
                callApp(id, rest.substring(3), req, resp, new CallContext("", "anonymous"));
            } else if (Responses.authorized(token, req, resp)) {
                callApp(id, rest.substring(3), req, resp, new CallContext(null, "owner"));
            }
        } else if (req.getMethod().equals("GET") || req.getMethod().equals("HEAD")) {
            // A desktop window is a sandboxed frame with an opaque origin, so its module scripts
            // and fetches of its own UI files (a 404 included) are cross-origin requests from
            // "null". UI files are public (no session) and the answers carry no credentials.
            resp.setHeader("Access-Control-Allow-Origin", "*");
            uiFile(id, rest.isEmpty() ? "index.html" : rest, resp);
        } else {
            Responses.json(resp, 405, Map.of("error", "UI files are read-only"));
        }
    }

    private void uiFile(String id, String path, HttpServletResponse resp) throws IOException {
        byte[] file = apps.uiFile(id, path);
        if (file == null) {
            if (!licenseLapsed(id, resp)) {
                Responses.json(resp, 404, Map.of("error", "no such file"));
            }
            return;
        }
        resp.setStatus(200);
        resp.setContentType(contentType(path));
        resp.setContentLength(file.length);
        resp.getOutputStream().write(file);
    }

    private static String role(Session s) {
        return s.role().name().toLowerCase(java.util.Locale.ROOT);
    }

    private void callApp(
            String id,
            String path,
            HttpServletRequest req,
            HttpServletResponse resp,
            CallContext caller)
            throws IOException {
        byte[] body;
        try (InputStream in = req.getInputStream()) {
            body = in.readNBytes(MAX_REQUEST_BODY + 1);
        }
        if (body.length > MAX_REQUEST_BODY) {
            Responses.json(resp, 413, Map.of("error", "request body too large"));
            return;
        }
        byte[] out;
        try {
            out =
                    apps.call(
                            id,
                            "handle",
                            AppHttpEnvelope.request(req, path.isEmpty() ? "/" : path, body),
                            caller);
        } catch (IllegalStateException e) {
            if (!licenseLapsed(id, resp)) {
                Responses.json(resp, 404, Map.of("error", "app " + id + " is not running"));
            }
            return;
        } catch (SandboxException e) {
            int status =
                    switch (e.kind()) {
                        case BUSY -> 429;
                        case TIMEOUT -> 504;
                        case HOST_ERROR -> 502;
                        default -> 500;
                    };
            if (status == 429) {
                resp.setHeader("Retry-After", "1");
            }
            Responses.json(
                    resp,
                    status,
                    Map.of("error", e.getMessage(), "kind", e.kind().name().toLowerCase()));
            return;
        }
        AppHttpEnvelope.Response r;
        try {
            r = AppHttpEnvelope.response(out);
        } catch (IllegalArgumentException e) {
            Responses.json(resp, 502, Map.of("error", e.getMessage()));
            return;
        }
        resp.setStatus(r.status());
        r.headers().forEach(resp::setHeader);
        resp.getOutputStream().write(r.body());
    }

    /**
     * Answers 402 Payment Required if the license policy suspended the app: the owner learns the
     * license is missing rather than that the app vanished.
     */
    private boolean licenseLapsed(String id, HttpServletResponse resp) throws IOException {
        SuperExe s = superexe;
        var record = s == null ? java.util.Optional.<LicenseRecord>empty() : s.license(id);
        if (record.isEmpty() || !record.get().suspended()) {
            return false;
        }
        LicenseRecord r = record.get();
        Responses.json(
                resp,
                402,
                Map.of(
                        "error",
                        "app "
                                + id
                                + " is suspended because its license is not held: "
                                + r.reason()
                                + ". It resumes by itself once the license is valid again.",
                        "license",
                        LicenseJson.of(r)));
        return true;
    }

    static String contentType(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        int dot = p.lastIndexOf('.');
        return switch (dot < 0 ? "" : p.substring(dot + 1)) {
            case "html", "htm" -> "text/html; charset=utf-8";
            case "js", "mjs" -> "text/javascript; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "json" -> "application/json";
            case "svg" -> "image/svg+xml";
            case "png" -> "image/png";
            case "jpg", "jpeg" -> "image/jpeg";
            case "wasm" -> "application/wasm";
            case "txt", "md" -> "text/plain; charset=utf-8";
            default -> "application/octet-stream";
        };
    }
}
