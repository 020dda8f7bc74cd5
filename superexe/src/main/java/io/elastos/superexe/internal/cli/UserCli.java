// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.cli;

import io.elastos.json.JsonWriter;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code elastos user}, {@code elastos session} and {@code elastos pair} command lines: the
 * owner manages the node's users, their sign-in sessions and device pairing from the NAS, through
 * the node's HTTP API with the admin token (which acts as the owner).
 */
public final class UserCli {

    private static final String NODE_OPTIONS =
            """

            node options:
              --node URL      the node's HTTP address (default $ELASTOS_NODE, else
                              http://127.0.0.1:8080)
              --token TOKEN   the admin token; else --data, else $ELASTOS_TOKEN, else
                              ~/.elastos/run/admin.token
              --data DIR      read the token from DIR/run/admin.token
              --json          print the node's JSON answer as it came

            Exit codes: 0 done, 1 refused, 2 bad command line, 3 node unreachable,
            4 admin token refused or missing.
            """;

    static final String USER_USAGE =
            """
            usage: elastos user <command> [node options]

              list                          list the users: DID, role, username, created
              invite --wallet DID [--role member|guest]
                                            let a wallet (did:pkh:eip155:CHAIN:0x…) sign in
              invite --username NAME [--role member|guest] [--password-stdin]
                                            add a password user; the password is read from
                                            stdin (asked twice, hidden, on a terminal), never
                                            from the command line
              remove DID                    remove a member or guest and end their sessions
            """
                    + NODE_OPTIONS;

    static final String SESSION_USAGE =
            """
            usage: elastos session <command> [node options]

              list [--all]                  list the admin identity's sessions; --all lists
                                            every user's sessions
              revoke SESSION-ID             end a session at once (its device must sign in again)
            """
                    + NODE_OPTIONS;

    static final String PAIR_USAGE =
            """
            usage: elastos pair <command> [node options]

              code                          make a pairing code for a new device, with the QR
                                            payload to show it (only on the node itself:
                                            --node must be a loopback address)
              confirm CODE [--role guest|member]
                                            let the device that holds CODE claim a session
                                            with that role (default guest)
            """
                    + NODE_OPTIONS;

    private static final Set<String> NODE_VALUES = Set.of("node", "token", "data");
    private static final Set<String> INVITED_ROLES = Set.of("member", "guest");

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final Console console;

