// SPDX-License-Identifier: Apache-2.0
package io.elastos.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/** The embedded Felix framework with the node's bundles installed and started. */
final class NodeFramework {

    /** Infrastructure that should be running before the node's own components activate. */
    private static final List<String> START_FIRST =
            List.of(
                    "org.apache.felix.configadmin",
                    "org.apache.felix.fileinstall",
                    "org.apache.felix.metatype",
                    "org.apache.felix.scr");

    private final Framework framework;

    private NodeFramework(Framework framework) {
        this.framework = framework;
    }

    /** Framework properties for the node; package-private so tests can check them. */
    static Map<String, String> properties(
            Path home, Path data, Path conf, NodeConfig config, LauncherInfo info) {
        Map<String, String> p = new HashMap<>();
        p.put(Constants.FRAMEWORK_STORAGE, data.resolve("cache/felix").toString());
        // Bundles come from the immutable distribution each start; hot updates arrive later
        // through SuperEXE, which keeps its own record of what it installed.
        p.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        p.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, info.systemPackagesExtra());
        p.put("elastos.data", data.toString());
        p.put("elastos.home", home.toString());
        p.put("elastos.version", info.version());
        p.put("org.osgi.service.http.port", Integer.toString(config.port()));
        p.put("org.apache.felix.http.host", config.host());
        p.put("org.apache.felix.http.enable", "true");
        p.put("felix.fileinstall.dir", conf.toString());
        p.put("felix.fileinstall.filter", ".*\\.cfg");
        p.put("felix.fileinstall.noInitialDelay", "true");
        p.put("felix.fileinstall.poll", "2000");
        p.put("felix.fileinstall.enableConfigSave", "false");
        p.put("felix.fileinstall.log.level", "2");
        // The node runs as a service: no interactive console on its standard input.
        p.put("gosh.args", "--nointeractive");
        p.put("felix.log.level", "1");
        return p;
    }

    static NodeFramework start(Map<String, String> properties, Path bundleDir)
            throws LauncherException {
        return start(properties, bundleDir, null);
    }

    /**
     * Starts the node with the distribution's bundles, where bundles hot-deployed through SuperEXE
     * (kept in {@code deployedDir}, verified when they were deployed) replace the distribution's
     * bundle of the same symbolic name.
     */
    static NodeFramework start(Map<String, String> properties, Path bundleDir, Path deployedDir)
            throws LauncherException {
        FrameworkFactory factory =
                ServiceLoader.load(FrameworkFactory.class)
                        .findFirst()
                        .orElseThrow(() ->
                                new LauncherException(
                                        "no OSGi framework on the class path; the"
                                                + " installation is broken, unpack it again"));
        Framework framework = factory.newFramework(properties);
        try {
            framework.init();
            List<Bundle> bundles =
                    install(
                            framework.getBundleContext(),
                            BundleSet.resolve(bundleDir, deployedDir));
            framework.start();
            startAll(bundles);
        } catch (BundleException e) {
            stopQuietly(framework);
            throw new LauncherException("the node failed to start: " + describe(e));
        }
        return new NodeFramework(framework);
    }

    private static List<Bundle> install(BundleContext context, List<Path> jars)
            throws BundleException {
        List<Bundle> bundles = new ArrayList<>();
        for (Path jar : jars) {
            // "reference:" installs in place: Felix reads the jar where it is instead of copying
            // every bundle into its cache at each start.
            bundles.add(context.installBundle("reference:" + jar.toUri()));
        }
        bundles.sort(Comparator.comparingInt(NodeFramework::startRank));
        return bundles;
    }

    private static int startRank(Bundle b) {
        int i = START_FIRST.indexOf(b.getSymbolicName());
        return i < 0 ? START_FIRST.size() : i;
    }

    private static void startAll(List<Bundle> bundles) throws BundleException {
        for (Bundle b : bundles) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                b.start();
            }
        }
    }

    /** The exception's message followed by its root cause, which is where the reason usually is. */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? e.getMessage() : e.getMessage() + " (" + root + ")";
    }

    BundleContext context() {
        return framework.getBundleContext();
    }

    List<String> inactiveBundles() {
        List<String> inactive = new ArrayList<>();
        for (Bundle b : context().getBundles()) {
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            if (!fragment && b.getState() != Bundle.ACTIVE) {
                inactive.add(b.getSymbolicName());
            }
        }
        return inactive;
    }

    void waitForStop() throws InterruptedException {
        framework.waitForStop(0);
    }

    /** Stops the framework and waits up to 30 s for every bundle to stop. */
    void stop() {
        stopQuietly(framework);
    }

    private static void stopQuietly(Framework framework) {
        try {
            framework.stop();
            framework.waitForStop(30_000);
        } catch (BundleException | InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
