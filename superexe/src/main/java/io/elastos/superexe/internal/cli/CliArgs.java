// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed command line: positional arguments, {@code --name value} (or {@code --name=value})
 * options and {@code --flag} switches, each known in advance so a typo is a usage error.
 */
final class CliArgs {
    private final List<String> positional = new ArrayList<>();
    private final Map<String, String> values = new HashMap<>();
    private final Set<String> flagsSeen = new HashSet<>();

    private CliArgs() {}

    /**
     * Parses arguments; {@code --} ends the options.
     *
     * @param args the arguments after the command name
     * @param valueOptions option names (without dashes) that take a value
     * @param flags option names that take none
     * @throws CliException with {@link CliException#USAGE} on an unknown, repeated or incomplete
     *     option
     */
    static CliArgs parse(List<String> args, Set<String> valueOptions, Set<String> flags)
            throws CliException {
        CliArgs a = new CliArgs();
        boolean options = true;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (options && arg.equals("--")) {
                options = false;
            } else if (options && arg.startsWith("--") && arg.length() > 2) {
                String name = arg.substring(2);
                String value = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (flags.contains(name)) {
                    if (value != null) {
                        throw CliException.usage("--" + name + " takes no value");
                    }
                    a.flagsSeen.add(name);
                } else if (valueOptions.contains(name)) {
                    if (value == null) {
                        if (i + 1 >= args.size()) {
                            throw CliException.usage("--" + name + " needs a value");
                        }
                        value = args.get(++i);
                    }
                    if (a.values.putIfAbsent(name, value) != null) {
                        throw CliException.usage("--" + name + " is given twice");
                    }
                } else {
                    throw CliException.usage("unknown option --" + name);
                }
            } else if (options && arg.startsWith("-") && arg.length() > 1) {
                throw CliException.usage("unknown option " + arg);
            } else {
                a.positional.add(arg);
            }
        }
        return a;
    }

    /** Returns the positional arguments. */
    List<String> positional() {
        return positional;
    }

    /** Returns exactly {@code n} positional arguments, or fails naming what is expected. */
    List<String> expect(int n, String what) throws CliException {
        if (positional.size() < n) {
            throw CliException.usage("missing " + what);
        }
        if (positional.size() > n) {
            throw CliException.usage("unexpected argument " + positional.get(n));
        }
        return positional;
    }

    /** Returns an option's value, or {@code null}. */
    String value(String name) {
        return values.get(name);
    }

    /** Returns a required option's value. */
    String required(String name) throws CliException {
        String v = values.get(name);
        if (v == null) {
            throw CliException.usage("--" + name + " is required");
        }
        return v;
    }

    /** Returns whether a flag was given. */
    boolean flag(String name) {
        return flagsSeen.contains(name);
    }
}