    /**
     * Creates the CLI.
     *
     * @param in where a password is read from when there is no terminal
     * @param console the terminal to ask a hidden password on, or {@code null} to read {@code in}
     */
    UserCli(
            InputStream in,
            PrintStream out,
            PrintStream err,
            Map<String, String> env,
            Console console) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.env = env;
        this.console = console;
    }

    /**
     * Runs the CLI and exits with its code.
     *
     * @param args {@code user}, {@code session} or {@code pair}, then that command's arguments
     */
    public static void main(String[] args) {
        Console console = AppCli.stderrIsTerminal() ? System.console() : null;
        int code =
                new UserCli(System.in, System.out, System.err, System.getenv(), console).run(args);
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    /** Runs one command; the first argument names the group: user, session or pair. */
    int run(String[] args) {
        if (args.length == 0 || usage(args[0]) == null) {
            err.println("elastos: give user, session or pair");
            return CliException.USAGE;
        }
        String group = args[0];
        String usage = usage(group);
        List<String> argv = Arrays.asList(args).subList(1, args.length);
        if (argv.isEmpty()
                || argv.contains("--help")
                || argv.contains("-h")
                || argv.get(0).equals("help")) {
            (argv.isEmpty() ? err : out).print(usage);
            return argv.isEmpty() ? CliException.USAGE : 0;
        }
        try {
            String command = argv.get(0);
            return switch (group + " " + command) {
                case "user list" -> userList(parse(argv, Set.of(), Set.of()));
                case "user invite" -> invite(argv);
                case "user remove" -> userRemove(parse(argv, Set.of(), Set.of()));
                case "session list" -> sessionList(parse(argv, Set.of(), Set.of("all")));
                case "session revoke" -> sessionRevoke(parse(argv, Set.of(), Set.of()));
                case "pair code" -> pairCode(parse(argv, Set.of(), Set.of()));
                case "pair confirm" -> pairConfirm(parse(argv, Set.of("role"), Set.of()));
                default -> throw CliException.usage("unknown command '" + command + "'");
            };
        } catch (CliException e) {
            err.println("elastos " + group + ": " + e.getMessage());
            if (e.exitCode() == CliException.USAGE) {
                err.print(usage);
            }
            return e.exitCode();
        } catch (RuntimeException e) {
            err.println("elastos " + group + ": failed: " + e);
            return CliException.FAILED;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static String usage(String group) {
        return switch (group) {
            case "user" -> USER_USAGE;
            case "session" -> SESSION_USAGE;
            case "pair" -> PAIR_USAGE;
            default -> null;
        };
    }

    /** Parses a command's arguments (the command name stays the first positional one). */
    private static CliArgs parse(List<String> argv, Set<String> values, Set<String> flags)
            throws CliException {
        Set<String> v = new HashSet<>(NODE_VALUES);
        v.addAll(values);
        Set<String> f = new HashSet<>(flags);
        f.add("json");
        return CliArgs.parse(argv, v, f);
    }

    // ------------------------------------------------------------------ user

    private int userList(CliArgs a) throws CliException {
        a.expect(1, "");
        try (NodeClient node = NodeClient.from(a, env)) {
            NodeClient.Response r = node.send("GET", "/api/users");
            if (json(r, a)) {
                return 0;
            }
            List<List<String>> rows = new ArrayList<>();
            for (Object o : list(r)) {
                Map<?, ?> u = o instanceof Map<?, ?> m ? m : Map.of();
                rows.add(
                        List.of(
                                Output.cell(u.get("did")),
                                Output.cell(u.get("role")),
                                Output.cell(u.get("username")),
                                Output.cell(u.get("createdAt"))));
            }
            if (rows.isEmpty()) {
                out.println("no users yet (the owner signs in first with the node's setup code)");
            } else {
                out.print(Output.table(List.of("DID", "ROLE", "USERNAME", "CREATED"), rows));
            }
            return 0;
        }
    }

    private int invite(List<String> argv) throws CliException {
        for (String arg : argv) {
            if (arg.equals("--")) {
                break;
            }
            // Command lines end up in shell history and in every user's `ps`: refuse before
            // anything else, naming the safe way.
            if (arg.equals("--password") || arg.startsWith("--password=")) {
                throw CliException.usage(
                        "a password is never taken on the command line; pipe it on stdin"
                                + " (--password-stdin) or type it when asked");
            }
        }
        CliArgs a = parse(argv, Set.of("wallet", "username", "role"), Set.of("password-stdin"));
        a.expect(1, "");
        String wallet = a.value("wallet");
        String username = a.value("username");
        if ((wallet == null) == (username == null)) {
            throw CliException.usage("give either --wallet DID or --username NAME");
        }
        String role = role(a, "member");
        Map<String, Object> body = new LinkedHashMap<>();
        if (wallet != null) {
            if (a.flag("password-stdin")) {
                throw CliException.usage("--password-stdin goes with --username, not --wallet");
            }
            body.put("wallet", walletDid(wallet));
        } else {
            if (username.isBlank() || username.startsWith("-")) {
                throw CliException.usage("not a username: " + username);
            }
            body.put("username", username);
            body.put("password", password(a.flag("password-stdin")));
        }
        body.put("role", role);
        try (NodeClient node = NodeClient.from(a, env)) {
            NodeClient.Response r = sendJson(node, "POST", "/api/users", body);
            if (json(r, a)) {
                return 0;
            }
            Map<?, ?> m = map(r);
            // The node's DID is the normalized one (lowercase wallet address): show that.
            out.println(
                    wallet != null
                            ? "invited "
                                    + Output.cell(m.get("did"))
                                    + " as "
                                    + Output.cell(m.get("role"))
                            : "invited "
                                    + Output.printable(username)
                                    + " as "
                                    + Output.cell(m.get("role"))
                                    + ": "
                                    + Output.cell(m.get("did")));
            return 0;
        }
    }

    private int userRemove(CliArgs a) throws CliException {
        String did = a.expect(2, "the user's DID").get(1);
        if (!did.startsWith("did:")) {
            throw CliException.usage("not a DID: " + did + " (elastos user list shows them)");
        }
        try (NodeClient node = NodeClient.from(a, env)) {
            NodeClient.Response r = node.send("DELETE", "/api/users/" + NodeClient.encode(did));
            if (json(r, a)) {
                return 0;
            }
            if (!Boolean.TRUE.equals(map(r).get("removed"))) {
                throw CliException.failed("no such user: " + Output.printable(did));
            }
            out.println("removed " + Output.printable(did) + " and ended their sessions");
            return 0;
        }
    }

    /**
     * Checks a wallet DID before sending it, so a bare address gets a hint rather than the node's
     * generic refusal.
     */
    static String walletDid(String wallet) throws CliException {
        if (wallet.matches("0x[0-9A-Fa-f]{40}")) {
            throw CliException.usage(
                    "give the wallet as a DID with its chain, such as did:pkh:eip155:1:" + wallet);
        }
        if (!wallet.matches("did:pkh:eip155:[1-9][0-9]{0,17}:0x[0-9A-Fa-f]{40}")) {
            throw CliException.usage(
                    "--wallet must be did:pkh:eip155:CHAIN:0x followed by 40 hex digits, not "
                            + Output.printable(wallet));
        }
        return wallet;
    }

    /**
     * Reads the new user's password: on a terminal it is asked twice without echo, else (and always
     * with {@code --password-stdin}) it is the first line of stdin.
     */
    String password(boolean fromStdin) throws CliException {
        if (console != null && !fromStdin) {
            char[] first = console.readPassword("Password for the new user: ");
            char[] again = first == null ? null : console.readPassword("Repeat the password: ");
            try {
                if (first == null || again == null) {
                    throw CliException.usage("no password given");
                }
                if (!Arrays.equals(first, again)) {
                    throw CliException.failed("the passwords differ; nothing was changed");
                }
                return nonEmpty(new String(first));
            } finally {
                if (first != null) {
                    Arrays.fill(first, '\0');
                }
                if (again != null) {
                    Arrays.fill(again, '\0');
                }
            }
        }
        try {
            // Not closed: it is the process's stdin, and only one line of it is ours.
            BufferedReader r =
                    new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line = r.readLine();
            return nonEmpty(line == null ? "" : line);
        } catch (IOException e) {
            throw CliException.failed("cannot read the password from stdin: " + e.getMessage());
        }
    }

    private static String nonEmpty(String password) throws CliException {
        if (password.isEmpty()) {
            throw CliException.usage(
                    "no password on stdin; pipe it in, for example: elastos user invite"
                            + " --username NAME --password-stdin < file");
        }
        return password;
    }

    // ------------------------------------------------------------------ session

    private int sessionList(CliArgs a) throws CliException {
        a.expect(1, "");
        boolean all = a.flag("all");
        try (NodeClient node = NodeClient.from(a, env)) {
            NodeClient.Response r =
                    node.send("GET", "/api/auth/sessions" + (all ? "?all=true" : ""));
            if (json(r, a)) {
                return 0;
            }
            List<List<String>> rows = new ArrayList<>();
            for (Object o : list(r)) {
                Map<?, ?> s = o instanceof Map<?, ?> m ? m : Map.of();
                rows.add(
                        List.of(
                                Output.cell(s.get("sessionId")),
                                Output.cell(s.get("did")),
                                Output.cell(s.get("role")),
                                Output.cell(s.get("method")),
                                Output.cell(s.get("issuedAt")),
                                Output.cell(s.get("expiresAt"))));
            }
            if (rows.isEmpty()) {
                // The admin token signs in as the node itself, which rarely has sessions.
                out.println(
                        all ? "no sessions" : "no sessions of your own; --all lists everyone's");
            } else {
                out.print(
                        Output.table(
                                List.of("ID", "DID", "ROLE", "METHOD", "ISSUED", "EXPIRES"), rows));
            }
            return 0;
        }
    }

    private int sessionRevoke(CliArgs a) throws CliException {
        String id = a.expect(2, "the session ID").get(1);
        if (id.isBlank() || id.startsWith("-")) {
            throw CliException.usage("not a session ID: " + id);
        }
        try (NodeClient node = NodeClient.from(a, env)) {
            NodeClient.Response r =
                    node.send("DELETE", "/api/auth/sessions/" + NodeClient.encode(id));
            if (json(r, a)) {
                return 0;
            }
            if (!Boolean.TRUE.equals(map(r).get("revoked"))) {
                throw CliException.failed(
                        "no such session: "
                                + Output.printable(id)
                                + " (elastos session list --all shows them)");
            }
            out.println("revoked session " + Output.printable(id));
            return 0;
        }
    }

    // ------------------------------------------------------------------ pair

    private int pairCode(CliArgs a) throws CliException {
        a.expect(1, "");
        try (NodeClient node = pairingClient(a)) {
            NodeClient.Response r = node.send("POST", "/api/auth/pair/code");
            if (json(r, a)) {
                return 0;
            }
            Map<?, ?> m = map(r);
            String code = Output.cell(m.get("code"));
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"code", code});
            rows.add(new String[] {"QR payload", Output.cell(m.get("qr"))});
            rows.add(new String[] {"valid for", Output.cell(m.get("expiresInSeconds")) + " s"});
            out.print(Output.block(rows));
            out.println("confirm it with: elastos pair confirm " + code + " [--role guest|member]");
            return 0;
        }
    }

    /**
     * The node hands out pairing codes to any local caller without a session, so a console user who
     * cannot read the admin token may still show one; only then is a stand-in token sent, which the
     * node ignores on this public endpoint.
     */
    private NodeClient pairingClient(CliArgs a) throws CliException {
        try {
            return NodeClient.from(a, env);
        } catch (CliException e) {
            if (e.exitCode() != CliException.UNAUTHORIZED) {
                throw e;
            }
            List<String> args = new ArrayList<>(List.of("--token", "none"));
            if (a.value("node") != null) {
                args.addAll(List.of("--node", a.value("node")));
            }
            return NodeClient.from(CliArgs.parse(args, NODE_VALUES, Set.of()), env);
        }
    }

    private int pairConfirm(CliArgs a) throws CliException {
        String code = a.expect(2, "the pairing code").get(1).strip();
        // The node ignores case, dashes and spaces in a typed code.
        if (!code.matches("[0-9A-Za-z -]{4,40}")) {
            throw CliException.usage("not a pairing code: " + Output.printable(code));
        }
        String role = role(a, "guest");
        try (NodeClient node = NodeClient.from(a, env)) {
            // The node answers 401 both to a bad token and to a bad code; a token check first
            // lets the CLI tell the two apart.
            NodeClient.Response who = node.send("GET", "/api/auth/whoami");
            if (!who.ok()) {
                throw RemoteCommands.refusal(who);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("code", code);
            body.put("role", role);
            NodeClient.Response r;
            try {
                r = sendJson(node, "POST", "/api/auth/pair/confirm", body);
            } catch (CliException e) {
                if (e.exitCode() != CliException.UNAUTHORIZED) {
                    throw e;
                }
                throw CliException.failed(
                        "the node refused the pairing code "
                                + code
                                + ": unknown, used or expired (make a new one with elastos pair"
                                + " code)");
            }
            if (json(r, a)) {
                return 0;
            }
            map(r);
            out.println(
                    "confirmed "
                            + code
                            + ": the device that shows it may now claim a "
                            + role
                            + " session");
            return 0;
        }
    }

    // ------------------------------------------------------------------ helpers

    /** The {@code --role} option of an invitation: member or guest, never owner. */
    private static String role(CliArgs a, String fallback) throws CliException {
        String role = a.value("role");
        if (role == null) {
            return fallback;
        }
        role = role.toLowerCase(Locale.ROOT);
        if (!INVITED_ROLES.contains(role)) {
            throw CliException.usage(
                    "--role is member or guest (the node has one owner), not "
                            + Output.printable(a.value("role")));
        }
        return role;
    }

    /**
     * With {@code --json}, prints the answer as it came and tells the caller it is done; a refusal
     * still ends with its exit code.
     */
    private boolean json(NodeClient.Response r, CliArgs a) throws CliException {
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

    private static Map<?, ?> map(NodeClient.Response r) throws CliException {
        if (RemoteCommands.json(r) instanceof Map<?, ?> m) {
            return m;
        }
        throw CliException.failed("the node answered something other than an object: " + r.body());
    }

    private static List<?> list(NodeClient.Response r) throws CliException {
        if (RemoteCommands.json(r) instanceof List<?> l) {
            return l;
        }
        throw CliException.failed("the node answered something other than a list: " + r.body());
    }

    /** Sends a JSON object as the request body. */
    static NodeClient.Response sendJson(
            NodeClient node, String method, String path, Map<String, ?> body) throws CliException {
        return node.sendJson(method, path, JsonWriter.write(body));
    }
}
