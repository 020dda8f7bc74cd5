// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.chain;

/**
 * A chain query failed. {@link #unreachable()} separates "could not ask" (no network, RPC endpoint
 * down or too slow: keep the last verdict, within a grace period) from "asked and got an error"
 * (the contract reverted or does not implement the standard: the terms are wrong).
 */
public class ChainException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean unreachable;

    /**
     * Creates an exception with a message.
     *
     * @param message what failed and why
     * @param unreachable whether the chain could not be reached at all
     */
    public ChainException(String message, boolean unreachable) {
        super(message);
        this.unreachable = unreachable;
    }

    /**
     * Creates an exception with a message and its cause.
     *
     * @param message what failed and why
     * @param unreachable whether the chain could not be reached at all
     * @param cause the underlying error
     */
    public ChainException(String message, boolean unreachable, Throwable cause) {
        super(message, cause);
        this.unreachable = unreachable;
    }

    /**
     * Tells whether the chain could not be reached, as opposed to answering with an error.
     *
     * @return {@code true} if no answer came from the chain's RPC endpoint
     */
    public boolean unreachable() {
        return unreachable;
    }
}
