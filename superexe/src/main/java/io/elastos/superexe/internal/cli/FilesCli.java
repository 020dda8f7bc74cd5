// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.cli;

import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code elastos files} command line for the node's private partition and shared (IPFS)
 * partition, through the owner's HTTP API. ({@code elastos files cid} runs offline, in the storage
 * bundle's own tool.)
 */
public final class FilesCli {

    static final String USAGE =
            """
            usage: elastos files <command> [--node URL] [--token TOKEN] [--data DIR] [--json]

              put LOCAL-FILE NODE-PATH   upload a file (a new version if it exists), with progress;
                                         above 16 MiB in resumable pieces [--resume ID]
              get NODE-PATH LOCAL-FILE   download a file [--version N], with progress; a path
                                         /ipfs/CID is fetched from peers first if not stored
              ls [NODE-PATH]             list a folder (default /)
              rm NODE-PATH               move a file to the trash
              mv NODE-PATH NEW-PATH      rename or move a file or folder (with its versions)
              publish NODE-PATH          publish a file or folder to the shared partition; prints
                                         the CID
              car export CID LOCAL-FILE  export a published DAG as a CAR v1 file
              car import LOCAL-FILE      import a CAR v1 file (every block verified); prints roots
              cid PATH                   the IPFS CID of a local file or folder, offline

            Exit codes: 0 done, 1 refused, 2 bad command line, 3 node unreachable, 4 token refused.
            """;

    /** Files above this size go up in resumable pieces. */
    static final long RESUMABLE_ABOVE = 16L << 20;

    /** The size of one piece of a resumable upload. */
    static final long PIECE = 8L << 20;

    /** How often a failed piece is tried again before the command gives up. */
    static final int RETRIES = 5;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final boolean terminal;

    FilesCli(PrintStream out, PrintStream err, Map<String, String> env, boolean terminal) {
        this.out = out;
        this.err = err;
        this.env = env;
        this.terminal = terminal;
    }

    /**
     * Runs the CLI and exits with its code.
     *
     * @param args the arguments after {@code elastos files}
     */
    public static void main(String[] args) {
        int code =
                new FilesCli(System.out, System.err, System.getenv(), AppCli.stderrIsTerminal())
                        .run(args);
        CommandShell.exit(code);
    }

    int run(String[] args) {
        return CommandShell.run(
                "files",
                USAGE,
                args,
                out,
                err,
                argv -> {
                    CliArgs a =
                            CliArgs.parse(
                                    argv,
                                    Set.of("node", "token", "data", "version", "resume"),
                                    Set.of("json", "progress"));
                    List<String> p = a.positional();
                    return switch (p.get(0)) {
                        case "put" -> put(a, p);
                        case "get" -> get(a, p);
                        case "ls" -> ls(a, p);
                        case "rm" ->
                                simple(
                                        a,
                                        "DELETE",
                                        "/api/files/content?path="
                                                + enc(arg(p, 1, 2, "the node path")),
                                        "trashed " + p.get(1));
                        case "mv" -> {
                            String from = arg(p, 1, 3, "the file and its new path");
                            yield simple(
                                    a,
                                    "POST",
                                    "/api/files/move?path=" + enc(from) + "&to=" + enc(p.get(2)),
                                    "moved " + from + " to " + p.get(2));
                        }
                        case "publish" -> publish(a, p);
                        case "car" -> car(a, p);
                        default -> throw CliException.usage("unknown command '" + p.get(0) + "'");
                    };
                });
    }

    private int put(CliArgs a, List<String> p) throws CliException {
        Path local = Path.of(arg(p, 1, 3, "the local file and the node path"));
        String target = p.get(2);
        if (!Files.isRegularFile(local)) {
            throw CliException.usage("no such file: " + local);
        }
        try (NodeClient node = NodeClient.from(a, env)) {
            PrintStream progress = a.flag("progress") || (terminal && !a.flag("json")) ? err : null;
            long size = Files.size(local);
            if (size <= RESUMABLE_ABOVE && a.value("resume") == null) {
                NodeClient.Response r =
                        node.upload(
                                "PUT", "/api/files/content?path=" + enc(target), local, progress);
                return done(a, r, "stored " + target);
            }
            return putResumable(a, node, local, size, target, progress);
        } catch (java.io.IOException e) {
            throw CliException.failed("cannot read " + local + ": " + e.getMessage());
        }
    }

