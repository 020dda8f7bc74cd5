// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.cli;

import io.elastos.api.superexe.VerificationException;
import io.elastos.json.JsonException;
import io.elastos.json.JsonNumber;
import io.elastos.json.JsonReader;
import io.elastos.json.JsonReader.Limits;
import io.elastos.superexe.internal.pkg.PackageLimits;
import io.elastos.superexe.internal.pkg.PackageReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The commands that manage apps on the node through its owner-only HTTP API. */
final class RemoteCommands {
    /** The remote command names, in help order. */
    static final List<String> NAMES =
            List.of(
                    "install",
                    "update",
                    "rollback",
                    "suspend",
                    "resume",
                    "grant",
                    "remove",
                    "list",
                    "show",
                    "trust",
                    "untrust",
                    "audit");

    private static final Set<String> NODE_VALUES = Set.of("node", "token", "data");

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final boolean terminal;

    /**
     * Creates the commands.
     *
     * @param terminal whether stderr is a terminal, which turns the upload progress bar on
     */
    RemoteCommands(PrintStream out, PrintStream err, Map<String, String> env, boolean terminal) {
        this.out = out;
        this.err = err;
        this.env = env;
        this.terminal = terminal;
    }

    /** Runs one remote command and returns its exit code. */
    int run(String command, List<String> argv) throws CliException {
        CliArgs a = parse(command, argv);
        checkArguments(command, a);
        try (NodeClient node = NodeClient.from(a, env)) {
            return switch (command) {
                case "install" -> install(node, a);
                case "update" -> update(node, a);
                case "rollback" -> {
                    String id = a.expect(1, "the app ID").get(0);
                    String v = a.value("version");
                    yield result(
                            node.send(
                                    "POST",
                                    app(id)
                                            + "/rollback"
                                            + (v == null
                                                    ? ""
                                                    : "?version=" + NodeClient.encode(v))),
                            a);
                }
                case "suspend", "resume" ->
                        result(
                                node.send(
                                        "POST",
                                        app(a.expect(1, "the app ID").get(0)) + "/" + command),
                                a);
                case "grant" -> grant(node, a);
                case "remove" -> {
                    String id = a.expect(1, "the app ID").get(0);
                    yield result(
                            node.send(
                                    "DELETE",
                                    app(id) + (a.flag("keep-data") ? "?keepData=true" : "")),
                            a);
                }
                case "list" -> list(node, a);
                case "show" -> show(node, a);
                case "trust" -> trust(node, a, "trust");
                case "untrust" -> trust(node, a, "untrust");
                case "audit" -> audit(node, a);
                default -> throw new IllegalArgumentException(command);
            };
        }
    }

    private static CliArgs parse(String command, List<String> argv) throws CliException {
        Set<String> values = new HashSet<>(NODE_VALUES);
        Set<String> flags = new HashSet<>(Set.of("json"));
        switch (command) {
            case "install" -> {
                values.add("grant");
                flags.add("progress");
            }
            case "update" -> flags.add("progress");
            case "rollback" -> values.add("version");
            case "remove" -> flags.add("keep-data");
            case "grant" -> flags.add("none");
            case "audit" -> values.add("limit");
            case "trust" -> flags.add("marketplace");
            default -> {}
        }
        return CliArgs.parse(argv, values, flags);
    }

    /** Finds command-line mistakes before any token is looked for or request is sent. */
    private static void checkArguments(String command, CliArgs a) throws CliException {
        switch (command) {
            case "list", "audit" -> a.expect(0, "");
            case "grant" -> a.expect(a.flag("none") ? 1 : 2, "the app ID and the capabilities");
            case "install", "update" -> a.expect(1, "the package file");
            case "trust", "untrust" -> a.expect(1, "the publisher DID");
            default -> a.expect(1, "the app ID");
        }
        if (a.value("limit") != null && limit(a.value("limit")) < 1) {
            throw CliException.usage("--limit must be a positive number");
        }
    }

