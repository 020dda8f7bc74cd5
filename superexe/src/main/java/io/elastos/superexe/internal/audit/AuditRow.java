// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.audit;

import io.elastos.api.audit.AuditEvent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** One stored row of the audit table, exactly as it is hashed. */
record AuditRow(
        long seq,
        Instant time,
        String actor,
        String action,
        String subject,
        String outcome,
        String reason,
        String prevHash,
        String hash) {

    static final int MAX_ACTOR = 256;
    static final int MAX_ACTION = 128;
    static final int MAX_SUBJECT = 1024;
    static final int MAX_REASON = 4000;

    private static final String TRUNCATED = "...[truncated]";

    /** Builds the next row of the chain from an event, bounding fields to the column sizes. */
    static AuditRow next(long seq, AuditEvent event, String prevHash) {
        AuditRow row =
                new AuditRow(
                        seq,
                        // Derby keeps nanoseconds, but microseconds survive every driver round
                        // trip.
                        event.time().truncatedTo(ChronoUnit.MICROS),
                        bound(event.actor(), MAX_ACTOR),
                        bound(event.action(), MAX_ACTION),
                        bound(event.subject(), MAX_SUBJECT),
                        event.outcome().name(),
                        bound(event.reason(), MAX_REASON),
                        prevHash,
                        null);
        return row.withHash(ChainHash.of(row));
    }

    AuditRow withHash(String newHash) {
        return new AuditRow(seq, time, actor, action, subject, outcome, reason, prevHash, newHash);
    }

    AuditEvent toEvent() {
        return new AuditEvent(
                time, actor, action, subject, AuditEvent.Outcome.valueOf(outcome), reason);
    }

    /** Cuts an over-long value and says so, without splitting a surrogate pair. */
    static String bound(String value, int max) {
        if (value.length() <= max) {
            return value;
        }
        int keep = max - TRUNCATED.length();
        if (Character.isHighSurrogate(value.charAt(keep - 1))) {
            keep--;
        }
        return value.substring(0, keep) + TRUNCATED;
    }
}