    /**
     * Uploads a large file in pieces through the node's resumable uploads: a piece that fails is
     * retried from where the node says the upload stands, and if the command itself is stopped the
     * upload goes on later with {@code --resume ID}.
     */
    private int putResumable(
            CliArgs a, NodeClient node, Path local, long size, String target, PrintStream progress)
            throws CliException {
        String id = a.value("resume");
        if (id == null) {
            NodeClient.Response r = node.send("POST", "/api/files/uploads?path=" + enc(target));
            if (!r.ok()) {
                throw RemoteCommands.refusal(r);
            }
            id = String.valueOf(((Map<?, ?>) RemoteCommands.json(r)).get("id"));
        }
        String upload = "/api/files/uploads/" + enc(id);
        ProgressBar bar =
                progress == null
                        ? null
                        : new ProgressBar(
                                progress, Output.printable(local.getFileName().toString()), size);
        if (bar != null) {
            bar.start();
        }
        boolean complete = false;
        try {
            long at = received(node, upload);
            int failures = 0;
            while (at < size) {
                if (bar != null) {
                    bar.moveTo(at);
                }
                long length = Math.min(PIECE, size - at);
                NodeClient.Response r = null;
                try {
                    r = node.uploadPiece("PUT", upload + "?offset=" + at, local, at, length, bar);
                } catch (CliException e) {
                    if (e.exitCode() != CliException.FAILED
                            && e.exitCode() != CliException.UNREACHABLE) {
                        throw resumeHint(e, id);
                    }
                }
                // 409: the node stands elsewhere; 503: it still finishes a broken piece.
                if (r != null && !r.ok() && r.status() != 409 && r.status() != 503) {
                    throw resumeHint(RemoteCommands.refusal(r), id);
                }
                if (r == null || r.status() == 503) {
                    // A broken connection or a restarting node: wait, then ask where it stands.
                    if (++failures > RETRIES) {
                        throw resumeHint(
                                CliException.failed("the upload failed " + RETRIES + " times"), id);
                    }
                    pause(failures);
                }
                try {
                    at = received(node, upload);
                } catch (CliException e) {
                    if (e.exitCode() != CliException.UNREACHABLE || ++failures > RETRIES) {
                        throw resumeHint(e, id);
                    }
                    pause(failures);
                }
            }
            NodeClient.Response r = node.send("POST", upload + "/commit?size=" + size);
            complete = r.ok();
            return done(a, r, "stored " + target + " (" + size + " bytes, resumable upload)");
        } finally {
            if (bar != null) {
                bar.finish(complete);
            }
        }
    }

    private static void pause(int failures) throws CliException {
        try {
            Thread.sleep(500L * failures);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.failed("interrupted");
        }
    }

    private static long received(NodeClient node, String upload) throws CliException {
        NodeClient.Response r = node.send("GET", upload);
        if (!r.ok()) {
            throw RemoteCommands.refusal(r);
        }
        return ((Number) ((Map<?, ?>) RemoteCommands.json(r)).get("received")).longValue();
    }

    private static CliException resumeHint(CliException e, String id) {
        return new CliException(
                e.exitCode(),
                e.getMessage()
                        + " (the upload is kept: run the same put with --resume "
                        + id
                        + ")");
    }

    private int get(CliArgs a, List<String> p) throws CliException {
        String source = arg(p, 1, 3, "the node path and the local file");
        Path local = Path.of(p.get(2));
        PrintStream progress = a.flag("progress") || (terminal && !a.flag("json")) ? err : null;
        try (NodeClient node = NodeClient.from(a, env)) {
            if (source.startsWith("/ipfs/")) {
                String cid = source.substring("/ipfs/".length());
                fetch(node, cid, progress);
                return done(
                        a, node.download("/ipfs/" + enc(cid), local, progress), "saved " + local);
            }
            String version =
                    a.value("version") == null ? "" : "&version=" + enc(a.value("version"));
            NodeClient.Response r =
                    node.download(
                            "/api/files/content?path=" + enc(source) + version, local, progress);
            return done(a, r, "saved " + local);
        }
    }

    /**
     * Brings a DAG from the node's peers into its shared partition (nothing to do if it is there),
     * following the node's fetch with a progress bar over the file size the root announces.
     */
    private void fetch(NodeClient node, String cid, PrintStream progress) throws CliException {
        String path = "/api/files/fetch?cid=" + enc(cid);
        NodeClient.Response r = node.send("POST", path);
        if (!r.ok()) {
            throw RemoteCommands.refusal(r);
        }
        ProgressBar bar = null;
        boolean complete = false;
        try {
            while (true) {
                Map<?, ?> st = (Map<?, ?>) RemoteCommands.json(r);
                long total = ((Number) st.get("totalBytes")).longValue();
                long have = ((Number) st.get("contentBytes")).longValue();
                if (bar == null && progress != null && total > 0) {
                    bar = new ProgressBar(progress, "fetch " + Output.printable(cid), total);
                    bar.start();
                }
                if (bar != null) {
                    bar.moveTo(have);
                }
                String state = String.valueOf(st.get("state"));
                if (state.equals("done")) {
                    complete = true;
                    return;
                }
                if (state.equals("failed")) {
                    throw CliException.failed(
                            "cannot fetch "
                                    + cid
                                    + " from peers: "
                                    + Output.printable(String.valueOf(st.get("error"))));
                }
                pause(1);
                r = node.send("GET", path);
                if (!r.ok()) {
                    throw RemoteCommands.refusal(r);
                }
            }
        } finally {
            if (bar != null) {
                bar.finish(complete);
            }
        }
    }

