// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.identity;

import java.util.Objects;

/**
 * A login was refused. The {@link #reason()} is for the audit log and for choosing an HTTP status;
 * what the client is told should be no more precise than needed, so as not to help an attacker.
 */
public class AuthenticationException extends IdentityException {
    private static final long serialVersionUID = 1L;

    /** Why a login was refused. */
    public enum Reason {
        /** The SIWE message is malformed or lacks a required field. */
        MALFORMED_MESSAGE,
        /** The nonce was not issued by this node, was already used, or has expired. */
        INVALID_NONCE,
        /** The message's domain or URI is not this node's. */
        DOMAIN_MISMATCH,
        /** The message has expired or is not yet valid. */
        EXPIRED,
        /** The signature does not match the account, by ecrecover or ERC-1271. */
        BAD_SIGNATURE,
        /** The username or password is wrong; the two are not told apart. */
        BAD_CREDENTIALS,
        /** The identity is authentic but is not a user of this node. */
        UNKNOWN_ACCOUNT,
        /** Too many attempts from this client or for this account; try again later. */
        RATE_LIMITED,
        /** A smart-account signature could not be checked because the chain was unreachable. */
        CHAIN_UNAVAILABLE
    }

    private final Reason reason;

    /**
     * Creates an exception with a reason and a message.
     *
     * @param reason why the login was refused
     * @param message details for the log
     */
    public AuthenticationException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Creates an exception with a reason, a message and its cause.
     *
     * @param reason why the login was refused
     * @param message details for the log
     * @param cause the underlying error
     */
    public AuthenticationException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Tells why the login was refused.
     *
     * @return the reason, never {@code null}
     */
    public Reason reason() {
        return reason;
    }
}
