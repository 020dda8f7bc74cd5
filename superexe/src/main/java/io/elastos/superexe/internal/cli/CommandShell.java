// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * What every {@code elastos <group>} command line does around its own commands: help on {@code
 * help}, {@code --help} or {@code -h} (exit 0), the usage on an empty command line (exit 2), and
 * one line {@code elastos <group>: <what went wrong>} with the documented exit code otherwise (the
 * usage follows a command-line mistake).
 */
final class CommandShell {

    /** The group's own commands, given the non-empty command line. */
    @FunctionalInterface
    interface Commands {
        int run(List<String> argv) throws CliException;
    }

    private CommandShell() {}

    static int run(
            String group,
            String usage,
            String[] args,
            PrintStream out,
            PrintStream err,
            Commands commands) {
        List<String> argv = Arrays.asList(args);
        if (argv.isEmpty()
                || argv.contains("--help")
                || argv.contains("-h")
                || argv.get(0).equals("help")) {
            (argv.isEmpty() ? err : out).print(usage);
            return argv.isEmpty() ? CliException.USAGE : 0;
        }
        try {
            return commands.run(argv);
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

    /** Ends the process with a command line's exit code, after its output is written. */
    static void exit(int code) {
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }
}
