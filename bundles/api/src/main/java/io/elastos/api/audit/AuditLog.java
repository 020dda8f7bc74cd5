// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.audit;

import java.time.Instant;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The node's append-only audit log: every login, install, license and permission decision, with its
 * reason. Events are never changed or deleted through this interface. Thread-safe.
 */
@ProviderType
public interface AuditLog {

    /**
     * Appends an event. The event is durable when the method returns. Recording must not make the
     * audited action fail, so it does not throw for a storage failure: the event is then logged to
     * the node's log instead, and the audit log's health indicator turns unhealthy.
     *
     * @param event the event
     */
    void record(AuditEvent event);

    /**
     * Reads events in the order they were recorded.
     *
     * @param since the earliest event time to include
     * @param limit the most events to return, at least 1
     * @return the events at or after {@code since}, oldest first, at most {@code limit}
     * @throws IllegalArgumentException if {@code limit} is less than 1
     */
    List<AuditEvent> query(Instant since, int limit);
}
