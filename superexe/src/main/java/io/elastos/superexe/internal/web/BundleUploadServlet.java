// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.web;

import io.elastos.api.identity.AdminToken;
import io.elastos.api.superexe.VerificationException;
import io.elastos.superexe.internal.bundles.BundleDeployer;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code POST /api/node/bundles/deploy} (owner): a signed bundle jar as the body, installed or
 * hot-updating the bundle of the same symbolic name through the same gate as the deploy folder:
 * every entry signed by one trusted signer, or refused with the reason (422) and nothing changed.
 */
@Component(service = Servlet.class, immediate = true)
@HttpWhiteboardServletPattern("/api/node/bundles/deploy")
public class BundleUploadServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The largest jar accepted: bigger than any bundle of the node. */
    static final long MAX_JAR_BYTES = 64L << 20;

    @Reference transient BundleDeployer deployer;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    transient volatile AdminToken token;

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!Responses.authorized(token, req, resp)) {
            return;
        }
        String actor = Responses.actor(req);
        Responses.withBody(req, resp, MAX_JAR_BYTES, (jar, r) -> deploy(jar, actor, r));
    }

    private void deploy(Path jar, String actor, HttpServletResponse resp) throws IOException {
        try {
            Bundle b = deployer.deploy(jar, actor);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", b.getBundleId());
            m.put("symbolicName", b.getSymbolicName());
            m.put("version", b.getVersion().toString());
            m.put("state", b.getState() == Bundle.ACTIVE ? "ACTIVE" : String.valueOf(b.getState()));
            Responses.json(resp, 200, m);
        } catch (VerificationException e) {
            Responses.json(
                    resp,
                    422,
                    Map.of(
                            "error",
                            e.reason().name() + ": " + e.getMessage(),
                            "reason",
                            e.reason().name()));
        } catch (BundleException e) {
            Responses.json(
                    resp, 500, Map.of("error", "the framework refused it: " + e.getMessage()));
        }
    }
}
