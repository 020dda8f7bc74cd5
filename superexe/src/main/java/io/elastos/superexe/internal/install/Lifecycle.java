// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.install;

import io.elastos.api.apps.AppState;
import io.elastos.api.runtime.CallContext;
import io.elastos.api.runtime.Capability;
import io.elastos.api.runtime.CompiledModule;
import io.elastos.api.runtime.SandboxException;
import io.elastos.api.runtime.SandboxFactory;
import io.elastos.api.storage.ScopeStore;
import io.elastos.api.storage.StorageException;
import io.elastos.api.superexe.AppManifest;
import io.elastos.api.superexe.InstallResult;
import io.elastos.api.superexe.InstallResult.Operation;
import io.elastos.api.superexe.InstallResult.Step;
import io.elastos.api.superexe.VerificationException;
import io.elastos.superexe.internal.install.AppRepository.AppRow;
import io.elastos.superexe.internal.install.AppRepository.VersionRow;
import io.elastos.superexe.internal.license.LicensePolicy;
import io.elastos.superexe.internal.pkg.PackageLimits;
import io.elastos.superexe.internal.pkg.PackageReader;
import io.elastos.superexe.internal.pkg.ReadPackage;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Install, update, rollback, grant, suspend, resume and remove, each fail-closed: every check runs
 * before anything is written; then the package is stored, Derby records the new head in one
 * transaction, and the in-memory head switches. A new version that fails its health call is
 * switched back at once. Operations are serialized; calls are never blocked by them.
 */
final class Lifecycle implements LicensePolicy.AppSwitch {

    private static final System.Logger LOG = System.getLogger(Lifecycle.class.getName());

    private final AppRepository repo;
    private final PackageStore store;
    private final AppRouter router;
    private final AuditTrail audit;
    private final Supplier<SandboxFactory> runtime;
    private final Supplier<ScopeStore> scopes;
    private final LicensePolicy licenses;
    private final PackageReader reader = new PackageReader(PackageLimits.DEFAULT);
    private final ReentrantLock lock = new ReentrantLock();
    private EventPoster events = new EventPoster();

    /** Where license changes are announced (the component's Event Admin link). */
    void events(EventPoster poster) {
        this.events = poster;
    }

    Lifecycle(
            AppRepository repo,
            PackageStore store,
            AppRouter router,
            AuditTrail audit,
            Supplier<SandboxFactory> runtime,
            Supplier<ScopeStore> scopes,
            LicensePolicy licenses) {
        this.repo = repo;
        this.licenses = licenses;
        this.store = store;
        this.router = router;
        this.audit = audit;
        this.runtime = runtime;
        this.scopes = scopes;
    }

    /** A refusal or failure at one step of the pipeline. */
    static final class StepFailure extends Exception {
        private static final long serialVersionUID = 1L;
        final Step step;

        StepFailure(Step step, String message) {
            super(message);
            this.step = step;
        }
    }

    InstallResult install(Path file, Set<Capability> grant, String actor) {
        return run(
                Operation.INSTALL,
                null,
                actor,
                () -> deploy(Operation.INSTALL, file, grant, actor));
    }

    InstallResult update(Path file, String actor) {
        return run(
                Operation.UPDATE, null, actor, () -> deploy(Operation.UPDATE, file, null, actor));
    }

    /** Reads and verifies a package and checks its publisher; nothing is written. */
    ReadPackage verify(Path file) throws StepFailure {
        ReadPackage p;
        try {
            p = reader.read(file);
        } catch (VerificationException e) {
            throw new StepFailure(Step.VERIFY, e.reason() + ": " + e.getMessage());
        }
        checkTrust(p);
        return p;
    }

