// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.identity;

import java.time.Instant;
import java.util.Objects;

/**
 * A signed-in session, as the node knows it. It never holds the secret token, which the node keeps
 * only as a hash.
 *
 * @param id a non-secret identifier of the session, used to list and revoke it
 * @param subject the signed-in user
 * @param role the user's role for this session
 * @param method how the user signed in
 * @param issuedAt when the session began
 * @param expiresAt when the session ends unless revoked earlier; after {@code issuedAt}
 */
public record Session(
        String id, Did subject, Role role, Method method, Instant issuedAt, Instant expiresAt) {

    /**
     * The request attribute under which the node's access filter puts the caller's {@link Session}
     * for the servlets behind it.
     */
    public static final String REQUEST_ATTRIBUTE = "io.elastos.identity.session";

    /** How a session was established. */
    public enum Method {
        /** Sign-In with Ethereum (EIP-4361), by an EOA or an ERC-1271 smart account. */
        SIWE,
        /** Username and password. */
        PASSWORD,
        /** A one-time pairing code shown on the node. */
        PAIRING,
        /** The node-local admin token file, readable only by the node's system user (the CLI). */
        ADMIN_TOKEN
    }

    /**
     * Validates the session.
     *
     * @throws NullPointerException if any component is {@code null}
     * @throws IllegalArgumentException if the id is blank or the session does not expire after it
     *     is issued
     */
    public Session {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (id.isBlank()) {
            throw new IllegalArgumentException("blank session id");
        }
        if (!expiresAt.isAfter(issuedAt)) {
            throw new IllegalArgumentException(
                    "session expires at " + expiresAt + ", not after " + issuedAt);
        }
    }

    /**
     * Tells whether the session has expired at a given time. A revoked session is not known to this
     * record; ask {@link SessionService#validate(String)}.
     *
     * @param now the time to check at
     * @return whether {@code now} is at or after {@link #expiresAt()}
     */
    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
