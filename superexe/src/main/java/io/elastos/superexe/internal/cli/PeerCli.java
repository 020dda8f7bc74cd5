// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code elastos peer} command line: the node's own peer id and addresses, the connected peers,
 * dialing and pinging, and the contact book, through the owner's HTTP API.
 */
public final class PeerCli {

    static final String NODE_OPTIONS =
            """

            node options:
              --node URL      the node's HTTP address (default $ELASTOS_NODE, else
                              http://127.0.0.1:8080)
              --token TOKEN   the admin token; else --data, else $ELASTOS_TOKEN, else
                              ~/.elastos/run/admin.token
              --data DIR      read the token from DIR/run/admin.token
              --json          print the node's JSON answer as it came

            Exit codes: 0 done, 1 refused or failed, 2 bad command line, 3 node unreachable,
            4 admin token refused or missing.
            """;

    static final String USAGE =
            """
            usage: elastos peer <command> [node options]

              id                            this node: peer id, its CID form, owner DID,
                                            addresses (give these to a contact)
              list                          the connected peers
              connect ADDRESS               dial a multiaddr, such as
                                            /ip4/192.0.2.7/tcp/4001/p2p/12D3KooW…
              ping PEER-ID                  round-trip time to a connected peer
              contacts                      list the contacts
              contacts add DID PEER-ID [--name NAME] [--address MULTIADDR]
                                            add (or replace) a contact: only contacts may send
                                            this node messages
              contacts rm DID               remove a contact
            """
                    + NODE_OPTIONS;

