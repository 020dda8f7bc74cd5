// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.identity;

import java.util.Objects;

/**
 * A new session together with its secret bearer token, returned once at login. The token goes to
 * the client (in an HttpOnly cookie) and is never shown again; {@link #toString()} leaves it out so
 * that it cannot end up in a log.
 *
 * @param token the secret bearer token
 * @param csrf the anti-CSRF token a browser sends back in the {@code X-CSRF-Token} header with
 *     every state-changing request made with the session cookie
 * @param session the session the token opens
 */
public record SessionToken(String token, String csrf, Session session) {

    /**
     * Validates the token.
     *
     * @throws NullPointerException if either component is {@code null}
     * @throws IllegalArgumentException if the token is blank
     */
    public SessionToken {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(csrf, "csrf");
        Objects.requireNonNull(session, "session");
        if (token.isBlank()) {
            throw new IllegalArgumentException("blank session token");
        }
    }

    /**
     * Describes the session without its secret.
     *
     * @return a description with the token redacted
     */
    @Override
    public String toString() {
        return "SessionToken[token=<redacted>, csrf=<redacted>, session=" + session + "]";
    }
}
