// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.cli;

import io.elastos.api.superexe.AppManifest;
import io.elastos.json.JsonException;
import io.elastos.json.JsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The project commands: {@code new} makes a mini-app project from a template, {@code build} runs
 * its build script into {@code build/}, and {@code dev} rebuilds and hot-updates it on the node on
 * every change ({@link DevLoop}).
 */
final class ProjectCommands {
    /** The project command names, in help order. */
    static final List<String> NAMES = List.of("new", "build", "dev", "port-wechat");

    /** The folder a project's build script fills: exactly what {@code pack} signs. */
    static final String BUILD_DIR = "build";

    private static final Pattern APP_ID =
            Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z0-9][a-z0-9-]*)+");
    private static final long BUILD_TIMEOUT_MINUTES = 10;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    ProjectCommands(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    /** Runs one project command and returns its exit code. */
    int run(String command, List<String> argv) throws CliException {
        return switch (command) {
            case "new" -> create(CliArgs.parse(argv, Set.of("lang", "dir", "name"), Set.of()));
            case "build" -> {
                CliArgs a = CliArgs.parse(argv, Set.of(), Set.of());
                build(projectDir(a));
                yield 0;
            }
            case "dev" ->
                    new DevLoop(this, out, err, env)
                            .run(
                                    CliArgs.parse(
                                            argv,
                                            Set.of("key", "node", "token", "data", "interval"),
                                            Set.of("once")));
            case "port-wechat" ->
                    PortWechat.run(
                            CliArgs.parse(
                                    argv, Set.of("out", "id", "name", "allow-host"), Set.of()),
                            out,
                            err);
            default -> throw new IllegalArgumentException(command);
        };
    }

    private int create(CliArgs a) throws CliException {
        String id = a.expect(1, "the app ID (reverse domain, e.g. org.example.hello)").get(0);
        if (id.length() > 128 || !APP_ID.matcher(id).matches()) {
            throw CliException.usage(
                    "not an app ID: "
                            + Output.printable(id)
                            + " (lowercase reverse domain such as org.example.hello)");
        }
        String lang = a.value("lang") == null ? "as" : a.value("lang");
        if (!ProjectTemplate.LANGUAGES.contains(lang)) {
            throw CliException.usage("--lang must be one of " + ProjectTemplate.LANGUAGES);
        }
        String name =
                a.value("name") == null
                        ? ProjectTemplate.defaultName(id)
                        : ProjectTemplate.jsonSafe(a.value("name"));
        if (name.isEmpty()) {
            throw CliException.usage("--name needs letters or digits");
        }
        Path dir =
                Path.of(
                        a.value("dir") != null
                                ? a.value("dir")
                                : id.substring(id.lastIndexOf('.') + 1));
        if (Files.exists(dir) && !isEmptyDirectory(dir)) {
            throw CliException.failed(dir + " already exists and is not empty; pick another --dir");
        }
        List<String> files;
        try {
            files = new ProjectTemplate(lang).write(dir, id, name);
        } catch (IOException e) {
            throw CliException.failed("cannot create the project in " + dir + ": " + e);
        }
        out.println(
                "created "
                        + id
                        + " ("
                        + name
                        + ", "
                        + lang
                        + ") in "
                        + dir
                        + ": "
                        + files.size()
                        + " files");
        out.println("next: cd " + dir + " && elastos app build && npm test");
        out.println(
                "then: elastos app pack build --key KEY && elastos app install "
                        + id
                        + "-0.1.0.wapp");
        out.println(
                "  or: elastos app dev --key KEY   (rebuilds and updates the app on every change)");
        return 0;
    }

    private static boolean isEmptyDirectory(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    static Path projectDir(CliArgs a) throws CliException {
        List<String> p = a.positional();
        if (p.size() > 1) {
            throw CliException.usage("unexpected argument " + p.get(1));
        }
        Path dir = Path.of(p.isEmpty() ? "." : p.get(0));
        if (!Files.isRegularFile(dir.resolve("build.sh"))) {
            throw CliException.failed(
                    dir.toAbsolutePath().normalize()
                            + " is not a mini-app project (no build.sh); make one with: elastos app"
                            + " new ID");
        }
        return dir;
    }

    /**
     * Runs the project's {@code build.sh} and checks that {@code build/} holds a manifest and its
     * entry module.
     *
     * @return the manifest's id and version
     */
    String[] build(Path dir) throws CliException {
        long started = System.nanoTime();
        ProcessBuilder pb =
                new ProcessBuilder("sh", "build.sh")
                        .directory(dir.toFile())
                        .redirectErrorStream(true);
        int code;
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            try (InputStream in = p.getInputStream()) {
                in.transferTo(err);
            }
            if (!p.waitFor(BUILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw CliException.failed(
                        "build.sh did not finish in " + BUILD_TIMEOUT_MINUTES + " minutes");
            }
            code = p.exitValue();
        } catch (IOException e) {
            throw CliException.failed("cannot run build.sh: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.failed("interrupted");
        }
        if (code != 0) {
            throw CliException.failed("build failed: build.sh exited with " + code);
        }
        Path build = dir.resolve(BUILD_DIR);
        Map<?, ?> m = manifest(build);
        String entry = m.get("entry") instanceof String s ? s : "";
        if (entry.isEmpty() || !Files.isRegularFile(build.resolve(entry))) {
            throw CliException.failed(
                    "build.sh did not produce the entry module " + build.resolve(entry));
        }
        String id = String.valueOf(m.get("id"));
        String version = String.valueOf(m.get("version"));
        out.println(
                "built "
                        + id
                        + " "
                        + version
                        + " into "
                        + build
                        + " in "
                        + (System.nanoTime() - started) / 1_000_000
                        + " ms");
        return new String[] {id, version};
    }

    static Map<?, ?> manifest(Path build) throws CliException {
        Path file = build.resolve(AppManifest.MANIFEST_FILE);
        try {
            if (JsonReader.parse(Files.readAllBytes(file), JsonReader.Limits.MANIFEST)
                    instanceof Map<?, ?> m) {
                return m;
            }
            throw CliException.failed(file + " is not a JSON object");
        } catch (IOException e) {
            throw CliException.failed("build.sh did not produce " + file);
        } catch (JsonException e) {
            throw CliException.failed(file + " is not valid JSON: " + e.getMessage());
        }
    }
}
