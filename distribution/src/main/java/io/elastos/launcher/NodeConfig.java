// SPDX-License-Identifier: Apache-2.0
package io.elastos.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;

/**
 * The launcher's own settings from {@code conf/io.elastos.node.cfg}, validated before anything
 * starts so that a typo gives one clear line instead of a half-started node.
 *
 * @param host the HTTP listen address
 * @param port the HTTP port
 */
record NodeConfig(String host, int port) {

    static final String FILE = "io.elastos.node.cfg";
    static final String DEFAULT_HOST = "127.0.0.1";
    static final int DEFAULT_PORT = 8080;
    private static final Set<String> KEYS = Set.of("http.host", "http.port");

    /** Reads the file if present, then applies the command-line overrides. */
    static NodeConfig load(LauncherOptions options) throws LauncherException {
        Path file = options.conf().resolve(FILE);
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException | IllegalArgumentException e) {
                throw new LauncherException(
                        "cannot read "
                                + file
                                + " ("
                                + e.getMessage()
                                + "); fix or delete the file");
            }
        }
        for (String key : p.stringPropertyNames()) {
            if (!KEYS.contains(key)) {
                throw new LauncherException(
                        file + ": unknown setting '" + key + "'; known settings are " + KEYS);
            }
        }
        String host = p.getProperty("http.host", DEFAULT_HOST).trim();
        if (host.isEmpty()) {
            throw new LauncherException(
                    file + ": http.host is empty; set an address such as 127.0.0.1");
        }
        int port =
                p.containsKey("http.port")
                        ? port(p.getProperty("http.port").trim(), file + ": http.port")
                        : DEFAULT_PORT;
        return new NodeConfig(
                options.host() != null ? options.host() : host,
                options.port() != null ? options.port() : port);
    }

    static int port(String text, String where) throws LauncherException {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new LauncherException(
                where
                        + " is '"
                        + text
                        + "', which is not a TCP port; use a number from 1 to 65535");
    }
}
