// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.web;

import io.elastos.api.apps.InstalledApp;
import io.elastos.api.identity.AdminToken;
import io.elastos.api.runtime.Capability;
import io.elastos.api.storage.ScopeStore;
import io.elastos.api.superexe.AppManifest;
import io.elastos.api.superexe.InstallResult;
import io.elastos.api.superexe.VerificationException;
import io.elastos.superexe.internal.install.SuperExe;
import io.elastos.superexe.internal.license.ReceiptJson;
import io.elastos.superexe.internal.pkg.PackageLimits;
import io.elastos.superexe.internal.pkg.PackageReader;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The app center API, owner only (admin token): {@code GET /api/apps}, {@code GET /api/apps/ID},
 * {@code POST /api/apps} (a .wapp body, streamed to disk, optional {@code ?grant=a,b}), {@code PUT
 * /api/apps/ID} (update), {@code POST /api/apps/ID/rollback|suspend|resume|grant}, {@code DELETE
 * /api/apps/ID[?keepData=true]}, {@code POST /api/apps/-/trust?did=…[&marketplace=true]} and {@code
 * POST /api/apps/-/untrust?did=…}. Licenses: {@code POST /api/apps/ID/license} checks an installed
 * app's license now; {@code POST /api/apps/-/license} (a .wapp body) checks the license a package
 * names; {@code POST /api/apps/-/receipt[?verifyOnly=true]} (a receipt JSON body) verifies and
 * stores an offline license receipt. An app's own files: {@code PUT|GET|DELETE
 * /api/apps/ID/files/PATH} (see {@link AppFilesApi}).
 */
