// SPDX-License-Identifier: Apache-2.0
package io.elastos.web.internal;

import io.elastos.api.node.HealthIndicator;
import io.elastos.api.runtime.WasmEngine;
import io.elastos.json.JsonWriter;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code GET /api/health}: 200 with the health report when the node is UP, 503 otherwise. It
 * carries no secrets, so it answers without a session, which lets scripts and the launcher poll it.
 */
@Component(service = Servlet.class, immediate = true)
@HttpWhiteboardServletPattern("/api/health")
public class HealthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private transient NodeHealth health;

    @Reference(
            service = HealthIndicator.class,
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    volatile List<HealthIndicator> indicators = List.of();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile ServiceComponentRuntime componentRuntime;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile WasmEngine wasmEngine;

    @Activate
    void activate(BundleContext context) {
        health = new NodeHealth(context);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Map<String, Object> report = health.report(indicators, componentRuntime, wasmEngine);
        boolean up = "UP".equals(report.get("status"));
        resp.setStatus(up ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.getOutputStream().write(JsonWriter.write(report).getBytes(StandardCharsets.UTF_8));
    }
}
