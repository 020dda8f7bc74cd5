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
 * The {@code elastos license} command line: checks the NFT license of an installed app or of a
 * package against the owner's wallets, and verifies and stores offline license receipts. Every
 * check runs on the node, which holds the wallets and the chain endpoints.
 */
public final class LicenseCli {

    static final String USAGE =
            """
            usage: elastos license <command> [--node URL] [--token TOKEN] [--json]

              check APP-ID        check an installed app's license now (applies the policy:
                                  a lapsed app is suspended after its grace, a renewed one resumes)
              check FILE.wapp     check the license a package names, before installing it
              status              list the licensed apps with their license status
              receipt verify FILE verify an offline license receipt (EIP-712) for an installed app
              receipt add FILE    verify and store a receipt; it proves the license while offline

            Exit codes: 0 valid/done, 1 not held or refused, 2 bad command line,
            3 node unreachable, 4 admin token refused or missing.
            """;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    LicenseCli(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    /**
     * Runs the CLI and exits with its code.
     *
     * @param args the arguments after {@code elastos license}
     */
    public static void main(String[] args) {
        int code = new LicenseCli(System.out, System.err, System.getenv()).run(args);
        CommandShell.exit(code);
    }

    int run(String[] args) {
        return CommandShell.run(
                "license",
                USAGE,
                args,
                out,
                err,
                argv -> {
                    CliArgs a =
                            CliArgs.parse(argv, Set.of("node", "token", "data"), Set.of("json"));
                    List<String> p = a.positional();
                    String command = p.get(0);
                    return switch (command) {
                        case "check" -> {
                            a.expect(2, "the app ID or package file");
                            yield check(a, p.get(1));
                        }
                        case "status" -> {
                            a.expect(1, "");
                            yield status(a);
                        }
                        case "receipt" -> {
                            a.expect(3, "verify|add and the receipt file");
                            yield receipt(a, p.get(1), p.get(2));
                        }
                        default -> throw CliException.usage("unknown command '" + command + "'");
                    };
                });
    }

    private int check(CliArgs a, String target) throws CliException {
        try (NodeClient node = NodeClient.from(a, env)) {
            Path file = Path.of(target);
            NodeClient.Response r =
                    target.endsWith(".wapp") || Files.isRegularFile(file)
                            ? node.upload("POST", "/api/apps/-/license", existing(file), null)
                            : node.send("POST", "/api/apps/" + appId(target) + "/license");
            Map<?, ?> body = answer(r, a);
            if (a.flag("json")) {
                return verdictCode(body);
            }
            Object license = body.get("license");
            if ("none".equals(license)) {
                out.println(body.get("app") + " names no license: it is free to run");
                return 0;
            }
            Map<?, ?> l = license instanceof Map<?, ?> m ? m : body;
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"app", Output.cell(body.get("app"))});
            Map<?, ?> terms = body.get("terms") instanceof Map<?, ?> t ? t : l;
            rows.add(
                    new String[] {
                        "license",
                        terms.get("standard")
                                + " token "
                                + (terms.get("tokenId") == null ? "(any)" : terms.get("tokenId"))
                                + " of "
                                + terms.get("contract")
                                + " on chain "
                                + terms.get("chainId")
                    });
            if (l.get("status") != null) {
                rows.add(new String[] {"status", Output.cell(l.get("status"))});
            } else {
                rows.add(
                        new String[] {
                            "status",
                            Boolean.TRUE.equals(l.get("unreachable"))
                                    ? "unreachable"
                                    : Boolean.TRUE.equals(l.get("valid")) ? "valid" : "not held"
                        });
            }
            for (String key : List.of("reason", "holder", "expiresAt", "checkedAt", "royalty")) {
                if (l.get(key) != null) {
                    rows.add(new String[] {key, Output.cell(l.get(key))});
                }
            }
            out.print(Output.block(rows));
            return Boolean.TRUE.equals(l.get("valid")) && !"suspended".equals(l.get("status"))
                    ? 0
                    : CliException.FAILED;
        }
    }

    private int status(CliArgs a) throws CliException {
        try (NodeClient node = NodeClient.from(a, env)) {
            NodeClient.Response r = node.send("GET", "/api/apps");
            if (!r.ok()) {
                throw RemoteCommands.refusal(r);
            }
            if (a.flag("json")) {
                out.println(r.body());
                return 0;
            }
            List<List<String>> rows = new ArrayList<>();
            if (RemoteCommands.json(r) instanceof List<?> apps) {
                for (Object o : apps) {
                    if (o instanceof Map<?, ?> app && app.get("license") instanceof Map<?, ?> l) {
                        rows.add(
                                List.of(
                                        Output.cell(app.get("id")),
                                        Output.cell(l.get("standard")),
                                        Output.cell(l.get("status")),
                                        Output.cell(l.get("holder")),
                                        Output.cell(l.get("expiresAt")),
                                        Output.cell(l.get("reason"))));
                    }
                }
            }
            if (rows.isEmpty()) {
                out.println("no licensed apps installed");
            } else {
                out.print(
                        Output.table(
                                List.of("APP", "STANDARD", "STATUS", "HOLDER", "EXPIRES", "REASON"),
                                rows));
            }
            return 0;
        }
    }

    private int receipt(CliArgs a, String verb, String fileName) throws CliException {
        if (!verb.equals("verify") && !verb.equals("add")) {
            throw CliException.usage("receipt takes verify or add, not '" + verb + "'");
        }
        Path file = existing(Path.of(fileName));
        try (NodeClient node = NodeClient.from(a, env)) {
            String query = verb.equals("verify") ? "?verifyOnly=true" : "";
            NodeClient.Response r = node.upload("POST", "/api/apps/-/receipt" + query, file, null);
            Map<?, ?> body = r.status() == 422 ? json(r) : answer(r, a);
            if (a.flag("json")) {
                out.println(r.body());
                return verdictCode(body.get("verdict") instanceof Map<?, ?> v ? v : body);
            }
            Map<?, ?> v = body.get("verdict") instanceof Map<?, ?> m ? m : body;
            if (verb.equals("add")) {
                out.println(
                        "receipt stored: " + Output.printable(String.valueOf(body.get("message"))));
                return 0;
            }
            boolean valid = Boolean.TRUE.equals(v.get("valid"));
            out.println(
                    (valid ? "receipt valid: " : "receipt NOT valid: ")
                            + Output.printable(String.valueOf(v.get("reason"))));
            return valid ? 0 : CliException.FAILED;
        }
    }

    private Map<?, ?> answer(NodeClient.Response r, CliArgs a) throws CliException {
        if (!r.ok()) {
            throw RemoteCommands.refusal(r);
        }
        if (a.flag("json")) {
            out.println(r.body());
        }
        return json(r);
    }

    private static Map<?, ?> json(NodeClient.Response r) throws CliException {
        if (RemoteCommands.json(r) instanceof Map<?, ?> m) {
            return m;
        }
        throw CliException.failed("the node answered something other than an object: " + r.body());
    }

    private static int verdictCode(Map<?, ?> body) {
        Object l = body.get("license");
        Map<?, ?> v = l instanceof Map<?, ?> m ? m : body;
        if ("none".equals(l)) {
            return 0;
        }
        return Boolean.TRUE.equals(v.get("valid")) && !"suspended".equals(v.get("status"))
                ? 0
                : CliException.FAILED;
    }

    private static String appId(String id) throws CliException {
        if (!id.matches("[a-z][a-z0-9-]*(\\.[a-z0-9][a-z0-9-]*)+")) {
            throw CliException.usage("not an app ID or an existing package file: " + id);
        }
        return id;
    }

    private static Path existing(Path file) throws CliException {
        if (!Files.isRegularFile(file)) {
            throw CliException.usage("no such file: " + file);
        }
        return file;
    }
}
