// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code elastos bundle} command line: the node's OSGi bundles and hot deploys of signed bundle
 * jars through SuperEXE, with the owner's HTTP API (what the desktop's Services page does).
 */
public final class BundleCli {

    static final String USAGE =
            """
            usage: elastos bundle <command> [node options]

              list                          the node's bundles: id, symbolic name, version, state
              deploy JAR                    install a signed bundle jar, or hot-update the bundle of
                                            the same symbolic name; a jar not signed by a trusted
                                            signer is refused with the reason (exit 1), nothing
                                            changes
            """
                    + PeerCli.NODE_OPTIONS;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final boolean terminal;

    BundleCli(PrintStream out, PrintStream err, Map<String, String> env, boolean terminal) {
        this.out = out;
        this.err = err;
        this.env = env;
        this.terminal = terminal;
    }

    /**
     * Runs the CLI and exits with its code.
     *
     * @param args the arguments after {@code elastos bundle}
     */
    public static void main(String[] args) {
        int code =
                new BundleCli(System.out, System.err, System.getenv(), AppCli.stderrIsTerminal())
                        .run(args);
        CommandShell.exit(code);
    }

    int run(String[] args) {
        return CommandShell.run(
                "bundle",
                USAGE,
                args,
                out,
                err,
                argv -> {
                    CliArgs a = PeerCli.parse(argv, Set.of());
                    return switch (a.positional().get(0)) {
                        case "list" -> list(a);
                        case "deploy" -> deploy(a);
                        default ->
                                throw CliException.usage(
                                        "unknown command '" + a.positional().get(0) + "'");
                    };
                });
    }

    private int list(CliArgs a) throws CliException {
        a.expect(1, "");
        try (NodeClient node = NodeClient.from(a, env)) {
            NodeClient.Response r = node.send("GET", "/api/node/bundles");
            if (PeerCli.json(out, r, a)) {
                return 0;
            }
            List<List<String>> rows = new ArrayList<>();
            for (Object o : PeerCli.list(RemoteCommands.json(r))) {
                Map<?, ?> m = PeerCli.map(o);
                rows.add(
                        List.of(
                                Output.cell(m.get("id")),
                                Output.cell(m.get("symbolicName")),
                                Output.cell(m.get("version")),
                                Output.cell(m.get("state"))));
            }
            out.print(Output.table(List.of("ID", "SYMBOLIC NAME", "VERSION", "STATE"), rows));
            return 0;
        }
    }

    private int deploy(CliArgs a) throws CliException {
        Path jar = Path.of(a.expect(2, "the bundle jar").get(1));
        if (!Files.isRegularFile(jar)) {
            throw CliException.usage("no such file: " + jar);
        }
        try (NodeClient node = NodeClient.from(a, env)) {
            PrintStream progress = terminal && !a.flag("json") ? err : null;
            NodeClient.Response r = node.upload("POST", "/api/node/bundles/deploy", jar, progress);
            if (PeerCli.json(out, r, a)) { // a refusal throws, with the reason, for exit 1
                return 0;
            }
            Map<?, ?> m = PeerCli.map(r);
            out.println(
                    "deployed "
                            + Output.cell(m.get("symbolicName"))
                            + " "
                            + Output.cell(m.get("version"))
                            + " ("
                            + Output.cell(m.get("state"))
                            + ")");
            return 0;
        }
    }
}
