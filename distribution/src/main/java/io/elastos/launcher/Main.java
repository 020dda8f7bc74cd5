// SPDX-License-Identifier: Apache-2.0
package io.elastos.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Starts an ElastOS node in the foreground: checks the command line, configuration, data directory
 * and port, starts Felix with the node's bundles, waits until every part is ready and prints the
 * URL, then runs until SIGTERM or Ctrl-C stops it cleanly. {@code bin/elastos} wraps it.
 */
public final class Main {

    static final String BUNDLE_PREFIX = "io.elastos.";
    private static final long READY_TIMEOUT_MILLIS = 120_000;

    private Main() {}

    public static void main(String[] args) {
        System.setProperty(
                "java.util.logging.SimpleFormatter.format", "%1$tF %1$tT %4$s %3$s: %5$s%6$s%n");
        // Jetty logs through SLF4J: warnings and errors only, on the same stream as the rest.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd HH:mm:ss");
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        long started = System.nanoTime();
        LauncherInfo info = LauncherInfo.load();
        Path home = home();
        LauncherOptions options;
        try {
            options = LauncherOptions.parse(args, home);
        } catch (LauncherException e) {
            return report(e, null, out, err);
        }
        try {
            NodeConfig config = NodeConfig.load(options);
            try (DataDirectory data = DataDirectory.open(options.data())) {
                PortCheck.ensureFree(config.host(), config.port());
                StatusFile.write(data.path(), "starting");
                NodeFramework node =
                        NodeFramework.start(
                                NodeFramework.properties(
                                        home, data.path(), options.conf(), config, info),
                                home.resolve("bundles"),
                                data.path().resolve("bundles"));
                // SIGTERM runs this hook and then halts the JVM, so the hook itself records the
                // clean stop; the main thread may never get to run again.
                Path dataDir = data.path();
                Runtime.getRuntime()
                        .addShutdownHook(
                                new Thread(
                                        () -> {
                                            node.stop();
                                            StatusFile.write(dataDir, "stopped");
                                        },
                                        "elastos-shutdown"));
                awaitReady(node, config);
                String url = url(config);
                double seconds = (System.nanoTime() - started) / 1e9;
                out.printf(
                        Locale.ROOT,
                        "ElastOS Node %s ready at %s in %.1f s (wasm: %s, data: %s)%n",
                        info.version(),
                        url,
                        seconds,
                        jitMode(),
                        data.path());
                out.flush();
                StatusFile.write(data.path(), "ready " + url);
                node.waitForStop();
                StatusFile.write(data.path(), "stopped");
                return 0;
            }
        } catch (LauncherException e) {
            return report(e, options.data(), out, err);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return LauncherException.FAILED;
        }
    }

    private static int report(LauncherException e, Path data, PrintStream out, PrintStream err) {
        if (e.exitCode() == 0) {
            out.println(e.getMessage());
            return 0;
        }
        err.println("elastos: " + e.getMessage());
        err.flush();
        if (data != null && java.nio.file.Files.isDirectory(data)) {
            StatusFile.write(data, "failed " + e.getMessage());
        }
        return e.exitCode();
    }

    /** Waits until all bundles are active, every node component is up and HTTP accepts. */
    private static void awaitReady(NodeFramework node, NodeConfig config)
            throws LauncherException, InterruptedException {
        ComponentProbe probe = new ComponentProbe(BUNDLE_PREFIX);
        long deadline = System.currentTimeMillis() + READY_TIMEOUT_MILLIS;
        List<String> waiting = new ArrayList<>();
        while (System.currentTimeMillis() < deadline) {
            ComponentProbe.Status status = probe.probe(node.context());
            if (!status.failures().isEmpty()) {
                node.stop();
                throw new LauncherException(
                        "the node failed to start: " + status.failures().get(0));
            }
            waiting.clear();
            waiting.addAll(node.inactiveBundles());
            waiting.addAll(status.pending());
            if (waiting.isEmpty() && !accepts(config)) {
                waiting.add("HTTP on port " + config.port());
            }
            if (waiting.isEmpty()) {
                return;
            }
            Thread.sleep(25);
        }
        node.stop();
        throw new LauncherException(
                "the node was not ready after "
                        + READY_TIMEOUT_MILLIS / 1000
                        + " s, still waiting for "
                        + waiting
                        + "; see the log above");
    }

    private static boolean accepts(NodeConfig config) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(connectHost(config.host()), config.port()), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static String url(NodeConfig config) {
        String host = connectHost(config.host());
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + config.port() + "/";
    }

    private static String connectHost(String host) {
        return switch (host) {
            case "0.0.0.0" -> "127.0.0.1";
            case "::", "[::]" -> "::1";
            default -> host;
        };
    }

    /**
     * Truffle compiles guest code only when the JVM runs with JVMCI and the Graal compiler module;
     * the wasm engine reports the effective mode in /api/health.
     */
    static String jitMode() {
        boolean jvmci =
                ManagementFactory.getRuntimeMXBean()
                        .getInputArguments()
                        .contains("-XX:+EnableJVMCI");
        boolean compiler = ModuleLayer.boot().findModule("jdk.graal.compiler").isPresent();
        return jvmci && compiler
                ? "Graal JIT"
                : "interpreter only, start with bin/elastos for the JIT";
    }

    private static Path home() {
        String home = System.getProperty("elastos.home");
        if (home != null) {
            return Path.of(home).toAbsolutePath();
        }
        try {
            // lib/<launcher>.jar -> the installation folder
            Path jar =
                    Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return jar.getParent().getParent();
        } catch (URISyntaxException | NullPointerException e) {
            return Path.of("").toAbsolutePath();
        }
    }
}
