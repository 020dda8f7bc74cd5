// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.node;

import java.util.Map;

/**
 * The result of one {@link HealthIndicator} check.
 *
 * @param healthy whether the part works
 * @param detail one human-readable line; on failure it says what is wrong
 * @param data extra facts for the report, with JSON-friendly values (strings, numbers, booleans)
 */
public record HealthStatus(boolean healthy, String detail, Map<String, Object> data) {

    /** Copies the data so the status is immutable. */
    public HealthStatus {
        data = Map.copyOf(data);
    }

    /**
     * A healthy status.
     *
     * @param detail one line describing the state
     * @param data extra facts for the report
     * @return the status
     */
    public static HealthStatus up(String detail, Map<String, Object> data) {
        return new HealthStatus(true, detail, data);
    }

    /**
     * An unhealthy status.
     *
     * @param detail one line saying what is wrong
     * @return the status
     */
    public static HealthStatus down(String detail) {
        return new HealthStatus(false, detail, Map.of());
    }
}
