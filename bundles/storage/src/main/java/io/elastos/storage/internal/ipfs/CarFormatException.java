// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.ipfs;

import java.io.IOException;

/** A CAR archive is malformed, truncated, too large in a part, or uses an unsupported CID. */
public class CarFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong, for the user
     */
    public CarFormatException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what is wrong, for the user
     * @param cause the underlying failure
     */
    public CarFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
