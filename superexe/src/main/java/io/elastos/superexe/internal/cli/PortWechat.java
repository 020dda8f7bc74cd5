// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code elastos app port-wechat DIR}: turns a WeChat mini-program into a mini-app project with the
 * node's wx runtime (mini-apps/wechat-runtime, built into this jar) and writes a report of what it
 * does not support. The porting itself is the runtime's own tool (tools/port.mjs), run with
 * Node.js, which the mini-app build needs anyway.
 */
final class PortWechat {

    private PortWechat() {}

    static int run(CliArgs a, PrintStream out, PrintStream err) throws CliException {
        List<String> p = a.positional();
        if (p.size() != 1) {
            throw CliException.usage("name the mini-program's folder (the one with app.json)");
        }
        Path source = Path.of(p.get(0));
        if (!Files.isRegularFile(source.resolve("app.json"))) {
            throw CliException.usage(source + " has no app.json: is it a WeChat mini-program?");
        }
        Path target =
                Path.of(
                        a.value("out") != null
                                ? a.value("out")
                                : source.toAbsolutePath().normalize().getFileName() + "-elastos");
        Path tool = null;
        try {
            tool = Files.createTempDirectory("elastos-port-wechat-");
            for (String f : ProjectTemplate.index("wechat-runtime")) {
                write(tool.resolve(f), ProjectTemplate.file("wechat-runtime", f));
            }
            write(tool.resolve("sdk-ui/app-api.js"), ProjectTemplate.file("as", "ui/app-api.js"));
            // The backend's SDK is the node's own, as "elastos app new" writes it.
            for (String f : ProjectTemplate.index("sdk-as")) {
                write(tool.resolve("host/sdk").resolve(f), ProjectTemplate.file("sdk-as", f));
            }
            List<String> cmd =
                    new ArrayList<>(List.of("node", tool.resolve("tools/port.mjs").toString()));
            cmd.add(source.toString());
            cmd.add(target.toString());
            if (a.value("id") != null) {
                cmd.addAll(List.of("--id", a.value("id")));
            }
            if (a.value("name") != null) {
                cmd.addAll(List.of("--name", a.value("name")));
            }
            if (a.value("allow-host") != null) {
                cmd.addAll(List.of("--allow-host", a.value("allow-host")));
            }
            Process proc;
            try {
                proc = new ProcessBuilder(cmd).inheritIO().start();
            } catch (IOException e) {
                throw CliException.failed(
                        "port-wechat needs Node.js on the PATH (apt-get install nodejs npm): "
                                + e.getMessage());
            }
            int code = proc.waitFor();
            if (code == 0) {
                out.println(
                        "next: cd "
                                + target
                                + " && elastos app build && elastos app pack build --key KEY");
            }
            return code == 0 ? 0 : 1;
        } catch (IOException e) {
            throw CliException.failed("cannot port " + source + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.failed("interrupted");
        } finally {
            delete(tool);
        }
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            // A temporary folder left behind is harmless.
        }
    }
}
