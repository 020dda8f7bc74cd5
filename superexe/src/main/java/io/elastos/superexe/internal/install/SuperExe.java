// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.install;

import io.elastos.api.apps.AppCalls;
import io.elastos.api.apps.AppRegistry;
import io.elastos.api.apps.AppState;
import io.elastos.api.apps.InstalledApp;
import io.elastos.api.apps.PublicAppRoutes;
import io.elastos.api.audit.AuditLog;
import io.elastos.api.chain.LicenseChecker;
import io.elastos.api.chain.LicenseReceipt;
import io.elastos.api.chain.LicenseTerms;
import io.elastos.api.chain.LicenseVerdict;
import io.elastos.api.identity.OwnerWallets;
import io.elastos.api.metadata.MetadataException;
import io.elastos.api.metadata.MetadataStore;
import io.elastos.api.node.NodeProperties;
import io.elastos.api.runtime.CallContext;
import io.elastos.api.runtime.Capability;
import io.elastos.api.runtime.RuntimeStats;
import io.elastos.api.runtime.SandboxException;
import io.elastos.api.runtime.SandboxFactory;
import io.elastos.api.storage.ScopeStore;
import io.elastos.api.superexe.AppManifest;
import io.elastos.api.superexe.InstallResult;
import io.elastos.api.superexe.Installer;
import io.elastos.api.superexe.PackageVerifier;
import io.elastos.api.superexe.VerificationException;
import io.elastos.api.superexe.VerifiedPackage;
import io.elastos.superexe.internal.install.AppRepository.AppRow;
import io.elastos.superexe.internal.license.LicenseEvents;
import io.elastos.superexe.internal.license.LicensePolicy;
import io.elastos.superexe.internal.license.LicenseRecord;
import io.elastos.superexe.internal.license.LicenseRepository;
import io.elastos.superexe.internal.license.ReceiptJson;
import io.elastos.superexe.internal.pkg.ReadPackage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;

/**
 * SuperEXE's mini-app side: the installer, the verifier, the registry of installed apps and the
 * gateway that routes calls to each app's head. At start it collects leftovers of interrupted
 * installs and loads every running app from its stored, re-verified package.
 */
@Component(
        service = {
            Installer.class,
            PackageVerifier.class,
            AppRegistry.class,
            PublicAppRoutes.class,
            AppCalls.class,
            SuperExe.class
        },
        configurationPid = "io.elastos.superexe",
        immediate = true)
