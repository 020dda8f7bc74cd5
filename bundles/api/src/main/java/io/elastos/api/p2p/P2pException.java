// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.p2p;

/**
 * A P2P operation failed, such as a dial, a handshake, or a message that could not be delivered;
 * the message says which and why.
 */
public class P2pException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what failed and why
     */
    public P2pException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and its cause.
     *
     * @param message what failed and why
     * @param cause the underlying error
     */
    public P2pException(String message, Throwable cause) {
        super(message, cause);
    }
}
