// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.web;

import io.elastos.api.runtime.Capability;
import io.elastos.api.runtime.HostCapabilityProvider;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code GET /api/node/capabilities}: the capabilities bundles provide to mini-apps right now, with
 * the description the owner sees at consent, their functions and the providing bundle; and, for the
 * app center, which of an app's requested capabilities have no provider (the app's calls to them
 * wait, then fail, until the bundle returns).
 */
@Component(service = {Servlet.class, CapabilitiesServlet.class})
@HttpWhiteboardServletPattern("/api/node/capabilities")
public class CapabilitiesServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient Map<String, HostCapabilityProvider> providers =
            new ConcurrentHashMap<>();

    @Reference(
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            service = HostCapabilityProvider.class)
    void addProvider(HostCapabilityProvider p) {
        providers.put(p.capability(), p);
    }

    void removeProvider(HostCapabilityProvider p) {
        providers.remove(p.capability(), p);
    }

    /** The requested capabilities, outside the node's own, that no bundle provides now. */
    public List<String> missing(Collection<Capability> requested) {
        List<String> out = new ArrayList<>();
        for (Capability c : requested) {
            String base = c.base();
            if (!HostCapabilityProvider.RESERVED_NAMESPACES.contains(base.split("\\.")[0])
                    && !providers.containsKey(base)
                    && !out.contains(base)) {
                out.add(base);
            }
        }
        return out;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        new TreeMap<>(providers)
                .forEach((name, p) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("capability", name);
                    m.put("description", p.description());
                    m.put("functions", new TreeMap<>(p.functions()));
                    Bundle b = FrameworkUtil.getBundle(p.getClass());
                    if (b != null) {
                        m.put("bundle", b.getSymbolicName());
                        m.put("version", b.getVersion().toString());
                    }
                    out.add(m);
                });
        Responses.json(resp, 200, out);
    }
}