@Designate(ocd = LicenseConfig.class)
public class SuperExe
        implements Installer, PackageVerifier, AppRegistry, AppCalls, PublicAppRoutes {

    private static final System.Logger LOG = System.getLogger(SuperExe.class.getName());

    @Reference MetadataStore metadata;

    @Reference SandboxFactory runtime;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile ScopeStore scopes;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile LicenseChecker licenseChecker;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile OwnerWallets ownerWallets;

    /** The clock of license grace periods; tests move it. */
    Clock licenseClock = Clock.systemUTC();

    LicensePolicy.Settings licenseSettings = LicensePolicy.Settings.DEFAULT;

    private final AuditTrail audit = new AuditTrail();
    private final AppRouter router = new AppRouter();
    private final EventPoster events = new EventPoster();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setEventAdmin(EventAdmin admin) {
        events.setAdmin(admin);
    }

    void unsetEventAdmin(EventAdmin admin) {
        events.setAdmin(null);
    }

    private AppRepository repo;
    private PackageStore store;
    private Lifecycle lifecycle;
    private LicensePolicy licenses;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setAuditLog(AuditLog log) {
        audit.setLog(log);
    }

    void unsetAuditLog(AuditLog log) {
        audit.setLog(null);
    }

    @Activate
    void activate(BundleContext context, LicenseConfig config)
            throws MetadataException, IOException, SQLException {
        licenseSettings = settings(config);
        open(NodeProperties.dataDirectory(context::getProperty).resolve("apps"));
        // Checks are due every few minutes at most; a tick of 30 s keeps lapses and expiries
        // prompt without asking the chain more often than each app's interval.
        licenses.start(Duration.ofSeconds(30));
    }

    @org.osgi.service.component.annotations.Modified
    void modified(LicenseConfig config) {
        licenseSettings = settings(config);
        licenses.setSettings(licenseSettings);
    }

    private static LicensePolicy.Settings settings(LicenseConfig c) {
        return new LicensePolicy.Settings(
                Duration.ofMinutes(Math.max(1, c.license_recheck_minutes())),
                Duration.ofMinutes(Math.max(0, c.license_grace_minutes())),
                Duration.ofHours(Math.max(0, c.license_offline_grace_hours())),
                Duration.ofMinutes(1));
    }

    /** Opens the app store under {@code dir} and loads the running apps. */
    void open(Path dir) throws MetadataException, IOException, SQLException {
        repo = new AppRepository(metadata);
        store = new PackageStore(dir.resolve("packages"));
        licenses =
                new LicensePolicy(
                        new LicenseRepository(metadata),
                        () -> licenseChecker,
                        this::wallets,
                        audit,
                        licenseClock,
                        licenseSettings);
        lifecycle =
                new Lifecycle(repo, store, router, audit, () -> runtime, () -> scopes, licenses);
        lifecycle.events(events);
        licenses.setApps(lifecycle);
        int removed = store.collect(repo.referencedPackages());
        if (removed > 0) {
            LOG.log(Level.INFO, "removed {0} package files left by interrupted installs", removed);
        }
        for (AppRow app : repo.apps()) {
            if (app.state() == AppState.RUNNING) {
                try {
                    lifecycle.load(app);
                } catch (Lifecycle.StepFailure e) {
                    audit.failed("node", "app.load", app.id() + "@" + app.head(), e.getMessage());
                }
            }
        }
    }

    @Deactivate
    void close() {
        if (licenses != null) {
            licenses.close();
        }
        router.closeAll();
    }

    private List<String> wallets() {
        OwnerWallets w = ownerWallets;
        return w == null ? List.of() : w.addresses();
    }

    /** The license policy, for the HTTP API and the shell. */
    public LicensePolicy licenses() {
        return licenses;
    }

    /** An installed app's license record, if it names a license. */
    public Optional<LicenseRecord> license(String appId) {
        return licenses.record(appId);
    }

    /** Checks an installed app's license now, applying the policy (suspend or resume). */
    public Optional<LicenseRecord> recheckLicense(String appId) throws SQLException {
        LicenseChecker c = licenseChecker;
        if (c != null) {
            c.forget();
        }
        return licenses.recheck(appId);
    }

    /** Checks a license for an app that may not be installed yet, such as a package's. */
    public LicensePolicy.Outcome checkLicense(String appId, LicenseTerms terms) {
        return licenses.evaluate(appId, terms);
    }

    /**
     * Verifies a receipt against the installed app it names, without storing it.
     *
     * @throws IllegalArgumentException if the receipt is malformed or its app is not installed or
     *     names no license
     */
    public LicenseVerdict verifyReceipt(byte[] json) {
        return verifyReceipt(ReceiptJson.parse(json));
    }

    private LicenseVerdict verifyReceipt(LicenseReceipt receipt) {
        LicenseRecord r =
                license(receipt.appId())
                        .orElseThrow(() ->
                                new IllegalArgumentException(
                                        "app "
                                                + receipt.appId()
                                                + " is not installed with a license; a receipt is"
                                                + " checked against the license its app names"));
        LicenseChecker c = licenseChecker;
        if (c == null) {
            throw new IllegalStateException(
                    "license checks are unavailable: the chain bundle is not running");
        }
        return c.checkReceipt(r.terms(), receipt.appId(), receipt, wallets());
    }

    /**
     * Stores a receipt for its app, after verifying it if the app is installed with a license; a
     * receipt that does not verify is refused and the stored one, if any, is kept.
     *
     * @return the verdict, or empty if the app is not installed yet (checked at install)
     */
    public Optional<LicenseVerdict> addReceipt(byte[] json, String actor) throws SQLException {
        var receipt = ReceiptJson.parse(json);
        Optional<LicenseVerdict> verdict = Optional.empty();
        if (license(receipt.appId()).isPresent()) {
            LicenseVerdict v = verifyReceipt(receipt);
            if (!v.valid()) {
                audit.denied(actor, "license.receipt", receipt.appId(), v.reason());
                throw new IllegalArgumentException("receipt refused: " + v.reason());
            }
            verdict = Optional.of(v);
        }
        licenses.repository().saveReceipt(receipt.appId(), ReceiptJson.write(receipt));
        audit.allowed(
                actor,
                "license.receipt",
                receipt.appId(),
                verdict.map(LicenseVerdict::reason).orElse("stored; checked at install"));
        if (verdict.isPresent()) {
            licenses.recheck(receipt.appId());
        }
        return verdict;
    }

    @Override
    public InstallResult install(Path pkg, String actor) {
        return events.posted(lifecycle.install(pkg, null, actor));
    }

    @Override
    public InstallResult install(Path pkg, Set<Capability> grant, String actor) {
        return events.posted(lifecycle.install(pkg, grant, actor));
    }

    @Override
    public InstallResult update(Path pkg, String actor) {
        return events.posted(lifecycle.update(pkg, actor));
    }

    @Override
    public InstallResult rollback(String appId, String version, String actor) {
        return events.posted(lifecycle.rollback(appId, version, actor));
    }

    @Override
    public InstallResult remove(String appId, boolean keepData, String actor) {
        return events.posted(lifecycle.remove(appId, keepData, actor));
    }

    @Override
    public InstallResult grant(String appId, Set<Capability> grant, String actor) {
        return lifecycle.grant(appId, grant, actor);
    }

    @Override
    public InstallResult suspend(String appId, String actor) {
        return lifecycle.suspend(appId, actor);
    }

    @Override
    public InstallResult resume(String appId, String actor) {
        return lifecycle.resume(appId, actor);
    }

    @Override
    public VerifiedPackage verify(Path pkg) throws VerificationException {
        try {
            ReadPackage p = lifecycle.verify(pkg);
            return new VerifiedPackage(p.manifest(), pkg, p.sha256(), Instant.now());
        } catch (Lifecycle.StepFailure e) {
            throw new VerificationException(
                    VerificationException.Reason.UNTRUSTED_PUBLISHER, e.getMessage());
        }
    }

    @Override
    public List<InstalledApp> list() {
        List<InstalledApp> list = new ArrayList<>();
        for (AppRow r : rows()) {
            list.add(installed(r));
        }
        return list;
    }

    @Override
    public Optional<InstalledApp> get(String id) {
        return row(id).map(SuperExe::installed);
    }

    @Override
    public Optional<String> head(String id) {
        return row(id).map(AppRow::head);
    }

    @Override
    public List<String> versions(String id) {
        try {
            return repo.versions(id).stream().map(AppRepository.VersionRow::version).toList();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read versions of " + id, e);
        }
    }

    /** The audit trail, for the node's own actions on an app (such as files put into its scope). */
    public LicenseEvents events() {
        return audit;
    }

    /** The running version's call and memory figures, or empty when the app is not loaded. */
    public Optional<RuntimeStats> stats(String appId) {
        AppRouter.Head h = router.head(appId);
        return h == null ? Optional.empty() : Optional.of(h.module.stats());
    }

    @Override
    public boolean isPublic(String appId, String apiPath) {
        AppRouter.Head h = router.head(appId);
        return h != null && AppManifest.isUnder(h.publicApi, apiPath);
    }

    /** The manifest of an app's head version, read again from its stored package. */
    public Optional<AppManifest> manifest(String id) {
        Optional<AppRow> row = row(id);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(lifecycle.loadStored(row.get()).manifest());
        } catch (Lifecycle.StepFailure | SQLException e) {
            return Optional.empty();
        }
    }

    /** The capabilities an app holds now. */
    public Set<String> grants(String id) {
        try {
            return repo.grants(id);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read grants of " + id, e);
        }
    }

    /** Trusts a publisher DID; packages it signs may then be installed. */
    public void trust(String did, String actor) throws SQLException {
        repo.trust(did, null);
        audit.allowed(actor, "publisher.trust", did, "");
    }

    /**
     * Stops trusting a publisher: its packages can no longer be installed or updated. Installed
     * apps keep running; to stop them as well, revoke the publisher.
     */
    public void untrust(String did, String actor) throws SQLException {
        repo.untrust(did);
        audit.allowed(actor, "publisher.untrust", did, "");
    }

    /** Trusts a marketplace DID; packages it endorses may then be installed. */
    public void trustMarketplace(String did, String actor) throws SQLException {
        repo.trustMarketplace(did, null);
        audit.allowed(actor, "marketplace.trust", did, "");
    }

    /** Revokes a publisher DID or a package hash: it can no longer be installed or loaded. */
    public void revoke(String subject, String reason, String actor) throws SQLException {
        repo.revoke(subject, reason);
        audit.allowed(actor, "publisher.revoke", subject, reason);
    }

    @Override
    public byte[] call(String appId, String function, byte[] input, CallContext context)
            throws SandboxException {
        return router.call(appId, function, input, context);
    }

    @Override
    public byte[] uiFile(String appId, String path) {
        AppRouter.Head head = router.head(appId);
        return head == null ? null : head.uiFiles.get(path);
    }

    private List<AppRow> rows() {
        try {
            return repo.apps();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the installed apps", e);
        }
    }

    private Optional<AppRow> row(String id) {
        try {
            return repo.app(id);
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException("cannot read app " + id, e));
        }
    }

    private static InstalledApp installed(AppRow r) {
        return new InstalledApp(r.id(), r.name(), r.head(), r.state(), r.installedAt());
    }
}
