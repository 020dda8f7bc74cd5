// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.elastos.api.audit.AuditEvent.Outcome;
import org.junit.jupiter.api.Test;

class AuditEventTest {

    @Test
    void allowedEventsNeedNoReasonButRefusalsDo() {
        AuditEvent ok =
                AuditEvent.now(
                        "deploy", "app.install", "org.example.notes@1.0.0", Outcome.ALLOWED, "");
        assertEquals("app.install", ok.action());
        assertThrows(
                IllegalArgumentException.class,
                () -> AuditEvent.now("deploy", "app.install", "x", Outcome.DENIED, " "));
        assertThrows(
                IllegalArgumentException.class,
                () -> AuditEvent.now("deploy", "app.install", "x", Outcome.FAILED, ""));
    }

    @Test
    void refusesMalformedActionsAndBlankActors() {
        for (String action : new String[] {"", "App.Install", "app.", "app install", ".app"}) {
            assertThrows(
                    IllegalArgumentException.class,
                    () -> AuditEvent.now("deploy", action, "", Outcome.ALLOWED, ""),
                    action);
        }
        assertThrows(
                IllegalArgumentException.class,
                () -> AuditEvent.now(" ", "session.login", "", Outcome.ALLOWED, ""));
        assertThrows(
                NullPointerException.class,
                () -> AuditEvent.now("deploy", "session.login", null, Outcome.ALLOWED, ""));
    }
}
