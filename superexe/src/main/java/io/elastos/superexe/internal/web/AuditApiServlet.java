// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.web;

import io.elastos.api.audit.AuditEvent;
import io.elastos.api.identity.AdminToken;
import io.elastos.superexe.internal.audit.ChainCheck;
import io.elastos.superexe.internal.audit.DerbyAuditLog;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code GET /api/audit[?limit=N][&since=ISO-TIME]}: the audit log, owner only; {@code GET
 * /api/audit/verify} checks the hash chain and says where it is broken, if it is.
 */
@Component(service = Servlet.class, immediate = true)
@HttpWhiteboardServletPattern("/api/audit/*")
public class AuditApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Reference transient DerbyAuditLog audit;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    transient volatile AdminToken token;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!Responses.authorized(token, req, resp)) {
            return;
        }
        if ("/verify".equals(req.getPathInfo())) {
            ChainCheck c = audit.verify();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("intact", c.intact());
            m.put("rows", c.rows());
            m.put("brokenSeq", c.brokenSeq());
            m.put("problem", c.problem());
            Responses.json(resp, c.intact() ? 200 : 409, m);
            return;
        }
        int limit;
        Instant since;
        try {
            limit =
                    req.getParameter("limit") == null
                            ? 100
                            : Integer.parseInt(req.getParameter("limit"));
            since =
                    req.getParameter("since") == null
                            ? Instant.EPOCH
                            : Instant.parse(req.getParameter("since"));
        } catch (RuntimeException e) {
            Responses.json(
                    resp,
                    400,
                    Map.of("error", "limit must be a number and since an ISO-8601 time"));
            return;
        }
        List<AuditEvent> events = audit.query(since, Math.max(1, Math.min(limit, 10_000)));
        Responses.json(
                resp,
                200,
                events.stream()
                        .map(e -> {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("time", e.time().toString());
                            m.put("actor", e.actor());
                            m.put("action", e.action());
                            m.put("subject", e.subject());
                            m.put("outcome", e.outcome().name().toLowerCase());
                            m.put("reason", e.reason());
                            return m;
                        })
                        .toList());
    }
}
