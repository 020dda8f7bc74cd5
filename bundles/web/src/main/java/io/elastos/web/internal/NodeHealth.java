// SPDX-License-Identifier: Apache-2.0
package io.elastos.web.internal;

import io.elastos.api.node.HealthIndicator;
import io.elastos.api.node.HealthStatus;
import io.elastos.api.node.NodeProperties;
import io.elastos.api.runtime.WasmEngine;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Builds the node's health report: every bundle and its state, the state of the node's own
 * components, and every {@link HealthIndicator}. The node is UP only when all bundles are active,
 * no ElastOS component is unsatisfied or failed, and every indicator is healthy.
 */
final class NodeHealth {

    static final String NODE_BUNDLE_PREFIX = "io.elastos.";

    private final BundleContext context;

    NodeHealth(BundleContext context) {
        this.context = context;
    }

    /**
     * The report as a JSON-ready map; its {@code status} is {@code UP} or {@code DOWN}.
     *
     * @param indicators the registered health indicators
     * @param scr the Declarative Services runtime, or null while it is missing
     * @param w the WebAssembly engine, or null while it is missing
     */
    Map<String, Object> report(
            List<HealthIndicator> indicators, ServiceComponentRuntime scr, WasmEngine w) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("status", "DOWN");
        report.put("version", version());
        report.put("uptimeMillis", ManagementFactory.getRuntimeMXBean().getUptime());
        report.put("jit", w == null ? "UNKNOWN" : w.compilationMode().name());
        if (w == null) {
            problems.add("WebAssembly engine not available");
        }
        report.put("bundles", bundles(problems));
        report.put("components", components(scr, problems));
        report.put("checks", checks(indicators, problems));
        report.put("problems", problems);
        if (problems.isEmpty()) {
            report.put("status", "UP");
        }
        return report;
    }

    private String version() {
        String v = context.getProperty(NodeProperties.VERSION);
        return v != null ? v : context.getBundle().getVersion().toString();
    }

    private List<Map<String, Object>> bundles(List<String> problems) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            String state = stateName(b.getState());
            // A fragment is never ACTIVE; RESOLVED (attached) is its working state.
            boolean ok = fragment ? b.getState() == Bundle.RESOLVED : b.getState() == Bundle.ACTIVE;
            if (!ok) {
                problems.add("bundle " + b.getSymbolicName() + " is " + state);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", b.getBundleId());
            m.put("name", String.valueOf(b.getSymbolicName()));
            m.put("version", b.getVersion().toString());
            m.put("state", state);
            list.add(m);
        }
        return list;
    }

    private static List<Map<String, Object>> components(
            ServiceComponentRuntime runtime, List<String> problems) {
        List<Map<String, Object>> list = new ArrayList<>();
        if (runtime == null) {
            problems.add("Declarative Services runtime not available");
            return list;
        }
        for (ComponentDescriptionDTO d : runtime.getComponentDescriptionDTOs()) {
            if (!d.bundle.symbolicName.startsWith(NODE_BUNDLE_PREFIX)) {
                continue;
            }
            var configs = runtime.getComponentConfigurationDTOs(d);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", d.name);
            if (!d.defaultEnabled && configs.isEmpty()) {
                m.put("state", "DISABLED");
            } else if (configs.isEmpty()) {
                m.put("state", "UNSATISFIED_CONFIGURATION");
                problems.add("component " + d.name + " waits for its configuration");
            }
            for (ComponentConfigurationDTO c : configs) {
                m.put("state", componentState(c.state));
                if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    m.put("failure", firstLine(c.failure));
                    problems.add("component " + d.name + " failed: " + firstLine(c.failure));
                } else if (c.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE
                        || c.state == ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION) {
                    problems.add("component " + d.name + " is " + componentState(c.state));
                }
            }
            list.add(m);
        }
        return list;
    }

    private static Map<String, Object> checks(
            List<HealthIndicator> indicators, List<String> problems) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (HealthIndicator i : indicators) {
            HealthStatus s;
            try {
                s = i.check();
            } catch (RuntimeException e) {
                s = HealthStatus.down("check threw " + e);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("healthy", s.healthy());
            m.put("detail", s.detail());
            m.putAll(s.data());
            out.put(i.name(), m);
            if (!s.healthy()) {
                problems.add(i.name() + ": " + s.detail());
            }
        }
        return out;
    }

    static String stateName(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "UNINSTALLED";
        };
    }

    static String componentState(int state) {
        return switch (state) {
            case ComponentConfigurationDTO.ACTIVE -> "ACTIVE";
            case ComponentConfigurationDTO.SATISFIED -> "SATISFIED";
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE -> "UNSATISFIED_REFERENCE";
            case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION -> "UNSATISFIED_CONFIGURATION";
            case ComponentConfigurationDTO.FAILED_ACTIVATION -> "FAILED_ACTIVATION";
            default -> "UNKNOWN";
        };
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown failure";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
