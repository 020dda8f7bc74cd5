// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.audit;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One decision in the audit log: who asked to do what to which thing, and what the node decided.
 *
 * @param time when the decision was made
 * @param actor who asked: a user's DID, a client address for an anonymous login attempt, or a node
 *     component such as {@code deploy}
 * @param action what was asked, as lowercase dot-separated words such as {@code app.install} or
 *     {@code session.login}
 * @param subject what it was asked of, such as an app id and version, a vault path or a DID; {@code
 *     ""} if nothing in particular
 * @param outcome what the node decided
 * @param reason why; required for a denial or failure, may be {@code ""} otherwise
 */
public record AuditEvent(
        Instant time, String actor, String action, String subject, Outcome outcome, String reason) {

    /** What the node decided. */
    public enum Outcome {
        /** The action was permitted and done. */
        ALLOWED,
        /** The action was refused by a check, such as a bad signature or a missing role. */
        DENIED,
        /** The action was permitted but could not be completed, such as after an I/O error. */
        FAILED
    }

    private static final Pattern ACTION = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");

    /**
     * Validates the event.
     *
     * @throws NullPointerException if any component is {@code null}
     * @throws IllegalArgumentException if the actor is blank, the action is not lowercase
     *     dot-separated words, or a denial or failure has a blank reason
     */
    public AuditEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(reason, "reason");
        if (actor.isBlank()) {
            throw new IllegalArgumentException("audit event without an actor");
        }
        if (!ACTION.matcher(action).matches()) {
            throw new IllegalArgumentException("malformed audit action: " + action);
        }
        if (outcome != Outcome.ALLOWED && reason.isBlank()) {
            throw new IllegalArgumentException(outcome + " " + action + " needs a reason");
        }
    }

    /**
     * Makes an event that happens now.
     *
     * @param actor who asked
     * @param action what was asked
     * @param subject what it was asked of
     * @param outcome what the node decided
     * @param reason why
     * @return the event, timed now
     * @throws IllegalArgumentException as the constructor does
     */
    public static AuditEvent now(
            String actor, String action, String subject, Outcome outcome, String reason) {
        return new AuditEvent(Instant.now(), actor, action, subject, outcome, reason);
    }
}
