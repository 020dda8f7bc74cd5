// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.metadata;

/** A metadata database operation failed; the message says which and why. */
public class MetadataException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what failed and why
     */
    public MetadataException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and its cause.
     *
     * @param message what failed and why
     * @param cause the underlying error
     */
    public MetadataException(String message, Throwable cause) {
        super(message, cause);
    }
}
