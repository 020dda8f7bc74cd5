// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** The help texts of {@code elastos app} and of each of its commands. */
final class Usage {
    private static final String NODE_OPTIONS =
            """

              node options (every command that talks to the node):
                --node URL      the node's HTTP address (default $ELASTOS_NODE, else
                                http://127.0.0.1:8080)
                --token TOKEN   the admin token; else --data, else $ELASTOS_TOKEN, else
                                ~/.elastos/run/admin.token
                --data DIR      read the token from DIR/run/admin.token
            """;

    private static final Map<String, String> COMMANDS = new LinkedHashMap<>();

    static {
        add(
                "new",
                "ID [--lang as|c] [--dir DIR] [--name NAME]",
                """
                Creates a mini-app project for app ID in DIR (default: the ID's last segment):
                manifest, HTTP handler, UI page, build script, unit test and the SDK. as =
                AssemblyScript (needs Node.js and npm), c = C (needs clang, lld and wasi-libc;
                npm for the tests).\
                """);
        add(
                "build",
                "[DIR]",
                """
                Runs the project's build.sh (default DIR: the current one) and checks that
                DIR/build holds the manifest and the wasm module; "pack DIR/build" signs it.\
                """);
        add(
                "dev",
                "[DIR] --key FILE [--interval MS] [--once]",
                """
                Builds, signs as VERSION-dev.N and installs or updates the app on the node, then
                again on every change of the project's files (checked every --interval ms,
                default 500) until Ctrl-C; --once deploys once and exits. The key's DID must be
                trusted by the node (elastos app trust DID).\
                """);
        add(
                "port-wechat",
                "DIR [--out DIR] [--id ID] [--name NAME] [--allow-host HOST]",
                """
                Ports a WeChat mini-program (DIR holds app.json) into a mini-app project (default
                --out: DIR-elastos): the pages on the node's wx runtime, a backend for wx storage,
                request and login, a manifest with the capabilities the code needs, and
                PORT-REPORT.md listing what is not supported (needs Node.js). --allow-host adds a
                server the code calls that the porter cannot see in the source.\
                """);
        add(
                "keygen",
                "[--type ed25519|eth] [--chain-id N] --out FILE",
                """
                Generates a publisher key into a new owner-only FILE (never overwritten) and prints
                its DID. ed25519 (default) publishes as did:key; eth as did:pkh:eip155 on chain N
                (default 1).\
                """);
        add(
                "pack",
                "DIR --key FILE [--out FILE.wapp] [--force]",
                """
                Builds and signs a package from DIR: DIR/manifest.json is the manifest without
                "files" (the hashes are computed); every other file in DIR is packed. A missing
                "publisher" is filled in from the key; a present one must be the key's DID.
                Writes ID-VERSION.wapp in the current directory unless --out is given; an existing
                file is replaced only with --force. The result is verified before it is kept.\
                """);
        add(
                "sign",
                "PKG --key FILE [--out FILE.wapp]",
                """
                Re-signs a package built by another tool, keeping its manifest bytes: the
                manifest's publisher must be the key's DID. Replaces PKG unless --out is given.
                The result is fully verified before it is written.\
                """);
        add(
                "verify",
                "FILE.wapp",
                """
                Verifies a package offline exactly as the node does before its trust checks, and
                prints what it holds. Exit 1 with the reason code if it is refused.\
                """);
        add(
                "install",
                "FILE.wapp [--grant CAP,CAP] [--progress] [--json]",
                """
                Uploads and installs a package; --grant grants those requested capabilities
                (default: as the node decides).\
                """);
        add(
                "update",
                "FILE.wapp [--progress] [--json]",
                "Uploads a newer version of an installed app (the id is read from the package).");
        add(
                "rollback",
                "ID [--version V] [--json]",
                "Moves an app back to a stored version (default: the previous one).");
        add("suspend", "ID [--json]", "Stops serving an app without removing it.");
        add("resume", "ID [--json]", "Serves a suspended app again.");
        add(
                "grant",
                "ID CAP[,CAP...] | ID --none [--json]",
                "Sets the capabilities granted to an installed app (--none revokes them all).");
        add(
                "remove",
                "ID [--keep-data] [--json]",
                "Unloads and removes an app; --keep-data keeps its stored data.");
        add("list", "[--json]", "Lists the installed apps.");
        add("show", "ID [--json]", "Shows one app: versions, state and grants.");
        add(
                "trust",
                "DID [--marketplace] [--json]",
                "Trusts a publisher DID, so its packages may be installed; with --marketplace, trusts"
                        + " a marketplace whose endorsement vouches for its publishers.");
        add("untrust", "DID [--json]", "Stops trusting a publisher; installed apps keep running.");
        add("audit", "[--limit N] [--json]", "Shows the latest entries of the node's audit log.");
    }

    private Usage() {}

    private static void add(String name, String synopsis, String text) {
        COMMANDS.put(name, "usage: elastos app " + name + " " + synopsis + "\n\n" + text + "\n");
    }

    /** Returns whether a command exists. */
    static boolean exists(String command) {
        return COMMANDS.containsKey(command);
    }

    /** Returns a command's usage, with the node options for the remote commands. */
    static String of(String command) {
        String text = COMMANDS.get(command);
        return RemoteCommands.NAMES.contains(command) || command.equals("dev")
                ? text + NODE_OPTIONS
                : text;
    }

    /** Returns the overview of all commands. */
    static String overview() {
        StringBuilder b = new StringBuilder();
        b.append("usage: elastos app <command> [arguments]\n\n");
        b.append(
                "Makes, signs and checks mini-app packages (.wapp) and manages them on the node.\n");
        b.append("\nproject commands (dev also talks to the node):\n");
        for (String c : ProjectCommands.NAMES) {
            b.append(line(c));
        }
        b.append("\npackage commands (offline):\n");
        for (String c : PackageCommands.NAMES) {
            b.append(line(c));
        }
        b.append("\nnode commands (owner only, admin token):\n");
        for (String c : RemoteCommands.NAMES) {
            b.append(line(c));
        }
        b.append(NODE_OPTIONS);
        b.append(
                """

                exit codes: 0 done, 1 refused or failed, 2 bad command line, 3 node unreachable,
                4 admin token refused or missing.
                "elastos app help COMMAND" or "elastos app COMMAND --help" shows one command.
                """);
        return b.toString();
    }

    private static String line(String command) {
        String text = COMMANDS.get(command);
        String synopsis = text.substring(0, text.indexOf('\n')).substring("usage: ".length());
        return "  " + synopsis + "\n";
    }
}
