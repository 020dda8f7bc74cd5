// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.install;

import io.elastos.api.audit.AuditEvent;
import io.elastos.api.audit.AuditLog;
import io.elastos.superexe.internal.license.LicenseEvents;
import java.lang.System.Logger.Level;

/** Writes every SuperEXE decision to the audit log (when one is installed) and the node log. */
final class AuditTrail implements LicenseEvents {

    private static final System.Logger LOG = System.getLogger("io.elastos.superexe");

    private volatile AuditLog log;

    void setLog(AuditLog log) {
        this.log = log;
    }

    @Override
    public void allowed(String actor, String action, String subject, String detail) {
        LOG.log(Level.INFO, "{0} {1} by {2}: {3}", action, subject, actor, detail);
        write(actor, action, subject, AuditEvent.Outcome.ALLOWED, detail);
    }

    @Override
    public void denied(String actor, String action, String subject, String reason) {
        LOG.log(Level.WARNING, "{0} {1} by {2} refused: {3}", action, subject, actor, reason);
        write(actor, action, subject, AuditEvent.Outcome.DENIED, reason);
    }

    @Override
    public void failed(String actor, String action, String subject, String reason) {
        LOG.log(Level.ERROR, "{0} {1} by {2} failed: {3}", action, subject, actor, reason);
        write(actor, action, subject, AuditEvent.Outcome.FAILED, reason);
    }

    private void write(
            String actor,
            String action,
            String subject,
            AuditEvent.Outcome outcome,
            String reason) {
        AuditLog l = log;
        if (l != null) {
            l.record(AuditEvent.now(actor, action, subject, outcome, reason));
        }
    }
}
