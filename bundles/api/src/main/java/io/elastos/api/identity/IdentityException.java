// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.identity;

/**
 * An identity operation failed for a reason other than refused credentials, such as the session
 * store being unavailable; the message says which and why.
 */
public class IdentityException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what failed and why
     */
    public IdentityException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and its cause.
     *
     * @param message what failed and why
     * @param cause the underlying error
     */
    public IdentityException(String message, Throwable cause) {
        super(message, cause);
    }
}
