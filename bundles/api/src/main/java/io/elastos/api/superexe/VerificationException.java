// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.superexe;

import java.util.Objects;

/**
 * A package or bundle failed verification and must not be installed; {@link #reason()} is a stable
 * code for the audit log, the CLI's exit status and the web UI.
 */
public class VerificationException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why verification failed. */
    public enum Reason {
        /** The file is not a readable zip or jar. */
        MALFORMED_ARCHIVE,
        /**
         * The archive breaks a safety rule: too large, too many entries, a path traversal, a
         * duplicate entry, or a compression ratio typical of a zip bomb.
         */
        UNSAFE_ARCHIVE,
        /** The manifest is missing, is not valid JSON, or breaks a rule of {@link AppManifest}. */
        INVALID_MANIFEST,
        /** The package or jar carries no signature, or some of its entries are unsigned. */
        UNSIGNED,
        /** The signature does not verify against the publisher's key or certificate. */
        BAD_SIGNATURE,
        /** A file's content does not match its hash in the manifest. */
        HASH_MISMATCH,
        /** The archive holds a file the manifest does not list. */
        UNLISTED_FILE,
        /** The manifest lists a file the archive does not hold. */
        MISSING_FILE,
        /** The publisher or signer is not trusted by the owner nor endorsed by a trusted key. */
        UNTRUSTED_PUBLISHER,
        /** The publisher's key or signing certificate has been revoked or has expired. */
        REVOKED
    }

    private final Reason reason;

    /**
     * Creates an exception with a reason and a message.
     *
     * @param reason why verification failed
     * @param message details, such as the offending entry
     */
    public VerificationException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Creates an exception with a reason, a message and its cause.
     *
     * @param reason why verification failed
     * @param message details, such as the offending entry
     * @param cause the underlying error
     */
    public VerificationException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Tells why verification failed.
     *
     * @return the reason, never {@code null}
     */
    public Reason reason() {
        return reason;
    }
}