    private int ls(CliArgs a, List<String> p) throws CliException {
        String folder = p.size() > 1 ? p.get(1) : "/";
        if (p.size() > 2) {
            throw CliException.usage("ls takes one folder");
        }
        try (NodeClient node = NodeClient.from(a, env)) {
            NodeClient.Response r = node.send("GET", "/api/files/list?path=" + enc(folder));
            if (!r.ok()) {
                throw RemoteCommands.refusal(r);
            }
            if (a.flag("json")) {
                out.println(r.body());
                return 0;
            }
            List<List<String>> rows = new ArrayList<>();
            if (RemoteCommands.json(r) instanceof List<?> list) {
                for (Object o : list) {
                    if (o instanceof Map<?, ?> e) {
                        boolean dir = Boolean.TRUE.equals(e.get("folder"));
                        rows.add(
                                List.of(
                                        Output.cell(e.get("name")) + (dir ? "/" : ""),
                                        dir ? "" : Output.cell(e.get("size")),
                                        dir ? "" : Output.cell(e.get("version"))));
                    }
                }
            }
            if (rows.isEmpty()) {
                out.println("(empty)");
            } else {
                out.print(Output.table(List.of("NAME", "SIZE", "VERSION"), rows));
            }
            return 0;
        }
    }

    private int publish(CliArgs a, List<String> p) throws CliException {
        String path = arg(p, 1, 2, "the node path");
        try (NodeClient node = NodeClient.from(a, env)) {
            NodeClient.Response r = node.send("POST", "/api/files/publish?path=" + enc(path));
            if (!r.ok()) {
                throw RemoteCommands.refusal(r);
            }
            Object cid = RemoteCommands.json(r) instanceof Map<?, ?> m ? m.get("cid") : null;
            out.println(a.flag("json") ? r.body() : String.valueOf(cid));
            return 0;
        }
    }

    private int car(CliArgs a, List<String> p) throws CliException {
        String verb = arg(p, 1, p.size(), "export or import");
        try (NodeClient node = NodeClient.from(a, env)) {
            if (verb.equals("export")) {
                arg(p, 2, 4, "the CID and the local file");
                NodeClient.Response r =
                        node.download("/api/files/car?cid=" + enc(p.get(2)), Path.of(p.get(3)));
                return done(a, r, "wrote " + p.get(3));
            }
            if (verb.equals("import")) {
                Path local = Path.of(arg(p, 2, 3, "the local CAR file"));
                if (!Files.isRegularFile(local)) {
                    throw CliException.usage("no such file: " + local);
                }
                PrintStream progress =
                        a.flag("progress") || (terminal && !a.flag("json")) ? err : null;
                NodeClient.Response r = node.upload("POST", "/api/files/car", local, progress);
                if (!r.ok()) {
                    throw RemoteCommands.refusal(r);
                }
                Object roots =
                        RemoteCommands.json(r) instanceof Map<?, ?> m ? m.get("roots") : null;
                out.println(a.flag("json") ? r.body() : "imported " + roots);
                return 0;
            }
            throw CliException.usage("car takes export or import, not '" + verb + "'");
        }
    }

    private int simple(CliArgs a, String method, String path, String message) throws CliException {
        try (NodeClient node = NodeClient.from(a, env)) {
            return done(a, node.send(method, path), message);
        }
    }

    private int done(CliArgs a, NodeClient.Response r, String message) throws CliException {
        if (!r.ok()) {
            throw RemoteCommands.refusal(r);
        }
        out.println(a.flag("json") ? r.body() : message);
        return 0;
    }

    /** Positional argument {@code i}, requiring exactly {@code size} positionals. */
    private static String arg(List<String> p, int i, int size, String what) throws CliException {
        if (p.size() != size || p.size() <= i) {
            throw CliException.usage(p.get(0) + " needs " + what);
        }
        return p.get(i);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