    static final Set<String> NODE_VALUES = Set.of("node", "token", "data");

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    PeerCli(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    /**
     * Runs the CLI and exits with its code.
     *
     * @param args the arguments after {@code elastos peer}
     */
    public static void main(String[] args) {
        int code = new PeerCli(System.out, System.err, System.getenv()).run(args);
        CommandShell.exit(code);
    }

    int run(String[] args) {
        return CommandShell.run(
                "peer",
                USAGE,
                args,
                out,
                err,
                argv -> {
                    CliArgs a = parse(argv, Set.of("name", "address"));
                    List<String> p = a.positional();
                    if (!p.get(0).equals("contacts")
                            && (a.value("name") != null || a.value("address") != null)) {
                        throw CliException.usage("--name and --address go with contacts add");
                    }
                    return switch (p.get(0)) {
                        case "id" -> id(a);
                        case "list" -> list(a);
                        case "connect" -> connect(a);
                        case "ping" -> ping(a);
                        case "contacts" -> contacts(a);
                        default -> throw CliException.usage("unknown command '" + p.get(0) + "'");
                    };
                });
    }

    static CliArgs parse(List<String> argv, Set<String> values) throws CliException {
        Set<String> v = new java.util.HashSet<>(NODE_VALUES);
        v.addAll(values);
        return CliArgs.parse(argv, v, Set.of("json"));
    }

    private int id(CliArgs a) throws CliException {
        a.expect(1, "");
        try (NodeClient node = NodeClient.from(a, env)) {
            NodeClient.Response r = node.send("GET", "/api/peers");
            if (json(out, r, a)) {
                return 0;
            }
            Map<?, ?> self = map(map(r).get("self"));
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"peer id", Output.cell(self.get("peerId"))});
            rows.add(new String[] {"CID", Output.cell(self.get("cid"))});
            rows.add(new String[] {"owner DID", Output.cell(self.get("did"))});
            for (Object addr : list(self.get("addresses"))) {
                rows.add(
                        new String[] {"address", Output.cell(addr) + "/p2p/" + self.get("peerId")});
            }
            out.print(Output.block(rows));
            return 0;
        }
    }

    private int list(CliArgs a) throws CliException {
        a.expect(1, "");
        try (NodeClient node = NodeClient.from(a, env)) {
            NodeClient.Response r = node.send("GET", "/api/peers");
            if (json(out, r, a)) {
                return 0;
            }
            List<List<String>> rows = new ArrayList<>();
            for (Object o : list(map(r).get("peers"))) {
                Map<?, ?> p = map(o);
                List<?> addresses = list(p.get("addresses"));
                rows.add(
                        List.of(
                                Output.cell(p.get("peerId")),
                                addresses.isEmpty() ? "" : Output.cell(addresses.get(0)),
                                Output.cell(p.get("agentVersion"))));
            }
            if (rows.isEmpty()) {
                out.println("no connected peers");
            } else {
                out.print(Output.table(List.of("PEER", "ADDRESS", "AGENT"), rows));
            }
            return 0;
        }
    }

    private int connect(CliArgs a) throws CliException {
        String address = a.expect(2, "the address to dial").get(1);
        if (!address.startsWith("/")) {
            throw CliException.usage(
                    "not a multiaddr: "
                            + Output.printable(address)
                            + " (like /ip4/IP/tcp/PORT/p2p/ID)");
        }
        try (NodeClient node = NodeClient.from(a, env)) {
            NodeClient.Response r = post(node, "/api/peers/connect", Map.of("address", address));
            if (json(out, r, a)) {
                return 0;
            }
            Map<?, ?> m = map(r);
            out.println(
                    "connected to "
                            + Output.cell(m.get("peerId"))
                            + " ("
                            + Output.cell(m.get("agentVersion"))
                            + ")");
            return 0;
        }
    }

    private int ping(CliArgs a) throws CliException {
        String peer = peerId(a.expect(2, "the peer id").get(1));
        try (NodeClient node = NodeClient.from(a, env)) {
            NodeClient.Response r = post(node, "/api/peers/ping", Map.of("peer", peer));
            if (json(out, r, a)) {
                return 0;
            }
            Object rtt = map(r).get("rttMillis");
            out.println(
                    "pong from "
                            + peer
                            + ": "
                            + (rtt instanceof Number n
                                    ? String.format(java.util.Locale.ROOT, "%.2f", n.doubleValue())
                                    : Output.cell(rtt))
                            + " ms");
            return 0;
        }
    }

    private int contacts(CliArgs a) throws CliException {
        List<String> p = a.positional();
        String sub = p.size() > 1 ? p.get(1) : "list";
        if (!sub.equals("add") && (a.value("name") != null || a.value("address") != null)) {
            throw CliException.usage("--name and --address go with contacts add");
        }
        if (!Set.of("list", "add", "rm").contains(sub)) {
            throw CliException.usage("unknown contacts command '" + sub + "'");
        }
        switch (sub) {
            case "list" -> {
                if (p.size() > 2) {
                    throw CliException.usage("unexpected argument " + p.get(2));
                }
                return contactList(a);
            }
            case "add" -> {
                a.expect(4, "the contact's DID and peer id");
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("did", did(p.get(2)));
                body.put("peer", peerId(p.get(3)));
                if (a.value("name") != null) {
                    body.put("name", a.value("name"));
                }
                if (a.value("address") != null) {
                    if (!a.value("address").startsWith("/")) {
                        throw CliException.usage(
                                "--address must be a multiaddr such as /ip4/IP/tcp/PORT");
                    }
                    body.put("address", a.value("address"));
                }
                try (NodeClient node = NodeClient.from(a, env)) {
                    NodeClient.Response r = post(node, "/api/peers/contacts", body);
                    if (json(out, r, a)) {
                        return 0;
                    }
                    out.println("added contact " + Output.cell(map(r).get("did")));
                    return 0;
                }
            }
            default -> {
                String did = did(a.expect(3, "the contact's DID").get(2));
                try (NodeClient node = NodeClient.from(a, env)) {
                    NodeClient.Response r =
                            node.send("DELETE", "/api/peers/contacts/" + NodeClient.encode(did));
                    if (json(out, r, a)) {
                        return 0;
                    }
                    if (!Boolean.TRUE.equals(map(r).get("removed"))) {
                        throw CliException.failed("no such contact: " + Output.printable(did));
                    }
                    out.println("removed contact " + Output.printable(did));
                    return 0;
                }
            }
        }
    }

    private int contactList(CliArgs a) throws CliException {
        try (NodeClient node = NodeClient.from(a, env)) {
            NodeClient.Response r = node.send("GET", "/api/peers/contacts");
            if (json(out, r, a)) {
                return 0;
            }
            List<List<String>> rows = new ArrayList<>();
            for (Object o : list(RemoteCommands.json(r))) {
                Map<?, ?> c = map(o);
                rows.add(
                        List.of(
                                Output.cell(c.get("name")),
                                Output.cell(c.get("did")),
                                Output.cell(c.get("peer")),
                                String.valueOf(list(c.get("addresses")).size())));
            }
            if (rows.isEmpty()) {
                out.println("no contacts yet (elastos peer contacts add DID PEER-ID)");
            } else {
                out.print(Output.table(List.of("NAME", "DID", "PEER", "ADDRESSES"), rows));
            }
            return 0;
        }
    }

    // ------------------------------------------------------------------ shared with MsgCli

    static String did(String did) throws CliException {
        if (!did.matches("did:[a-z0-9]+:[A-Za-z0-9._:%-]+") || did.length() > 512) {
            throw CliException.usage("not a DID: " + Output.printable(did));
        }
        return did;
    }

    static String peerId(String peer) throws CliException {
        if (!peer.matches("[1-9A-HJ-NP-Za-km-z]{32,128}|b[a-z2-7]{20,200}")) {
            throw CliException.usage("not a peer id: " + Output.printable(peer));
        }
        return peer;
    }

    static NodeClient.Response post(NodeClient node, String path, Map<String, ?> body)
            throws CliException {
        return UserCli.sendJson(node, "POST", path, body);
    }

    /** With {@code --json}, prints the answer and tells the caller it is done. */
    static boolean json(PrintStream out, NodeClient.Response r, CliArgs a) throws CliException {
        if (!r.ok()) {
            if (a.flag("json")) {
                out.println(r.body());
            }
            throw RemoteCommands.refusal(r);
        }
        if (a.flag("json")) {
            out.println(r.body());
            return true;
        }
        return false;
    }

    static Map<?, ?> map(NodeClient.Response r) throws CliException {
        return map(RemoteCommands.json(r));
    }

    static Map<?, ?> map(Object o) throws CliException {
        if (o instanceof Map<?, ?> m) {
            return m;
        }
        throw CliException.failed("the node answered something other than an object: " + o);
    }

    static List<?> list(Object o) throws CliException {
        if (o instanceof List<?> l) {
            return l;
        }
        throw CliException.failed("the node answered something other than a list: " + o);
    }
}