    private InstallResult deploy(Operation op, Path file, Set<Capability> grant, String actor)
            throws StepFailure, SQLException, IOException {
        ReadPackage p = verify(file);
        AppManifest m = p.manifest();
        Optional<AppRow> current = repo.app(m.id());
        checkVersion(op, m, current);
        LicensePolicy.Outcome licensed = checkLicense(m);
        Set<Capability> granted = effectiveGrant(op, m, grant);
        CompiledModule module = compile(LoadedPackage.spec(m, p.files(), granted));
        String previous = current.map(AppRow::head).orElse(null);
        try {
            store.store(file, p.sha256());
            repo.commitVersion(
                    new VersionRow(m.id(), m.version(), p.sha256(), m.publisherDid().value()),
                    m.name(),
                    previous,
                    names(granted));
        } catch (IOException | SQLException e) {
            module.close();
            throw new StepFailure(Step.COMMIT, "could not store the package: " + e.getMessage());
        }
        if (current.isPresent() && current.get().state() == AppState.SUSPENDED) {
            module.close();
        } else {
            switchHealthy(
                    m.id(),
                    new AppRouter.Head(
                            m.version(),
                            module,
                            LoadedPackage.uiFiles(m, p.files()),
                            m.publicApi()),
                    previous);
        }
        recordLicense(m, licensed);
        applyStorage(m);
        audit.allowed(
                actor,
                "app." + op.name().toLowerCase(),
                m.id() + "@" + m.version(),
                "grants " + names(granted));
        return InstallResult.succeeded(
                op,
                m.id(),
                m.version(),
                previous,
                (op == Operation.UPDATE ? "updated " : "installed ") + m.id() + " " + m.version());
    }

