// SPDX-License-Identifier: Apache-2.0
package io.elastos.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

/** Fails early, with a clear line, when the HTTP address cannot be bound. */
final class PortCheck {

    private PortCheck() {}

    static void ensureFree(String host, int port) throws LauncherException {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new LauncherException(
                    "http.host '"
                            + host
                            + "' is not a known address; use an IP address such as 127.0.0.1");
        }
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(address, port));
        } catch (IOException e) {
            throw new LauncherException(
                    "port "
                            + port
                            + " on "
                            + host
                            + " is in use or not allowed ("
                            + e.getMessage()
                            + "); stop what uses it, or start with --port N");
        }
    }
}
