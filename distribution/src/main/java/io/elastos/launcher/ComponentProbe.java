// SPDX-License-Identifier: Apache-2.0
package io.elastos.launcher;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Reads the state of the node's Declarative Services components from outside the framework. The DS
 * API classes live in the SCR bundle, not on the launcher's class path, so they are reached by
 * reflection through the bundle that registered the runtime service.
 */
final class ComponentProbe {

    static final String SCR = "org.osgi.service.component.runtime.ServiceComponentRuntime";
    private static final int UNSATISFIED_CONFIGURATION = 1;
    private static final int UNSATISFIED_REFERENCE = 2;
    private static final int FAILED_ACTIVATION = 16;

    /** What is known about the node's components right now. */
    record Status(boolean available, List<String> pending, List<String> failures) {
        boolean ready() {
            return available && pending.isEmpty() && failures.isEmpty();
        }
    }

    private final String prefix;

    ComponentProbe(String bundlePrefix) {
        this.prefix = bundlePrefix;
    }

    Status probe(BundleContext context) {
        ServiceReference<?> ref = context.getServiceReference(SCR);
        if (ref == null) {
            return new Status(false, List.of("Declarative Services"), List.of());
        }
        Object scr = context.getService(ref);
        try {
            Class<?> api = ref.getBundle().loadClass(SCR);
            Method descriptions = api.getMethod("getComponentDescriptionDTOs", Bundle[].class);
            Method configurations = null;
            List<String> pending = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            for (Object d : (Collection<?>) descriptions.invoke(scr, (Object) new Bundle[0])) {
                Object bundle = field(d, "bundle");
                String bsn = (String) field(bundle, "symbolicName");
                if (!bsn.startsWith(prefix)) {
                    continue;
                }
                String name = (String) field(d, "name");
                if (configurations == null) {
                    configurations = api.getMethod("getComponentConfigurationDTOs", d.getClass());
                }
                Collection<?> configs = (Collection<?>) configurations.invoke(scr, d);
                if (configs.isEmpty() && Boolean.TRUE.equals(field(d, "defaultEnabled"))) {
                    pending.add(name);
                }
                for (Object c : configs) {
                    int state = (Integer) field(c, "state");
                    if (state == FAILED_ACTIVATION) {
                        failures.add(name + ": " + firstLine((String) field(c, "failure")));
                    } else if (state == UNSATISFIED_REFERENCE
                            || state == UNSATISFIED_CONFIGURATION) {
                        pending.add(name);
                    }
                }
            }
            return new Status(true, pending, failures);
        } catch (ReflectiveOperationException e) {
            return new Status(false, List.of("Declarative Services (" + e + ")"), List.of());
        } finally {
            context.ungetService(ref);
        }
    }

    private static Object field(Object o, String name) throws ReflectiveOperationException {
        Field f = o.getClass().getField(name);
        Object v = f.get(o);
        return v != null && v.getClass().isArray() && Array.getLength(v) == 0 ? null : v;
    }

    /**
     * The most useful line of a DS failure: the outermost exception's message, skipping reflective
     * wrappers that carry none. The exception class name is dropped: messages are written for
     * people.
     */
    static String firstLine(String failure) {
        if (failure == null || failure.isBlank()) {
            return "unknown failure";
        }
        for (String line : failure.lines().toList()) {
            String l =
                    line.startsWith("Caused by: ") ? line.substring("Caused by: ".length()) : line;
            if (l.startsWith("\t") || l.startsWith("at ") || l.startsWith("...")) {
                continue;
            }
            int colon = l.indexOf(": ");
            boolean classPrefix = colon > 0 && l.substring(0, colon).matches("[\\w.$]+");
            if (classPrefix) {
                return l.substring(colon + 2);
            }
            if (!l.matches("[\\w.$]+")) {
                return l;
            }
        }
        return failure.lines().findFirst().orElse(failure);
    }
}
