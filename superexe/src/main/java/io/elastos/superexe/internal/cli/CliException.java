// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.cli;

/** A command's failure, carrying the exit code the {@code elastos app} CLI ends with. */
final class CliException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The operation was refused or failed. */
    static final int FAILED = 1;

    /** The command line is wrong; the usage is printed. */
    static final int USAGE = 2;

    /** The node could not be reached. */
    static final int UNREACHABLE = 3;

    /** The node refused the admin token, or there is none. */
    static final int UNAUTHORIZED = 4;

    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    static CliException usage(String message) {
        return new CliException(USAGE, message);
    }

    static CliException failed(String message) {
        return new CliException(FAILED, message);
    }

    int exitCode() {
        return exitCode;
    }
}
