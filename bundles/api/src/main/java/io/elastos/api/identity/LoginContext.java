// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.identity;

import java.util.Objects;

/**
 * How a client reached the node for a login: what a Sign-In with Ethereum message must name, and
 * the address rate limits and the audit log use.
 *
 * @param domain the host, and port when not the scheme's default, such as {@code nas.local:8080}
 * @param origin the scheme, host and port, such as {@code http://nas.local:8080}
 * @param client the client's network address
 */
public record LoginContext(String domain, String origin, String client) {

    /**
     * Validates the context.
     *
     * @throws NullPointerException if a component is {@code null}
     */
    public LoginContext {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(client, "client");
    }
}
