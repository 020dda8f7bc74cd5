// SPDX-License-Identifier: Apache-2.0
package io.elastos.launcher;

/**
 * A start-up problem the user can fix. Its message is the one line printed: what is wrong and what
 * to do about it.
 */
final class LauncherException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Exit code for a bad command line. */
    static final int USAGE = 2;

    /** Exit code for a problem with the data directory, configuration, port or a component. */
    static final int FAILED = 1;

    private final int exitCode;

    LauncherException(String message) {
        this(message, FAILED);
    }

    LauncherException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
