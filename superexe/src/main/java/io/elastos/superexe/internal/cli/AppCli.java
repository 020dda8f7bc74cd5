// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.cli;

import java.io.Console;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The {@code elastos app} command line: makes, signs and checks packages and manages apps. */
public final class AppCli {

    private AppCli() {}

    /**
     * Runs the CLI and exits with its code.
     *
     * @param args the arguments after {@code elastos app}
     */
    public static void main(String[] args) {
        int code =
                run(args, System.in, System.out, System.err, System.getenv(), stderrIsTerminal());
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    /**
     * Runs the CLI without exiting; the progress bar is drawn only when asked with {@code
     * --progress}.
     *
     * @param args the arguments after {@code elastos app}
     * @param in the standard input (unused so far; kept for commands that read it)
     * @param out the standard output
     * @param err the standard error
     * @param env the environment ({@code ELASTOS_NODE}, {@code ELASTOS_TOKEN}, {@code HOME})
     * @return the exit code: 0 done, 1 refused or failed, 2 bad command line, 3 node unreachable, 4
     *     admin token refused or missing
     */
    static int run(
            String[] args,
            InputStream in,
            PrintStream out,
            PrintStream err,
            Map<String, String> env) {
        return run(args, in, out, err, env, false);
    }

    static int run(
            String[] args,
            InputStream in,
            PrintStream out,
            PrintStream err,
            Map<String, String> env,
            boolean terminal) {
        if (args.length == 0) {
            err.print(Usage.overview());
            return CliException.USAGE;
        }
        String command = args[0];
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        if (command.equals("help") || command.equals("--help") || command.equals("-h")) {
            if (!rest.isEmpty() && Usage.exists(rest.get(0))) {
                out.print(Usage.of(rest.get(0)));
            } else if (!rest.isEmpty()) {
                err.println("elastos app: unknown command '" + rest.get(0) + "'");
                err.print(Usage.overview());
                return CliException.USAGE;
            } else {
                out.print(Usage.overview());
            }
            return 0;
        }
        if (!Usage.exists(command)) {
            err.println("elastos app: unknown command '" + command + "'");
            err.print(Usage.overview());
            return CliException.USAGE;
        }
        if (rest.contains("--help") || rest.contains("-h")) {
            out.print(Usage.of(command));
            return 0;
        }
        try {
            if (ProjectCommands.NAMES.contains(command)) {
                return new ProjectCommands(out, err, env).run(command, rest);
            }
            if (PackageCommands.NAMES.contains(command)) {
                return new PackageCommands(out, err).run(command, rest);
            }
            return new RemoteCommands(out, err, env, terminal).run(command, rest);
        } catch (CliException e) {
            err.println("elastos app: " + e.getMessage());
            if (e.exitCode() == CliException.USAGE) {
                err.print(Usage.of(command));
            }
            return e.exitCode();
        } catch (RuntimeException e) {
            err.println("elastos app: " + command + " failed: " + e);
            return CliException.FAILED;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /**
     * Returns whether the CLI runs on a terminal: a console exists and, on Java 22 and later where
     * one always exists, it reports being a terminal.
     */
    static boolean stderrIsTerminal() {
        Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
