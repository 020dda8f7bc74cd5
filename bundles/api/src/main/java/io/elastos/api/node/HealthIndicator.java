// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.node;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A check that a bundle registers as a service to take part in the node's health report. The node
 * is healthy only while every registered indicator is.
 */
@ConsumerType
public interface HealthIndicator {

    /**
     * Names the indicator in the health report.
     *
     * @return a short stable name such as {@code "metadata"} or {@code "wasm"}
     */
    String name();

    /**
     * Checks the part this indicator watches. It must be quick (a health call runs every indicator)
     * and must not throw; a failure is reported as an unhealthy status.
     *
     * @return the current status
     */
    HealthStatus check();
}
