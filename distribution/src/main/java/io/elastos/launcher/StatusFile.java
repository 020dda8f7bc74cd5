// SPDX-License-Identifier: Apache-2.0
package io.elastos.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * {@code run/status} in the data directory: one line, {@code starting}, {@code ready URL}, {@code
 * failed REASON} or {@code stopped}, which {@code bin/elastos start} and {@code status} read.
 */
final class StatusFile {

    static final String PATH = "run/status";

    private StatusFile() {}

    static void write(Path data, String line) {
        Path file = data.resolve(PATH);
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling("status.tmp");
            Files.writeString(tmp, line + "\n", StandardCharsets.UTF_8);
            Files.move(
                    tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // The status file is a convenience for the script; the log has the same facts.
        }
    }
}
