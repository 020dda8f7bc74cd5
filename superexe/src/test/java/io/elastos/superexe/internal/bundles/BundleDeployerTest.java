// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.bundles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.api.audit.AuditEvent;
import io.elastos.api.audit.AuditEvent.Outcome;
import io.elastos.api.audit.AuditLog;
import io.elastos.api.superexe.VerificationException;
import io.elastos.api.superexe.VerificationException.Reason;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.Version;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/** Deploys signed bundles into a real, embedded Apache Felix framework. */
class BundleDeployerTest {

    private static final String API = "io.example.provider.api";

    @TempDir Path dir;
    private Framework framework;
    private BundleDeployer deployer;
    private TestPki.Identity developer;
    private final List<String> refreshed = new CopyOnWriteArrayList<>();
    private final List<AuditEvent> audited = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startFramework() throws Exception {
        framework =
                new FrameworkFactory()
                        .newFramework(
                                Map.of(
                                        Constants.FRAMEWORK_STORAGE,
                                        dir.resolve("felix-cache").toString(),
                                        Constants.FRAMEWORK_STORAGE_CLEAN,
                                        Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT,
                                        "elastos.data",
                                        dir.resolve("data").toString()));
        framework.start();
        developer = TestPki.selfSigned("Dev");
        BundleTrustStore trust = new BundleTrustStore(dir.resolve("trust"));
        trust.add(developer.cert());
        SignedBundleVerifier verifier =
                new SignedBundleVerifier(
                        trust, dir.resolve("verified"), Clock.systemUTC(), ArchiveLimits.DEFAULT);
        deployer = new BundleDeployer(framework.getBundleContext(), verifier, new ListAudit());
        framework
                .getBundleContext()
                .addBundleListener(
                        (SynchronousBundleListener)
                                e -> {
                                    if (e.getType() == BundleEvent.UNRESOLVED) {
                                        refreshed.add(e.getBundle().getSymbolicName());
                                    }
                                });
    }

    @AfterEach
    void stopFramework() throws Exception {
        framework.stop();
        framework.waitForStop(10_000);
    }

    private Path provider(String version, String text) throws Exception {
        return TestJars.bundle(
                dir.resolve("provider-" + version + ".jar"),
                "io.example.provider",
                version,
                Map.of("Export-Package", API + ";version=\"" + version + "\""),
                Map.of("io/example/provider/api/info.txt", text));
    }

    private Path signed(Path jar) throws Exception {
        return TestJars.sign(jar, developer);
    }

    @Test
    void updatesInPlaceRefreshesDependentsAndRefusesBadJars() throws Exception {
        Bundle provider = deployer.deploy(signed(provider("1.0.0", "v1")), "owner");
        assertEquals(
                BundleDeployer.LOCATION_PREFIX + "io.example.provider", provider.getLocation());
        Bundle consumer =
                deployer.deploy(
                        signed(
                                TestJars.bundle(
                                        dir.resolve("consumer.jar"),
                                        "io.example.consumer",
                                        "1.0.0",
                                        Map.of("Import-Package", API + ";version=\"[1,3)\""),
                                        Map.of("io/example/consumer/c.txt", "c"))),
                        "owner");
        Bundle bystander =
                deployer.deploy(
                        signed(
                                TestJars.bundle(
                                        dir.resolve("by.jar"), "io.example.bystander", "1.0.0")),
                        "owner");
        assertEquals(Bundle.ACTIVE, provider.getState());
        assertEquals(Bundle.ACTIVE, consumer.getState());
        assertEquals(new Version(1, 0, 0), wiredProviderVersion(consumer));

        Bundle updated = deployer.deploy(signed(provider("2.0.0", "v2")), "owner");
        // The hot update is kept for the launcher to install at the next start.
        java.nio.file.Path kept =
                dir.resolve("data/bundles").resolve(updated.getSymbolicName() + ".jar");
        assertTrue(java.nio.file.Files.exists(kept), "kept " + kept);
        assertEquals(provider.getBundleId(), updated.getBundleId(), "updated in place");
        assertEquals(new Version(2, 0, 0), provider.getVersion());
        assertEquals(Bundle.ACTIVE, provider.getState());
        assertEquals("v2", entry(provider));
        assertTrue(refreshed.contains("io.example.consumer"), "the dependent was refreshed");
        assertFalse(refreshed.contains("io.example.bystander"), "unrelated bundles are left alone");
        assertEquals(Bundle.ACTIVE, consumer.getState());
        assertEquals(Bundle.ACTIVE, bystander.getState());
        assertEquals(new Version(2, 0, 0), wiredProviderVersion(consumer));

        refreshed.clear();
        Path v3 = provider("3.0.0", "v3");
        VerificationException unsigned =
                assertThrows(VerificationException.class, () -> deployer.deploy(v3, "owner"));
        assertEquals(Reason.UNSIGNED, unsigned.reason());
        Path tampered =
                TestJars.withChangedEntry(
                        signed(v3), "io/example/provider/api/info.txt", s -> "evil");
        VerificationException bad =
                assertThrows(VerificationException.class, () -> deployer.deploy(tampered, "owner"));
        assertEquals(Reason.HASH_MISMATCH, bad.reason());

        assertEquals(new Version(2, 0, 0), provider.getVersion(), "v2 keeps running");
        assertEquals(Bundle.ACTIVE, provider.getState());
        assertEquals("v2", entry(provider));
        assertTrue(refreshed.isEmpty(), "a refused jar refreshes nothing");

        assertEquals(Outcome.ALLOWED, audited.get(3).outcome());
        assertEquals("io.example.provider@2.0.0", audited.get(3).subject());
        assertEquals(Outcome.DENIED, audited.get(4).outcome());
        assertEquals(Outcome.DENIED, audited.get(5).outcome());
        assertTrue(audited.get(5).reason().startsWith("HASH_MISMATCH"), audited.get(5).reason());
    }

    @Test
    void untrustedSignerNeverReachesTheFramework() throws Exception {
        int before = framework.getBundleContext().getBundles().length;
        Path jar = TestJars.sign(provider("1.0.0", "v1"), TestPki.selfSigned("Stranger"));
        VerificationException e =
                assertThrows(VerificationException.class, () -> deployer.deploy(jar, "owner"));
        assertEquals(Reason.UNTRUSTED_PUBLISHER, e.reason());
        assertEquals(before, framework.getBundleContext().getBundles().length);
    }

    private static Version wiredProviderVersion(Bundle consumer) {
        List<BundleWire> wires =
                consumer.adapt(BundleWiring.class)
                        .getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE);
        assertEquals(1, wires.size());
        return wires.get(0).getProvider().getVersion();
    }

    private static String entry(Bundle bundle) throws Exception {
        try (InputStream in = bundle.getEntry("io/example/provider/api/info.txt").openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Keeps audit events in memory. */
    private final class ListAudit implements AuditLog {
        @Override
        public void record(AuditEvent event) {
            audited.add(event);
        }

        @Override
        public List<AuditEvent> query(Instant since, int limit) {
            return List.copyOf(audited);
        }
    }
}
