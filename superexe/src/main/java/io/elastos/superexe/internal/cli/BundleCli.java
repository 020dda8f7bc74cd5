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

              new SYMBOLIC-NAME [--dir DIR] a bundle project: a DS component providing a mini-app
                                            capability, a unit test, an in-node test (test kit),
                                            release signing (docs/developers/bundles.md)
              trust CERT.pem --data DIR     trust a bundle signer's certificate on this NAS
                                            (its data folder; re-read at once)
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
                    CliArgs a = PeerCli.parse(argv, Set.of("dir"));
                    return switch (a.positional().get(0)) {
                        case "new" -> create(a);
                        case "trust" -> trust(a);
                        case "list" -> list(a);
                        case "deploy" -> deploy(a);
                        default ->
                                throw CliException.usage(
                                        "unknown command '" + a.positional().get(0) + "'");
                    };
                });
    }

    private int create(CliArgs a) throws CliException {
        String bsn = a.expect(2, "the bundle's symbolic name").get(1);
        BundleTemplate t;
        try {
            t = new BundleTemplate(bsn);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
        Path dir = Path.of(a.value("dir") != null ? a.value("dir") : bsn);
        try {
            if (Files.exists(dir) && Files.list(dir).findAny().isPresent()) {
                throw CliException.usage(dir + " exists and is not empty");
            }
            List<String> files = t.write(dir);
            out.println("created " + dir + " (" + files.size() + " files): bundle " + bsn);
            out.println("  it provides the capability " + t.capability() + " to mini-apps");
            out.println("  next: cd " + dir + " && mvn package   (docs/developers/bundles.md)");
            return 0;
        } catch (java.io.IOException e) {
            throw new CliException(1, "cannot write " + dir + ": " + e.getMessage());
        }
    }

    private int trust(CliArgs a) throws CliException {
        Path pem = Path.of(a.expect(2, "the signer's certificate (PEM)").get(1));
        String data = a.value("data");
        if (data == null) {
            throw CliException.usage("name the node's data folder with --data DIR");
        }
        try {
            String text = Files.readString(pem);
            java.security.cert.X509Certificate cert =
                    (java.security.cert.X509Certificate)
                            java.security.cert.CertificateFactory.getInstance("X.509")
                                    .generateCertificate(
                                            new java.io.ByteArrayInputStream(
                                                    text.getBytes(
                                                            java.nio.charset.StandardCharsets
                                                                    .US_ASCII)));
            Path dir = Path.of(data, "trust", "bundles");
            Files.createDirectories(dir);
            Path target =
                    dir.resolve(pem.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_"));
            Files.writeString(target, text);
            out.println(
                    "trusted "
                            + cert.getSubjectX500Principal().getName()
                            + " for bundles ("
                            + target
                            + ")");
            return 0;
        } catch (java.io.IOException | java.security.cert.CertificateException e) {
            throw new CliException(1, "cannot trust " + pem + ": " + e.getMessage());
        }
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
