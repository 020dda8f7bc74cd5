// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.shell;

import io.elastos.api.apps.InstalledApp;
import io.elastos.api.audit.AuditEvent;
import io.elastos.api.superexe.InstallResult;
import io.elastos.superexe.internal.audit.DerbyAuditLog;
import io.elastos.superexe.internal.install.SuperExe;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Gogo shell commands for the owner at the node's console: {@code app:list}, {@code app:install
 * FILE}, {@code app:update FILE}, {@code app:rollback ID [VERSION]}, {@code app:suspend ID}, {@code
 * app:resume ID}, {@code app:remove ID [keep-data]}, {@code app:trust DID}, {@code app:audit [N]}.
 */
@Component(
        service = AppCommands.class,
        property = {
            "osgi.command.scope=app",
            "osgi.command.function=list",
            "osgi.command.function=install",
            "osgi.command.function=update",
            "osgi.command.function=rollback",
            "osgi.command.function=suspend",
            "osgi.command.function=resume",
            "osgi.command.function=remove",
            "osgi.command.function=trust",
            "osgi.command.function=untrust",
            "osgi.command.function=audit"
        })
public class AppCommands {

    static final String ACTOR = "console";

    @Reference SuperExe superexe;

    @Reference DerbyAuditLog audit;

    public String list() {
        var apps = superexe.list();
        if (apps.isEmpty()) {
            return "no apps installed";
        }
        return apps.stream().map(AppCommands::line).collect(Collectors.joining("\n"));
    }

    public String install(String file) {
        return result(superexe.install(Path.of(file), ACTOR));
    }

    public String update(String file) {
        return result(superexe.update(Path.of(file), ACTOR));
    }

    public String rollback(String id) {
        return result(superexe.rollback(id, null, ACTOR));
    }

    public String rollback(String id, String version) {
        return result(superexe.rollback(id, version, ACTOR));
    }

    public String suspend(String id) {
        return result(superexe.suspend(id, ACTOR));
    }

    public String resume(String id) {
        return result(superexe.resume(id, ACTOR));
    }

    public String remove(String id) {
        return result(superexe.remove(id, false, ACTOR));
    }

    public String remove(String id, String keepData) {
        return result(superexe.remove(id, "keep-data".equals(keepData), ACTOR));
    }

    public String trust(String did) throws SQLException {
        superexe.trust(did, ACTOR);
        return "trusted " + did;
    }

    public String untrust(String did) throws SQLException {
        superexe.untrust(did, ACTOR);
        return "no longer trusting " + did;
    }

    public String audit() {
        return audit(20);
    }

    public String audit(int last) {
        var all = audit.query(Instant.EPOCH, 10_000);
        return all.subList(Math.max(0, all.size() - last), all.size()).stream()
                .map(AppCommands::line)
                .collect(Collectors.joining("\n"));
    }

    static String line(InstalledApp a) {
        return String.format(
                "%-40s %-12s %-10s %s",
                a.id(), a.version(), a.state().name().toLowerCase(), a.name());
    }

    static String line(AuditEvent e) {
        return String.format(
                "%s %-8s %-18s %-40s %s %s",
                e.time(),
                e.outcome().name().toLowerCase(),
                e.action(),
                e.subject(),
                e.actor(),
                e.reason() == null ? "" : e.reason());
    }

    static String result(InstallResult r) {
        return (r.success() ? "ok: " : "refused at " + r.failedStep().name().toLowerCase() + ": ")
                + r.message();
    }
}
