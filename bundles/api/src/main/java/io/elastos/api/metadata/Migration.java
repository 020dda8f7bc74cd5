// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.metadata;

import java.util.List;
import java.util.Objects;

/**
 * One step of a scope's schema history: SQL statements applied together, once.
 *
 * @param version position in the history, starting at 1; never reused or changed once released
 * @param description a short human-readable summary, recorded with the version
 * @param statements the SQL statements, run in order in one transaction
 */
public record Migration(int version, String description, List<String> statements) {

    /**
     * Validates and copies the statements.
     *
     * @throws IllegalArgumentException if the version is not positive or there are no statements
     */
    public Migration {
        if (version < 1) {
            throw new IllegalArgumentException("migration version must be >= 1: " + version);
        }
        Objects.requireNonNull(description, "description");
        statements = List.copyOf(statements);
        if (statements.isEmpty()) {
            throw new IllegalArgumentException("migration " + version + " has no statements");
        }
    }
}
