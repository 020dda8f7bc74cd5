// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.cli;

import io.elastos.api.superexe.AppManifest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code elastos app dev}: build, sign with a development version ({@code VERSION-dev.MILLIS},
 * always newer than the last), install or update on the node, then do it again whenever a source
 * file changes. Polling, not a file watcher: it behaves the same on every file system.
 */
final class DevLoop {
    private static final Pattern VERSION =
            Pattern.compile("(\"version\"\\s*:\\s*\")([^\"\\\\]*)(\")");

    private final ProjectCommands project;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    DevLoop(ProjectCommands project, PrintStream out, PrintStream err, Map<String, String> env) {
        this.project = project;
        this.out = out;
        this.err = err;
        this.env = env;
    }

    int run(CliArgs a) throws CliException {
        Path dir = ProjectCommands.projectDir(a);
        String key = a.required("key");
        long interval = 500;
        if (a.value("interval") != null) {
            try {
                interval = Long.parseLong(a.value("interval"));
            } catch (NumberFormatException e) {
                interval = 0;
            }
            if (interval < 50) {
                throw CliException.usage("--interval must be at least 50 (milliseconds)");
            }
        }
        List<String> nodeArgs = new ArrayList<>();
        for (String o : List.of("node", "token", "data")) {
            if (a.value(o) != null) {
                nodeArgs.add("--" + o);
                nodeArgs.add(a.value(o));
            }
        }
        long seen = fingerprint(dir);
        boolean ok = deploy(dir, key, nodeArgs, a);
        if (a.flag("once")) {
            return ok ? 0 : CliException.FAILED;
        }
        out.println("watching " + dir.toAbsolutePath().normalize() + " for changes (Ctrl-C stops)");
        out.flush();
        while (true) {
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
            long now = fingerprint(dir);
            if (now != seen) {
                seen = now;
                deploy(dir, key, nodeArgs, a);
            }
        }
    }

    /** One round; a failure is reported and the loop waits for the next change. */
    private boolean deploy(Path dir, String key, List<String> nodeArgs, CliArgs a)
            throws CliException {
        try {
            String[] built = project.build(dir);
            Path build = dir.resolve(ProjectCommands.BUILD_DIR);
            String version = devVersion(built[1]);
            setVersion(build.resolve(AppManifest.MANIFEST_FILE), version);
            Path pkg = Files.createTempFile("elastos-dev-", ".wapp");
            boolean installed;
            try {
                quiet(
                        "pack",
                        List.of(
                                build.toString(),
                                "--key",
                                key,
                                "--out",
                                pkg.toString(),
                                "--force"));
                try (NodeClient node = NodeClient.from(a, env)) {
                    installed = node.send("GET", "/api/apps/" + NodeClient.encode(built[0])).ok();
                }
                List<String> args = new ArrayList<>(List.of(pkg.toString()));
                args.addAll(nodeArgs);
                quietRemote(installed ? "update" : "install", args);
            } finally {
                Files.deleteIfExists(pkg);
            }
            out.println((installed ? "updated " : "installed ") + built[0] + " " + version);
            out.flush();
            return true;
        } catch (CliException e) {
            // Without a node or a token, a single round fails as the other commands do; the
            // loop reports it and tries again on the next change (the node may be restarting).
            if (a.flag("once")
                    && (e.exitCode() == CliException.UNREACHABLE
                            || e.exitCode() == CliException.UNAUTHORIZED)) {
                throw e;
            }
            err.println("elastos app dev: " + e.getMessage());
            err.flush();
            return false;
        } catch (IOException e) {
            err.println("elastos app dev: " + e.getMessage());
            return false;
        }
    }

    /** Runs a package command, showing its output only when it fails. */
    private void quiet(String command, List<String> args) throws CliException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream p = new PrintStream(buf, true, StandardCharsets.UTF_8);
        try {
            new PackageCommands(p, p).run(command, args);
        } catch (CliException e) {
            err.print(buf.toString(StandardCharsets.UTF_8));
            throw e;
        }
    }

    private void quietRemote(String command, List<String> args) throws CliException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream p = new PrintStream(buf, true, StandardCharsets.UTF_8);
        try {
            new RemoteCommands(p, p, env, false).run(command, args);
        } catch (CliException e) {
            err.print(buf.toString(StandardCharsets.UTF_8));
            throw e;
        }
    }

    /** A pre-release of the project's version that sorts after every earlier one. */
    static String devVersion(String version) {
        String plain = version.contains("+") ? version.substring(0, version.indexOf('+')) : version;
        return plain + (plain.contains("-") ? ".dev." : "-dev.") + System.currentTimeMillis();
    }

    /** Rewrites the manifest's version in place, keeping the rest of its bytes. */
    static void setVersion(Path manifest, String version) throws IOException, CliException {
        String text = Files.readString(manifest, StandardCharsets.UTF_8);
        Matcher m = VERSION.matcher(text);
        if (!m.find()) {
            throw CliException.failed(manifest + " has no \"version\"");
        }
        Files.writeString(
                manifest,
                text.substring(0, m.start(2)) + version + text.substring(m.end(2)),
                StandardCharsets.UTF_8);
    }

    /** Changes when a source file is added, removed or modified (build output is ignored). */
    static long fingerprint(Path dir) {
        long h = 17;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path rel = dir.relativize(p);
                if (rel.getNameCount() > 0 && ignored(rel.getName(0).toString())) {
                    continue;
                }
                BasicFileAttributes attrs = Files.readAttributes(p, BasicFileAttributes.class);
                if (attrs.isRegularFile()) {
                    h = h * 31 + rel.toString().hashCode();
                    h = h * 31 + attrs.lastModifiedTime().toMillis();
                    h = h * 31 + attrs.size();
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // A file vanished while walking: report a change, the next round settles.
            return System.nanoTime();
        }
        return h;
    }

    private static boolean ignored(String top) {
        return top.equals(ProjectCommands.BUILD_DIR)
                || top.equals("node_modules")
                || top.startsWith(".")
                || top.endsWith(".wapp");
    }
}
