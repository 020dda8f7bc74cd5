// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.superexe;

import java.util.Objects;

/**
 * The outcome of an {@link Installer} operation. A failed operation changed nothing: the app's head
 * is where it was.
 *
 * @param operation what was asked
 * @param appId the app, or {@code null} if the package failed before its manifest could be read
 * @param success whether the operation completed
 * @param version the app's head version after the operation, or {@code null} if it has none
 * @param previousVersion the head version before the operation, or {@code null} if it had none
 * @param failedStep the pipeline step that refused or failed, or {@code null} on success
 * @param message one human-readable line: what was done, or why it was refused
 */
public record InstallResult(
        Operation operation,
        String appId,
        boolean success,
        String version,
        String previousVersion,
        Step failedStep,
        String message) {

    /** The installer operations. */
    public enum Operation {
        /** Install an app that is not installed. */
        INSTALL,
        /** Move an installed app to a newer version. */
        UPDATE,
        /** Move an installed app back to an older stored version. */
        ROLLBACK,
        /** Unload and remove an app. */
        REMOVE,
        /** Change the capabilities granted to an installed app. */
        GRANT,
        /** Stop serving an app without removing it. */
        SUSPEND,
        /** Serve a suspended app again. */
        RESUME
    }

    /** The steps of the install pipeline, in order; each is fail-closed. */
    public enum Step {
        /** Reading the archive within its safety limits. */
        READ,
        /** Checking the signature and every file hash. */
        VERIFY,
        /** Checking that the owner trusts the publisher. */
        TRUST,
        /** Checking the version against the installed one, or that the app is installed at all. */
        VERSION,
        /** Checking the license on chain or by receipt. */
        LICENSE,
        /** Compiling the module against the granted capabilities and limits. */
        COMPILE,
        /** Storing the package, recording the version and switching the head. */
        COMMIT,
        /** The new version's health call, after which a failure rolls the head back. */
        HEALTH
    }

    /**
     * Validates the result.
     *
     * @throws NullPointerException if {@code operation} or {@code message} is {@code null}, or
     *     {@code appId} is {@code null} on success
     * @throws IllegalArgumentException if {@code failedStep} is set on success or missing on
     *     failure
     */
    public InstallResult {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(message, "message");
        if (success) {
            Objects.requireNonNull(appId, "appId");
            if (failedStep != null) {
                throw new IllegalArgumentException("a successful result has no failed step");
            }
        } else if (failedStep == null) {
            throw new IllegalArgumentException("a failed result needs its failed step");
        }
    }

    /**
     * Makes a successful result.
     *
     * @param operation what was done
     * @param appId the app
     * @param version the head version now, or {@code null} after a removal
     * @param previousVersion the head version before, or {@code null} after a first install
     * @param message what was done
     * @return the result
     */
    public static InstallResult succeeded(
            Operation operation,
            String appId,
            String version,
            String previousVersion,
            String message) {
        return new InstallResult(operation, appId, true, version, previousVersion, null, message);
    }

    /**
     * Makes a failed result; the head is unchanged, so it is both the version before and after.
     *
     * @param operation what was asked
     * @param appId the app, or {@code null} if unknown
     * @param headVersion the unchanged head version, or {@code null} if the app has none
     * @param failedStep the step that refused or failed
     * @param message why
     * @return the result
     */
    public static InstallResult failed(
            Operation operation,
            String appId,
            String headVersion,
            Step failedStep,
            String message) {
        return new InstallResult(
                operation, appId, false, headVersion, headVersion, failedStep, message);
    }
}
