// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code elastos msg} command line: end-to-end encrypted messages to contacts' owners, and the
 * list of messages in and out with their status, through the owner's HTTP API.
 */
public final class MsgCli {

    static final String USAGE =
            """
            usage: elastos msg <command> [node options]

              send DID TEXT                 send TEXT to a contact (elastos peer contacts add);
                                            prints the message id and its status: delivered,
                                            or queued (the node retries until the contact's node
                                            is back), or refused (exit 1)
              list [--limit N]              the newest messages in and out, with their status
            """
                    + PeerCli.NODE_OPTIONS;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    MsgCli(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    /**
     * Runs the CLI and exits with its code.
     *
     * @param args the arguments after {@code elastos msg}
     */
    public static void main(String[] args) {
        int code = new MsgCli(System.out, System.err, System.getenv()).run(args);
        CommandShell.exit(code);
    }

    int run(String[] args) {
        return CommandShell.run(
                "msg",
                USAGE,
                args,
                out,
                err,
                argv -> {
                    CliArgs a = PeerCli.parse(argv, Set.of("limit"));
                    return switch (a.positional().get(0)) {
                        case "send" -> send(a);
                        case "list" -> list(a);
                        default ->
                                throw CliException.usage(
                                        "unknown command '" + a.positional().get(0) + "'");
                    };
                });
    }

    private int send(CliArgs a) throws CliException {
        if (a.value("limit") != null) {
            throw CliException.usage("--limit goes with list");
        }
        List<String> p = a.expect(3, "the recipient's DID and the text");
        String did = PeerCli.did(p.get(1));
        String text = p.get(2);
        if (text.isEmpty()) {
            throw CliException.usage("the text is empty");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("to", did);
        body.put("text", text);
        try (NodeClient node = NodeClient.from(a, env)) {
            NodeClient.Response r = PeerCli.post(node, "/api/messages", body);
            Map<?, ?> m = r.ok() ? PeerCli.map(r) : Map.of();
            boolean refused = "refused".equals(m.get("status"));
            if (PeerCli.json(out, r, a)) {
                return refused ? CliException.FAILED : 0;
            }
            String id = Output.cell(m.get("id"));
            switch (Output.cell(m.get("status"))) {
                case "delivered" -> out.println("delivered " + id + " to " + did);
                case "queued" ->
                        out.println(
                                "queued "
                                        + id
                                        + ": "
                                        + did
                                        + "'s node is not reachable now; the node retries"
                                        + " (elastos msg list shows when it is delivered)");
                default ->
                        throw CliException.failed(
                                "refused by " + did + "'s node: " + Output.cell(m.get("detail")));
            }
            return 0;
        }
    }

    private int list(CliArgs a) throws CliException {
        a.expect(1, "");
        String limit = a.value("limit");
        if (limit != null && !limit.matches("[1-9][0-9]{0,2}|1000")) {
            throw CliException.usage("--limit is 1 to 1000");
        }
        try (NodeClient node = NodeClient.from(a, env)) {
            NodeClient.Response r =
                    node.send("GET", "/api/messages" + (limit == null ? "" : "?limit=" + limit));
            if (PeerCli.json(out, r, a)) {
                return 0;
            }
            List<List<String>> rows = new ArrayList<>();
            for (Object o : PeerCli.list(RemoteCommands.json(r))) {
                Map<?, ?> m = PeerCli.map(o);
                boolean in = "in".equals(m.get("direction"));
                Object text = m.get("text") != null ? m.get("text") : "(binary)";
                rows.add(
                        List.of(
                                Output.cell(m.get("createdAt")),
                                in ? "from" : "to",
                                Output.cell(in ? m.get("from") : m.get("to")),
                                Output.cell(m.get("status")),
                                Output.cell(text)));
            }
            if (rows.isEmpty()) {
                out.println("no messages");
            } else {
                out.print(Output.table(List.of("TIME", "", "DID", "STATUS", "TEXT"), rows));
            }
            return 0;
        }
    }
}
