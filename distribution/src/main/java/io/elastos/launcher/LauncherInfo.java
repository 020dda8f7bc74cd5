// SPDX-License-Identifier: Apache-2.0
package io.elastos.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Build facts of the launcher (its version, the GraalVM version) and the packages the system bundle
 * exports from the launcher's class path.
 *
 * @param version the node's version
 * @param graalVersion the GraalVM polyglot version on the class path
 * @param slf4jVersion the SLF4J version on the class path
 */
record LauncherInfo(String version, String graalVersion, String slf4jVersion) {

    static LauncherInfo load() {
        Properties p = new Properties();
        try (InputStream in = LauncherInfo.class.getResourceAsStream("launcher.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // fall through to defaults
        }
        return new LauncherInfo(
                p.getProperty("version", "unknown"),
                p.getProperty("graalvm.version", "0.0.0"),
                p.getProperty("slf4j.version", "0.0.0"));
    }

    /**
     * GraalVM finds languages, and SLF4J its provider, with ServiceLoader, so their jars stay on
     * the launcher's class path and bundles import their APIs from the system bundle.
     */
    String systemPackagesExtra() {
        String g = ";version=\"" + osgiVersion(graalVersion) + "\"";
        String s = ";version=\"" + osgiVersion(slf4jVersion) + "\"";
        return String.join(
                ",",
                "org.graalvm.polyglot" + g,
                "org.graalvm.polyglot.io" + g,
                "org.graalvm.polyglot.proxy" + g,
                "org.graalvm.polyglot.management" + g,
                "org.graalvm.options" + g,
                "org.slf4j" + s,
                "org.slf4j.spi" + s,
                "org.slf4j.event" + s,
                "org.slf4j.helpers" + s);
    }

    /** OSGi versions have at most three numeric parts before the qualifier. */
    static String osgiVersion(String v) {
        String[] parts = v.split("[.-]");
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            String part = i < parts.length && parts[i].matches("\\d+") ? parts[i] : "0";
            out.append(i == 0 ? "" : ".").append(Integer.parseInt(part));
        }
        return out.toString();
    }
}
