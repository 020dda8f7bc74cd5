// SPDX-License-Identifier: Apache-2.0
package io.elastos.launcher;

import java.nio.file.Path;

/**
 * The launcher's command line: {@code [--data DIR] [--conf DIR] [--host H] [--port N]}. Values
 * given here win over {@code conf/io.elastos.node.cfg}.
 *
 * @param data the data directory
 * @param conf the configuration directory
 * @param host the HTTP listen address, or null to take the configured one
 * @param port the HTTP port, or null to take the configured one
 */
record LauncherOptions(Path data, Path conf, String host, Integer port) {

    static final String USAGE =
            "usage: elastos run [--data DIR] [--conf DIR] [--host ADDRESS] [--port N]";

    static LauncherOptions parse(String[] args, Path home) throws LauncherException {
        Path data = Path.of(System.getProperty("user.home"), ".elastos");
        Path conf = home.resolve("conf");
        String host = null;
        Integer port = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--data" -> data = Path.of(value(args, ++i, arg));
                case "--conf" -> conf = Path.of(value(args, ++i, arg));
                case "--host" -> host = value(args, ++i, arg);
                case "--port" -> port = NodeConfig.port(value(args, ++i, arg), "--port");
                case "-h", "--help" -> throw new LauncherException(USAGE, 0);
                default ->
                        throw new LauncherException(
                                "unknown option '" + arg + "'; " + USAGE, LauncherException.USAGE);
            }
        }
        return new LauncherOptions(data.toAbsolutePath().normalize(), conf, host, port);
    }

    private static String value(String[] args, int i, String option) throws LauncherException {
        if (i >= args.length || args[i].isBlank()) {
            throw new LauncherException(
                    option + " needs a value; " + USAGE, LauncherException.USAGE);
        }
        return args[i];
    }
}