    private static int limit(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private int install(NodeClient node, CliArgs a) throws CliException {
        Path file = existing(a.expect(1, "the package file").get(0));
        String query = "";
        if (a.value("grant") != null) {
            query = "?grant=" + NodeClient.encode(capabilities(a.value("grant")));
        }
        return result(node.upload("POST", "/api/apps" + query, file, progress(a)), a);
    }

    private int update(NodeClient node, CliArgs a) throws CliException {
        Path file = existing(a.expect(1, "the package file").get(0));
        String id;
        try {
            id = new PackageReader(PackageLimits.DEFAULT).read(file).manifest().id();
        } catch (VerificationException e) {
            throw CliException.failed(
                    "update refused: " + file + " is not a valid package: " + e.getMessage());
        }
        return result(node.upload("PUT", app(id), file, progress(a)), a);
    }

    private int grant(NodeClient node, CliArgs a) throws CliException {
        String caps;
        if (a.flag("none")) {
            caps = "";
            a.expect(1, "the app ID");
        } else {
            caps = capabilities(a.expect(2, "the app ID and the capabilities").get(1));
            if (caps.isEmpty()) {
                throw CliException.usage("give capabilities, or --none to revoke them all");
            }
        }
        String id = a.positional().get(0);
        return result(node.send("POST", app(id) + "/grant?grant=" + NodeClient.encode(caps)), a);
    }

    private int list(NodeClient node, CliArgs a) throws CliException {
        a.expect(0, "");
        NodeClient.Response r = node.send("GET", "/api/apps");
        if (a.flag("json") || !r.ok()) {
            return raw(r, a);
        }
        List<List<String>> rows = new ArrayList<>();
        for (Object o : list(r)) {
            Map<?, ?> m = o instanceof Map<?, ?> x ? x : Map.of();
            rows.add(
                    List.of(
                            Output.cell(m.get("id")),
                            Output.cell(m.get("name")),
                            Output.cell(m.get("version")),
                            Output.cell(m.get("state")),
                            Output.cell(m.get("installedAt"))));
        }
        if (rows.isEmpty()) {
            out.println("no apps installed");
        } else {
            out.print(Output.table(List.of("ID", "NAME", "VERSION", "STATE", "INSTALLED"), rows));
        }
        return 0;
    }

    private int show(NodeClient node, CliArgs a) throws CliException {
        String id = a.expect(1, "the app ID").get(0);
        NodeClient.Response r = node.send("GET", app(id));
        if (a.flag("json") || !r.ok()) {
            return raw(r, a);
        }
        Object body = json(r);
        if (!(body instanceof Map<?, ?> m)) {
            throw CliException.failed("the node answered something other than an app: " + r.body());
        }
        List<String[]> pairs = new ArrayList<>();
        m.forEach((k, v) -> pairs.add(new String[] {label(String.valueOf(k)), Output.cell(v)}));
        out.print(Output.block(pairs));
        return 0;
    }

    /** {@code trust DID [--marketplace]} and {@code untrust DID}. */
    private int trust(NodeClient node, CliArgs a, String verb) throws CliException {
        String did = a.expect(1, "the publisher DID").get(0);
        if (!did.startsWith("did:")) {
            throw CliException.usage("not a DID: " + did);
        }
        boolean market = a.flag("marketplace");
        NodeClient.Response r =
                node.send(
                        "POST",
                        "/api/apps/-/"
                                + verb
                                + "?did="
                                + NodeClient.encode(did)
                                + (market ? "&marketplace=true" : ""));
        if (a.flag("json") || !r.ok()) {
            return raw(r, a);
        }
        String what = market ? "marketplace " : "publisher ";
        out.println(
                (verb.equals("trust") ? "trusted " : "no longer trusting ")
                        + what
                        + Output.printable(did));
        return 0;
    }

    private int audit(NodeClient node, CliArgs a) throws CliException {
        a.expect(0, "");
        String query = "";
        if (a.value("limit") != null) {
            int limit = limit(a.value("limit"));
            query = "?limit=" + limit;
        }
        NodeClient.Response r = node.send("GET", "/api/audit" + query);
        if (a.flag("json") || !r.ok()) {
            return raw(r, a);
        }
        List<List<String>> rows = new ArrayList<>();
        for (Object o : list(r)) {
            Map<?, ?> m = o instanceof Map<?, ?> x ? x : Map.of();
            List<String> row = new ArrayList<>();
            for (String k : List.of("time", "actor", "action", "subject", "outcome", "reason")) {
                row.add(Output.cell(m.get(k)));
            }
            rows.add(row);
        }
        if (rows.isEmpty()) {
            out.println("the audit log is empty");
        } else {
            out.print(
                    Output.table(
                            List.of("TIME", "ACTOR", "ACTION", "SUBJECT", "OUTCOME", "REASON"),
                            rows));
        }
        return 0;
    }

    /** Prints an operation's result: the node's message on success, else the refusal. */
    private int result(NodeClient.Response r, CliArgs a) throws CliException {
        if (a.flag("json")) {
            return raw(r, a);
        }
        if (r.ok()) {
            Object body = tryJson(r.body());
            Object msg = body instanceof Map<?, ?> m ? m.get("message") : null;
            out.println(msg != null ? Output.printable(msg.toString()) : "done");
            return 0;
        }
        throw refusal(r);
    }

    /** Prints the body as it came; a failed request still ends with its exit code. */
    private int raw(NodeClient.Response r, CliArgs a) throws CliException {
        if (a.flag("json")) {
            out.println(r.body());
            if (r.ok()) {
                return 0;
            }
        }
        CliException e = refusal(r);
        if (a.flag("json")) {
            err.println("elastos app: " + e.getMessage());
            return e.exitCode();
        }
        throw e;
    }

    static CliException refusal(NodeClient.Response r) {
        Object body = tryJson(r.body());
        if (body instanceof Map<?, ?> m && m.get("success") == Boolean.FALSE) {
            String op = m.get("operation") != null ? m.get("operation").toString() : "operation";
            String what = op + (m.get("app") != null ? " of " + m.get("app") : "");
            String step = m.get("step") != null ? " at step " + m.get("step") : "";
            return CliException.failed(
                    Output.printable(what + " refused" + step + ": " + m.get("message")));
        }
        if (body instanceof Map<?, ?> m && m.get("error") != null) {
            return CliException.failed(
                    Output.printable(m.get("error") + " (HTTP " + r.status() + ")"));
        }
        return CliException.failed("the node answered HTTP " + r.status());
    }

    private PrintStream progress(CliArgs a) {
        return a.flag("progress") || (terminal && !a.flag("json")) ? err : null;
    }

    private static List<?> list(NodeClient.Response r) throws CliException {
        if (json(r) instanceof List<?> l) {
            return l;
        }
        throw CliException.failed("the node answered something other than a list: " + r.body());
    }

    static Object json(NodeClient.Response r) throws CliException {
        try {
            return parse(r.body());
        } catch (JsonException e) {
            throw CliException.failed("the node's answer is not JSON: " + e.getMessage());
        }
    }

    private static Object tryJson(String body) {
        try {
            return parse(body);
        } catch (JsonException e) {
            return null;
        }
    }

    private static Object parse(String body) throws JsonException {
        Object tree = JsonReader.parse(body.getBytes(StandardCharsets.UTF_8), Limits.DOCUMENT);
        try {
            return plain(tree);
        } catch (NumberFormatException e) {
            throw new JsonException("number out of range");
        }
    }

    /** JSON null as Java null and numbers as BigDecimal, which the printing code expects. */
    private static Object plain(Object v) {
        if (v == JsonReader.NULL) {
            return null;
        }
        if (v instanceof JsonNumber n) {
            return n.bigDecimalValue();
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put((String) k, plain(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(plain(x)));
            return out;
        }
        return v;
    }

    private static String app(String id) throws CliException {
        if (id.isEmpty() || id.startsWith("-")) {
            throw CliException.usage("not an app ID: " + id);
        }
        return "/api/apps/" + NodeClient.encode(id);
    }

    private static Path existing(String file) throws CliException {
        Path p = Path.of(file);
        if (!Files.isRegularFile(p)) {
            throw CliException.failed("no such package file: " + file);
        }
        return p;
    }

    /** Normalizes a comma-separated capability list (trimmed, no empty items). */
    private static String capabilities(String list) {
        List<String> caps = new ArrayList<>();
        for (String c : list.split(",")) {
            if (!c.isBlank()) {
                caps.add(c.strip());
            }
        }
        return String.join(",", caps);
    }

    private static String label(String key) {
        return switch (key) {
            case "installedAt" -> "installed";
            case "previousVersion" -> "previous";
            default -> key;
        };
    }
}
