// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.storage;

import java.util.Objects;

/** A storage operation failed; {@link #reason()} tells callers what kind of failure it was. */
public class StorageException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a storage operation failed. */
    public enum Reason {
        /** The file, version, block, key or scope does not exist. */
        NOT_FOUND,
        /** A path, key, CID or argument is malformed, such as a path with a {@code ..} segment. */
        INVALID_ARGUMENT,
        /** Stored or received data does not match its hash or fails decryption. */
        INTEGRITY,
        /** The write would take the scope or partition over its quota; nothing was written. */
        QUOTA_EXCEEDED,
        /** The vault key is not unlocked, so private data can be neither read nor written. */
        LOCKED,
        /** The disk or the metadata database failed. */
        IO
    }

    private final Reason reason;

    /**
     * Creates an exception with a reason and a message.
     *
     * @param reason the kind of failure
     * @param message what failed and why
     */
    public StorageException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Creates an exception with a reason, a message and its cause.
     *
     * @param reason the kind of failure
     * @param message what failed and why
     * @param cause the underlying error
     */
    public StorageException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Tells what kind of failure this is.
     *
     * @return the reason, never {@code null}
     */
    public Reason reason() {
        return reason;
    }
}
