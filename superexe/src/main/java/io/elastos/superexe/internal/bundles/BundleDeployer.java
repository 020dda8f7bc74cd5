// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.bundles;

import io.elastos.api.audit.AuditEvent;
import io.elastos.api.audit.AuditEvent.Outcome;
import io.elastos.api.audit.AuditLog;
import io.elastos.api.node.NodeProperties;
import io.elastos.api.superexe.BundleVerifier;
import io.elastos.api.superexe.VerificationException;
import io.elastos.api.superexe.VerifiedBundle;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Hot-installs or updates a NAS-service bundle only after it passed the bundle verifier, then
 * refreshes just the bundles wired to it.
 */
@Component(service = BundleDeployer.class, configurationPid = "io.elastos.superexe.deploy")
public class BundleDeployer {

    /** Location prefix of bundles installed through the gate. */
    public static final String LOCATION_PREFIX = "elastos:bundle:";

    private static final long REFRESH_TIMEOUT_SECONDS = 60;
    private static final System.Logger LOG = System.getLogger(BundleDeployer.class.getName());

    private final BundleContext context;
    private final BundleVerifier verifier;
    private final AuditLog audit;

    /**
     * Creates the deployer.
     *
     * @param context the SuperEXE bundle's context, used to install and refresh bundles
     * @param verifier checks every jar before it reaches the framework
     * @param audit where decisions are recorded, or {@code null} for none
     */
    @Activate
    public BundleDeployer(
            BundleContext context,
            @Reference BundleVerifier verifier,
            // Greedy: a log that appears later re-activates the deployer with it.
            @Reference(
                            cardinality = ReferenceCardinality.OPTIONAL,
                            policyOption = ReferencePolicyOption.GREEDY)
                    AuditLog audit) {
        this.context = context;
        this.verifier = verifier;
        this.audit = audit;
    }

    /**
     * Verifies a jar and deploys it; a jar that fails verification never reaches the framework, so
     * the running version of the bundle is left untouched.
     *
     * @param jar the candidate bundle jar
     * @param actor who asked, for the audit log
     * @return the installed or updated bundle, started
     * @throws VerificationException if the jar is refused
     * @throws BundleException if the framework cannot install, refresh or start it
     */
    public Bundle deploy(Path jar, String actor) throws VerificationException, BundleException {
        VerifiedBundle verified;
        try {
            verified = verifier.verify(jar);
        } catch (VerificationException e) {
            record(
                    actor,
                    jar.getFileName().toString(),
                    Outcome.DENIED,
                    e.reason() + ": " + e.getMessage());
            throw e;
        }
        return deploy(verified, actor);
    }

    /**
     * Installs a verified bundle, or updates the installed bundle with the same symbolic name, then
     * refreshes the bundles that depend on it and starts it. The verified copy is deleted after.
     *
     * @param bundle a bundle returned by the verifier
     * @param actor who asked, for the audit log
     * @return the installed or updated bundle, started
     * @throws BundleException if the framework cannot install, refresh or start it
     */
    public Bundle deploy(VerifiedBundle bundle, String actor) throws BundleException {
        String subject = bundle.symbolicName() + "@" + bundle.version();
        try {
            Bundle deployed = installOrUpdate(bundle);
            if (deployed.getHeaders("").get(Constants.FRAGMENT_HOST) == null) {
                deployed.start();
            }
            persist(bundle);
            record(
                    actor,
                    subject,
                    Outcome.ALLOWED,
                    "signed by " + bundle.signer() + " (" + bundle.signerFingerprint() + ")");
            return deployed;
        } catch (BundleException | RuntimeException e) {
            record(actor, subject, Outcome.FAILED, e.toString());
            throw e;
        } finally {
            SignedBundleVerifier.deleteQuietly(bundle.file());
        }
    }

    /**
     * Keeps the deployed jar in {@code <data>/bundles/}, where the launcher installs it at the next
     * start in place of the distribution's bundle of the same name, so a hot update survives a
     * restart. Written to a temporary file and renamed, so a crash never leaves half a jar.
     */
    private void persist(VerifiedBundle bundle) {
        try {
            Path dir =
                    Files.createDirectories(
                            NodeProperties.dataDirectory(context::getProperty).resolve("bundles"));
            Path target = dir.resolve(bundle.symbolicName() + ".jar");
            Path tmp = Files.createTempFile(dir, ".deploy-", ".tmp");
            Files.copy(bundle.file(), tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.move(
                    tmp,
                    target,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.log(
                    Level.WARNING,
                    "bundle {0} runs but could not be kept for restarts: {1}",
                    bundle.symbolicName(),
                    e.getMessage());
        }
    }

    private synchronized Bundle installOrUpdate(VerifiedBundle bundle) throws BundleException {
        Bundle existing = find(bundle.symbolicName());
        try (InputStream in = Files.newInputStream(bundle.file())) {
            if (existing == null) {
                LOG.log(
                        Level.INFO,
                        "installing bundle {0} {1}",
                        bundle.symbolicName(),
                        bundle.version());
                return context.installBundle(LOCATION_PREFIX + bundle.symbolicName(), in);
            }
            LOG.log(
                    Level.INFO,
                    "updating bundle {0} from {1} to {2}",
                    bundle.symbolicName(),
                    existing.getVersion(),
                    bundle.version());
            existing.update(in);
        } catch (IOException e) {
            throw new BundleException(
                    "cannot read the verified copy " + bundle.file(),
                    BundleException.READ_ERROR,
                    e);
        }
        refreshDependents(existing);
        return existing;
    }

    /** Prefers the bundle this gate installed; otherwise any bundle with that symbolic name. */
    private Bundle find(String symbolicName) {
        Bundle match = null;
        for (Bundle b : context.getBundles()) {
            if (b.getBundleId() == 0 || !symbolicName.equals(b.getSymbolicName())) {
                continue;
            }
            if (b.getLocation().equals(LOCATION_PREFIX + symbolicName)) {
                return b;
            }
            match = match == null ? b : match;
        }
        return match;
    }

    /**
     * Refreshes only the updated bundle's dependency closure, and waits for it so the caller sees
     * the new wiring; a whole-framework refresh would restart unrelated services.
     */
    private void refreshDependents(Bundle updated) throws BundleException {
        FrameworkWiring wiring =
                context.getBundle(Constants.SYSTEM_BUNDLE_ID).adapt(FrameworkWiring.class);
        Collection<Bundle> closure = wiring.getDependencyClosure(List.of(updated));
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<FrameworkEvent> result = new AtomicReference<>();
        FrameworkListener listener =
                event -> {
                    result.set(event);
                    done.countDown();
                };
        wiring.refreshBundles(closure, listener);
        try {
            if (!done.await(REFRESH_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new BundleException(
                        "refreshing "
                                + closure.size()
                                + " bundle(s) took longer than "
                                + REFRESH_TIMEOUT_SECONDS
                                + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BundleException("interrupted while refreshing bundles", e);
        }
        if (result.get().getType() == FrameworkEvent.ERROR) {
            throw new BundleException("refreshing bundles failed", result.get().getThrowable());
        }
    }

    private void record(String actor, String subject, Outcome outcome, String reason) {
        if (audit == null) {
            return;
        }
        try {
            audit.record(AuditEvent.now(actor, "bundle.deploy", subject, outcome, reason));
        } catch (IllegalArgumentException e) {
            // A malformed actor must not turn a deployment into a failure; the node log keeps it.
            LOG.log(Level.WARNING, "unrecordable audit event for " + subject, e);
        }
    }
}
