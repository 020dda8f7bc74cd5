// SPDX-License-Identifier: Apache-2.0
package io.elastos.web.internal.desktop;

import io.elastos.api.identity.Role;
import io.elastos.api.identity.Session;
import io.elastos.json.JsonWriter;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code GET /api/node/bundles}, owner only: every OSGi bundle of the node with its id, symbolic
 * name, version and state, for the desktop's Services page.
 */
@Component(service = Servlet.class, immediate = true)
@HttpWhiteboardServletPattern("/api/node/bundles")
public class BundlesServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private transient BundleContext context;

    @Activate
    void activate(BundleContext context) {
        this.context = context;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        // The access filter put the caller's session here; without one, fail closed.
        if (!(req.getAttribute(Session.REQUEST_ATTRIBUTE) instanceof Session s)) {
            send(resp, 401, Map.of("error", "sign-in required"));
            return;
        }
        if (s.role() != Role.OWNER) {
            send(resp, 403, Map.of("error", "only the owner may do this"));
            return;
        }
        send(resp, 200, bundles(context.getBundles()));
    }

    static List<Map<String, Object>> bundles(Bundle[] bundles) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Bundle b : bundles) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", b.getBundleId());
            m.put("symbolicName", String.valueOf(b.getSymbolicName()));
            m.put("name", b.getHeaders().get(Constants.BUNDLE_NAME));
            m.put("version", b.getVersion().toString());
            m.put("state", state(b.getState()));
            m.put("fragment", b.getHeaders().get(Constants.FRAGMENT_HOST) != null);
            list.add(m);
        }
        return list;
    }

    static String state(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "UNINSTALLED";
        };
    }

    private static void send(HttpServletResponse resp, int status, Object body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.getOutputStream().write(JsonWriter.write(body).getBytes(StandardCharsets.UTF_8));
    }
}