@Component(service = Servlet.class, immediate = true)
@HttpWhiteboardServletPattern("/api/apps/*")
public class AppsApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Reference transient SuperExe superexe;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    transient volatile AdminToken token;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    transient volatile ScopeStore scopes;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    transient volatile CapabilitiesServlet capabilities;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!Responses.authorized(token, req, resp)) {
            return;
        }
        try {
            route(req, resp);
        } catch (IllegalArgumentException e) {
            Responses.json(resp, 400, Map.of("error", e.getMessage()));
        }
    }

    private void route(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        List<String> path = segments(req.getPathInfo());
        String method = req.getMethod();
        String actor = Responses.actor(req);
        if (path.size() >= 2 && path.get(1).equals("files")) {
            new AppFilesApi(superexe, scopes)
                    .handle(path.get(0), path.subList(2, path.size()), req, resp, actor);
        } else if (path.isEmpty() && method.equals("GET")) {
            Responses.json(resp, 200, superexe.list().stream().map(this::app).toList());
        } else if (path.isEmpty() && method.equals("POST")) {
            withUpload(req, resp, file -> superexe.install(file, grantParam(req), actor));
        } else if (path.size() == 2
                && path.get(0).equals("-")
                && path.get(1).equals("trust")
                && method.equals("POST")) {
            trust(req, resp, actor);
        } else if (path.size() == 2
                && path.get(0).equals("-")
                && path.get(1).equals("untrust")
                && method.equals("POST")) {
            untrust(req, resp, actor);
        } else if (path.size() == 2
                && path.get(0).equals("-")
                && path.get(1).equals("license")
                && method.equals("POST")) {
            withBody(req, resp, PackageLimits.DEFAULT.maxPackageBytes(), this::packageLicense);
        } else if (path.size() == 2
                && path.get(0).equals("-")
                && path.get(1).equals("receipt")
                && method.equals("POST")) {
            withBody(
                    req,
                    resp,
                    ReceiptJson.MAX_BYTES,
                    file ->
                            receipt(
                                    file,
                                    "true".equals(req.getParameter("verifyOnly")),
                                    resp,
                                    actor));
        } else if (path.size() == 1 && method.equals("GET")) {
            details(path.get(0), resp);
        } else if (path.size() == 1 && method.equals("PUT")) {
            withUpload(req, resp, file -> superexe.update(file, actor));
        } else if (path.size() == 1 && method.equals("DELETE")) {
            result(
                    resp,
                    superexe.remove(
                            path.get(0), "true".equals(req.getParameter("keepData")), actor));
        } else if (path.size() == 2 && method.equals("POST")) {
            action(path.get(0), path.get(1), req, resp, actor);
        } else {
            Responses.json(
                    resp,
                    404,
                    Map.of("error", "no such endpoint: " + method + " " + req.getRequestURI()));
        }
    }

    private void action(
            String id, String verb, HttpServletRequest req, HttpServletResponse resp, String actor)
            throws IOException {
        switch (verb) {
            case "rollback" ->
                    result(resp, superexe.rollback(id, req.getParameter("version"), actor));
            case "suspend" -> result(resp, superexe.suspend(id, actor));
            case "license" -> recheck(id, resp);
            case "resume" -> result(resp, superexe.resume(id, actor));
            case "grant" -> {
                Set<Capability> grant = grantParam(req);
                result(resp, superexe.grant(id, grant == null ? Set.of() : grant, actor));
            }
            default -> Responses.json(resp, 404, Map.of("error", "unknown action " + verb));
        }
    }

    private void details(String id, HttpServletResponse resp) throws IOException {
        var app = superexe.get(id);
        if (app.isEmpty()) {
            Responses.json(resp, 404, Map.of("error", "app " + id + " is not installed"));
            return;
        }
        Map<String, Object> m = app(app.get());
        m.put("versions", superexe.versions(id));
        m.put("grants", superexe.grants(id));
        superexe.manifest(id)
                .ifPresent(man -> {
                    m.put("publisher", man.publisherDid().value());
                    m.put(
                            "requested",
                            man.capabilities().stream().map(Object::toString).sorted().toList());

                    m.put(
                            "limits",
                            Map.of(
                                    "memoryBytes", man.limits().memoryBytes(),
                                    "timeoutMillis", man.limits().wallClock().toMillis(),
                                    "maxOutputBytes", man.limits().maxOutputBytes()));
                });
        superexe.stats(id)
                .ifPresent(st -> {
                    Map<String, Object> r = new java.util.LinkedHashMap<>();
                    r.put("calls", st.calls());
                    r.put("errors", st.errors());
                    r.put("timeouts", st.timeouts());
                    r.put("p50Micros", st.p50Micros());
                    r.put("p99Micros", st.p99Micros());
                    r.put("instances", st.liveInstances());
                    // Linear memory only grows, so this is each idle instance's peak.
                    r.put("memoryBytes", st.memoryBytes());
                    m.put("runtime", r);
                });
        Responses.json(resp, 200, m);
    }

    private void trust(HttpServletRequest req, HttpServletResponse resp, String actor)
            throws IOException {
        String did = req.getParameter("did");
        if (did == null || !did.startsWith("did:") || did.length() > 512) {
            Responses.json(
                    resp,
                    400,
                    Map.of("error", "give the publisher as ?did=did:key:... or did:pkh:..."));
            return;
        }
        try {
            if ("true".equals(req.getParameter("marketplace"))) {
                superexe.trustMarketplace(did, actor);
                Responses.json(resp, 200, Map.of("trustedMarketplace", did));
            } else {
                superexe.trust(did, actor);
                Responses.json(resp, 200, Map.of("trusted", did));
            }
        } catch (java.sql.SQLException e) {
            Responses.json(resp, 500, Map.of("error", "could not save the trust store"));
        }
    }

    private void untrust(HttpServletRequest req, HttpServletResponse resp, String actor)
            throws IOException {
        String did = req.getParameter("did");
        if (did == null || !did.startsWith("did:") || did.length() > 512) {
            Responses.json(
                    resp,
                    400,
                    Map.of("error", "give the publisher as ?did=did:key:... or did:pkh:..."));
            return;
        }
        try {
            superexe.untrust(did, actor);
            Responses.json(resp, 200, Map.of("untrusted", did));
        } catch (java.sql.SQLException e) {
            Responses.json(resp, 500, Map.of("error", "could not save the trust store"));
        }
    }

    private void recheck(String id, HttpServletResponse resp) throws IOException {
        if (superexe.get(id).isEmpty()) {
            Responses.json(resp, 404, Map.of("error", "app " + id + " is not installed"));
            return;
        }
        try {
            var r = superexe.recheckLicense(id);
            if (r.isEmpty()) {
                Responses.json(resp, 200, Map.of("app", id, "license", "none"));
            } else {
                Responses.json(resp, 200, Map.of("app", id, "license", LicenseJson.of(r.get())));
            }
        } catch (java.sql.SQLException e) {
            Responses.json(resp, 500, Map.of("error", "could not save the license record"));
        }
    }

    /** {@code elastos license check FILE.wapp}: would the owner's wallets run this package? */
    private void packageLicense(Path file, HttpServletResponse resp) throws IOException {
        AppManifest m;
        try {
            m = new PackageReader(PackageLimits.DEFAULT).read(file).manifest();
        } catch (VerificationException e) {
            Responses.json(
                    resp,
                    422,
                    Map.of("error", e.reason() + ": " + e.getMessage(), "step", "verify"));
            return;
        }
        if (m.license() == null) {
            Responses.json(resp, 200, Map.of("app", m.id(), "license", "none"));
            return;
        }
        var o = superexe.checkLicense(m.id(), m.license());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("app", m.id());
        out.put("version", m.version());
        out.put("terms", LicenseJson.terms(m.license()));
        out.put("valid", o.valid());
        out.put("unreachable", o.unreachable());
        out.put("reason", o.message());
        if (o.verdict() != null) {
            out.put("holder", o.verdict().holder());
            out.put(
                    "expiresAt",
                    o.verdict().expiresAt() == null ? null : o.verdict().expiresAt().toString());
        }
        Responses.json(resp, 200, out);
    }

    private void receipt(Path file, boolean verifyOnly, HttpServletResponse resp, String actor)
            throws IOException {
        byte[] json = Files.readAllBytes(file);
        try {
            if (verifyOnly) {
                var v = superexe.verifyReceipt(json);
                Responses.json(resp, v.valid() ? 200 : 422, LicenseJson.verdict(v));
                return;
            }
            var v = superexe.addReceipt(json, actor);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("stored", true);
            out.put("verdict", v.map(LicenseJson::verdict).orElse(null));
            out.put(
                    "message",
                    v.isPresent()
                            ? v.get().reason()
                            : "stored; it is checked when its app is installed");
            Responses.json(resp, 200, out);
        } catch (IllegalStateException e) {
            Responses.json(resp, 503, Map.of("error", e.getMessage()));
        } catch (java.sql.SQLException e) {
            Responses.json(resp, 500, Map.of("error", "could not store the receipt"));
        }
    }

    /** What to do with an uploaded package once it is on disk. */
    interface Upload {
        InstallResult apply(Path file);
    }

    /** What to do with a request body once it is on disk; writes the response. */
    interface Body {
        void apply(Path file, HttpServletResponse resp) throws IOException;
    }

    interface BodyFile {
        void apply(Path file) throws IOException;
    }

    private void withUpload(HttpServletRequest req, HttpServletResponse resp, Upload action)
            throws IOException {
        withBody(
                req,
                resp,
                PackageLimits.DEFAULT.maxPackageBytes(),
                (file, r) -> result(r, action.apply(file)));
    }

    private void withBody(
            HttpServletRequest req, HttpServletResponse resp, long max, BodyFile action)
            throws IOException {
        withBody(req, resp, max, (file, r) -> action.apply(file));
    }

    private void withBody(HttpServletRequest req, HttpServletResponse resp, long max, Body action)
            throws IOException {
        Responses.withBody(req, resp, max, action::apply);
    }

    private static void result(HttpServletResponse resp, InstallResult r) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("success", r.success());
        m.put("operation", r.operation().name().toLowerCase());
        m.put("app", r.appId());
        m.put("version", r.version());
        m.put("previousVersion", r.previousVersion());
        m.put("message", r.message());
        if (!r.success()) {
            m.put("step", r.failedStep().name().toLowerCase());
        }
        int status =
                r.success()
                        ? 200
                        : switch (r.failedStep()) {
                            case COMMIT -> 500;
                            case VERSION -> 409;
                            default -> 422;
                        };
        Responses.json(resp, status, m);
    }

    private static Set<Capability> grantParam(HttpServletRequest req) {
        String g = req.getParameter("grant");
        if (g == null) {
            return null;
        }
        return Arrays.stream(g.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(Capability::of)
                .collect(Collectors.toSet());
    }

    private Map<String, Object> app(InstalledApp a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("name", a.name());
        m.put("version", a.version());
        m.put("state", a.state().name().toLowerCase());
        m.put("installedAt", a.installedAt().toString());
        m.put("license", superexe.license(a.id()).map(LicenseJson::of).orElse(null));
        CapabilitiesServlet c = capabilities;
        if (c != null) {
            // Granted capabilities whose bundle is gone: the app's calls to them wait, then fail,
            // until it returns; the app center shows the app as waiting for them.
            m.put(
                    "missingProviders",
                    c.missing(superexe.grants(a.id()).stream().map(Capability::of).toList()));
        }
        return m;
    }

    private static List<String> segments(String pathInfo) {
        if (pathInfo == null) {
            return List.of();
        }
        return Arrays.stream(pathInfo.split("/")).filter(s -> !s.isEmpty()).toList();
    }
}