    /**
     * Gives the app the storage scope its manifest asks for ("limits.storageMiB"), which the owner
     * saw at install; never shrinks one the owner made larger.
     */
    private void applyStorage(AppManifest m) {
        ScopeStore s = scopes.get();
        if (s == null || m.storageMiB() == 0) {
            return;
        }
        try {
            long asked = m.storageMiB() << 20;
            if (s.open(m.id()).quotaBytes() < asked) {
                s.setQuota(m.id(), asked);
            }
        } catch (StorageException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "could not give {0} its {1} MiB of storage: {2}",
                    m.id(),
                    m.storageMiB(),
                    e.getMessage());
        }
    }

    /** Switches to the new head; if it exports {@code health} and that fails, switches back. */
    private void switchHealthy(String appId, AppRouter.Head next, String previousVersion)
            throws StepFailure, SQLException {
        if (!next.module.exports().contains("health")) {
            // No health export: the first calls decide, and the old version stays loaded meanwhile.
            router.switchOnProbation(
                    appId, next, previous -> rollBackFailedHead(appId, next, previous));
            return;
        }
        AppRouter.Head old = router.switchTo(appId, next);
        try {
            next.module.call("health", new byte[0], CallContext.ANONYMOUS);
            AppRouter.retire(old);
        } catch (SandboxException e) {
            if (old != null) {
                router.switchTo(appId, old);
                repo.setHead(appId, old.version, null);
            } else {
                router.unload(appId);
                repo.remove(appId);
            }
            AppRouter.retire(next);
            throw new StepFailure(
                    Step.HEALTH,
                    "version "
                            + next.version
                            + " failed its health call ("
                            + e.getMessage()
                            + "); "
                            + (old != null
                                    ? "rolled back to " + previousVersion
                                    : "not installed"));
        }
    }

    /** The new head's first calls all failed: serve the version it replaced again. */
    private void rollBackFailedHead(String appId, AppRouter.Head failed, AppRouter.Head previous) {
        lock.lock();
        try {
            if (router.head(appId) != failed) {
                AppRouter.retire(previous);
                return;
            }
            router.switchTo(appId, previous);
            AppRouter.retire(failed);
            repo.setHead(appId, previous.version, null);
            audit.failed(
                    "node",
                    "app.health",
                    appId + "@" + failed.version,
                    "its first calls failed; rolled back to " + previous.version);
        } catch (SQLException e) {
            audit.failed("node", "app.health", appId, "could not record the rollback: " + e);
        } finally {
            lock.unlock();
        }
    }

    InstallResult rollback(String appId, String version, String actor) {
        return run(
                Operation.ROLLBACK,
                appId,
                actor,
                () -> {
                    AppRow app = installed(appId);
                    String target = version != null ? version : app.previous();
                    if (target == null) {
                        throw new StepFailure(
                                Step.VERSION,
                                "app " + appId + " has no earlier version to roll back to");
                    }
                    if (Semver.compare(target, app.head()) >= 0) {
                        throw new StepFailure(
                                Step.VERSION,
                                "version " + target + " is not older than " + app.head());
                    }
                    VersionRow row =
                            repo.version(appId, target)
                                    .orElseThrow(() ->
                                            new StepFailure(
                                                    Step.VERSION,
                                                    "version "
                                                            + target
                                                            + " of "
                                                            + appId
                                                            + " is not stored"));
                    ReadPackage p = verify(store.path(row.sha256()));
                    LicensePolicy.Outcome licensed = checkLicense(p.manifest());
                    Set<Capability> granted = capabilities(repo.grants(appId), p.manifest());
                    CompiledModule module =
                            compile(LoadedPackage.spec(p.manifest(), p.files(), granted));
                    repo.setHead(appId, target, app.head());
                    switchHealthy(
                            appId,
                            new AppRouter.Head(
                                    target,
                                    module,
                                    LoadedPackage.uiFiles(p.manifest(), p.files()),
                                    p.manifest().publicApi()),
                            app.head());
                    recordLicense(p.manifest(), licensed);
                    audit.allowed(
                            actor, "app.rollback", appId + "@" + target, "from " + app.head());
                    return InstallResult.succeeded(
                            Operation.ROLLBACK,
                            appId,
                            target,
                            app.head(),
                            "rolled " + appId + " back to " + target);
                });
    }

    InstallResult grant(String appId, Set<Capability> grant, String actor) {
        return run(
                Operation.GRANT,
                appId,
                actor,
                () -> {
                    AppRow app = installed(appId);
                    ReadPackage p = loadStored(app);
                    Set<Capability> granted =
                            effectiveGrant(Operation.INSTALL, p.manifest(), grant);
                    CompiledModule module =
                            compile(LoadedPackage.spec(p.manifest(), p.files(), granted));
                    repo.setGrants(appId, names(granted));
                    if (app.state() == AppState.RUNNING) {
                        AppRouter.retire(
                                router.switchTo(
                                        appId,
                                        new AppRouter.Head(
                                                app.head(),
                                                module,
                                                LoadedPackage.uiFiles(p.manifest(), p.files()),
                                                p.manifest().publicApi())));
                    } else {
                        module.close();
                    }
                    audit.allowed(actor, "app.grant", appId, "grants " + names(granted));
                    return InstallResult.succeeded(
                            Operation.GRANT,
                            appId,
                            app.head(),
                            app.head(),
                            "granted " + names(granted));
                });
    }

    InstallResult suspend(String appId, String actor) {
        return run(
                Operation.SUSPEND,
                appId,
                actor,
                () -> {
                    AppRow app = installed(appId);
                    repo.setState(appId, AppState.SUSPENDED);
                    router.unload(appId);
                    licenses.ownerSuspended(appId);
                    audit.allowed(actor, "app.suspend", appId, "");
                    return InstallResult.succeeded(
                            Operation.SUSPEND, appId, app.head(), app.head(), "suspended " + appId);
                });
    }

    InstallResult resume(String appId, String actor) {
        return run(
                Operation.RESUME,
                appId,
                actor,
                () -> {
                    AppRow app = installed(appId);
                    ReadPackage p = loadStored(app);
                    LicensePolicy.Outcome licensed = checkLicense(p.manifest());
                    load(app);
                    repo.setState(appId, AppState.RUNNING);
                    recordLicense(p.manifest(), licensed);
                    audit.allowed(actor, "app.resume", appId, "");
                    return InstallResult.succeeded(
                            Operation.RESUME, appId, app.head(), app.head(), "resumed " + appId);
                });
    }

    InstallResult remove(String appId, boolean keepData, String actor) {
        return run(
                Operation.REMOVE,
                appId,
                actor,
                () -> {
                    AppRow app = installed(appId);
                    router.unload(appId);
                    repo.remove(appId);
                    licenses.forget(appId);
                    store.collect(repo.referencedPackages());
                    ScopeStore s = scopes.get();
                    String data = keepData ? "data kept" : "no data to delete";
                    if (!keepData && s != null) {
                        try {
                            data = s.delete(appId) ? "data deleted" : data;
                        } catch (StorageException e) {
                            data = "data could not be deleted: " + e.getMessage();
                        }
                    }
                    audit.allowed(actor, "app.remove", appId, data);
                    return InstallResult.succeeded(
                            Operation.REMOVE, appId, app.head(), app.head(), "removed " + appId);
                });
    }

    /**
     * A licensed app may be installed, updated, rolled back or resumed only while the owner holds
     * its license; the chain being unreachable refuses too (fail closed), unless a stored receipt
     * proves the license.
     */
    private LicensePolicy.Outcome checkLicense(AppManifest m) throws StepFailure {
        if (m.license() == null) {
            return null;
        }
        LicensePolicy.Outcome o = licenses.evaluate(m.id(), m.license());
        if (!o.valid()) {
            throw new StepFailure(
                    Step.LICENSE,
                    (o.unreachable() ? "cannot check the license: " : "license not held: ")
                            + o.message());
        }
        return o;
    }

    private void recordLicense(AppManifest m, LicensePolicy.Outcome licensed) throws SQLException {
        if (licensed == null) {
            licenses.forget(m.id());
        } else {
            licenses.admitted(m.id(), m.license(), licensed);
        }
    }

    @Override
    public void suspendForLicense(String appId, String reason) throws Exception {
        InstallResult r =
                run(
                        Operation.SUSPEND,
                        appId,
                        "license",
                        () -> {
                            AppRow app = installed(appId);
                            repo.setState(appId, AppState.SUSPENDED);
                            router.unload(appId);
                            return InstallResult.succeeded(
                                    Operation.SUSPEND,
                                    appId,
                                    app.head(),
                                    app.head(),
                                    "suspended " + appId + ": " + reason);
                        });
        if (!r.success()) {
            throw new IllegalStateException(r.message());
        }
        events.license(appId, false, reason);
    }

    @Override
    public void resumeForLicense(String appId) throws Exception {
        InstallResult r =
                run(
                        Operation.RESUME,
                        appId,
                        "license",
                        () -> {
                            AppRow app = installed(appId);
                            if (app.state() == AppState.SUSPENDED) {
                                load(app);
                                repo.setState(appId, AppState.RUNNING);
                            }
                            return InstallResult.succeeded(
                                    Operation.RESUME,
                                    appId,
                                    app.head(),
                                    app.head(),
                                    "resumed " + appId + ": license valid again");
                        });
        if (!r.success()) {
            throw new IllegalStateException(r.message());
        }
        events.license(appId, true, "license valid again");
    }

    /** Loads an app's head from its stored, re-verified package (at start and on resume). */
    void load(AppRow app) throws StepFailure, SQLException, IOException {
        ReadPackage p = loadStored(app);
        Set<Capability> granted = capabilities(repo.grants(app.id()), p.manifest());
        CompiledModule module = compile(LoadedPackage.spec(p.manifest(), p.files(), granted));
        AppRouter.retire(
                router.switchTo(
                        app.id(),
                        new AppRouter.Head(
                                app.head(),
                                module,
                                LoadedPackage.uiFiles(p.manifest(), p.files()),
                                p.manifest().publicApi())));
    }

    private AppRow installed(String appId) throws StepFailure, SQLException {
        Optional<AppRow> app = repo.app(appId);
        if (app.isEmpty()) {
            throw new StepFailure(Step.VERSION, "app " + appId + " is not installed");
        }
        return app.get();
    }

    ReadPackage loadStored(AppRow app) throws StepFailure, SQLException {
        VersionRow row =
                repo.version(app.id(), app.head())
                        .orElseThrow(() ->
                                new StepFailure(
                                        Step.READ,
                                        "head version "
                                                + app.head()
                                                + " of "
                                                + app.id()
                                                + " is not stored"));
        return verify(store.path(row.sha256()));
    }

    /**
     * Trusted when the owner trusts the publisher, or a marketplace the owner trusts endorsed the
     * package; never when the publisher, the marketplace or the package is revoked.
     */
    private void checkTrust(ReadPackage p) throws StepFailure {
        String did = p.manifest().publisherDid().value();
        String market = p.endorsedBy() == null ? null : p.endorsedBy().value();
        try {
            for (String subject : new String[] {did, p.sha256(), market}) {
                Optional<String> revoked =
                        subject == null ? Optional.empty() : repo.revocation(subject);
                if (revoked.isPresent()) {
                    throw new StepFailure(Step.TRUST, subject + " is revoked: " + revoked.get());
                }
            }
            boolean endorsed = market != null && repo.isTrustedMarketplace(market);
            if (!repo.isTrusted(did) && !endorsed) {
                throw new StepFailure(
                        Step.TRUST,
                        "publisher "
                                + did
                                + " is not trusted by the owner"
                                + (market == null
                                        ? ""
                                        : " and marketplace " + market + " is not trusted either")
                                + "; trust it first (elastos app trust "
                                + did
                                + ")");
            }
        } catch (SQLException e) {
            throw new StepFailure(Step.TRUST, "cannot read the trust store: " + e.getMessage());
        }
    }

    private static void checkVersion(Operation op, AppManifest m, Optional<AppRow> current)
            throws StepFailure {
        if (op == Operation.INSTALL && current.isPresent()) {
            throw new StepFailure(
                    Step.VERSION,
                    m.id() + " is already installed (" + current.get().head() + "); use update");
        }
        if (op == Operation.UPDATE) {
            if (current.isEmpty()) {
                throw new StepFailure(Step.VERSION, m.id() + " is not installed; use install");
            }
            if (Semver.compare(m.version(), current.get().head()) <= 0) {
                throw new StepFailure(
                        Step.VERSION,
                        "version "
                                + m.version()
                                + " is not newer than the installed "
                                + current.get().head()
                                + "; use rollback to go back");
            }
        }
    }

    /**
     * Install: the grant (default: everything requested). Update: the old grant, within the new
     * requests.
     */
    private Set<Capability> effectiveGrant(Operation op, AppManifest m, Set<Capability> grant)
            throws StepFailure, SQLException {
        if (op == Operation.UPDATE) {
            return capabilities(repo.grants(m.id()), m);
        }
        Set<Capability> wanted = grant == null ? m.capabilities() : grant;
        for (Capability c : wanted) {
            if (!m.capabilities().contains(c)) {
                throw new StepFailure(
                        Step.TRUST,
                        "capability "
                                + c
                                + " was not requested by the app; an app gets only what it asks for");
            }
        }
        return Set.copyOf(wanted);
    }

    private static Set<Capability> capabilities(Set<String> names, AppManifest m) {
        return names.stream()
                .map(Capability::of)
                .filter(m.capabilities()::contains)
                .collect(Collectors.toUnmodifiableSet());
    }

    private CompiledModule compile(io.elastos.api.runtime.ModuleSpec spec) throws StepFailure {
        SandboxFactory factory = runtime.get();
        if (factory == null) {
            throw new StepFailure(Step.COMPILE, "the mini-app runtime is not available");
        }
        try {
            return factory.compile(spec);
        } catch (SandboxException e) {
            throw new StepFailure(Step.COMPILE, e.kind() + ": " + e.getMessage());
        }
    }

    private static Set<String> names(Set<Capability> caps) {
        return caps.stream().map(Capability::name).collect(Collectors.toCollection(TreeSet::new));
    }

    /** One operation's body. */
    interface Body {
        InstallResult run() throws StepFailure, SQLException, IOException;
    }

    private InstallResult run(Operation op, String appId, String actor, Body body) {
        lock.lock();
        try {
            return body.run();
        } catch (StepFailure e) {
            String head = headOf(appId);
            audit.denied(
                    actor,
                    "app." + op.name().toLowerCase(),
                    appId == null ? "package" : appId,
                    e.step + ": " + e.getMessage());
            return InstallResult.failed(op, appId, head, e.step, e.getMessage());
        } catch (SQLException | IOException | RuntimeException e) {
            audit.failed(
                    actor,
                    "app." + op.name().toLowerCase(),
                    appId == null ? "package" : appId,
                    String.valueOf(e));
            return InstallResult.failed(
                    op, appId, headOf(appId), Step.COMMIT, "internal error: " + e);
        } finally {
            lock.unlock();
        }
    }

    private String headOf(String appId) {
        if (appId == null) {
            return null;
        }
        AppRouter.Head h = router.head(appId);
        return h == null ? null : h.version;
    }
}
