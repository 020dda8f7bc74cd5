// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.api.apps.AppState;
import io.elastos.api.chain.LicenseStandard;
import io.elastos.api.chain.LicenseTerms;
import io.elastos.api.runtime.CallContext;
import io.elastos.api.runtime.Capability;
import io.elastos.api.runtime.SandboxException;
import io.elastos.api.superexe.InstallResult;
import io.elastos.api.superexe.InstallResult.Step;
import io.elastos.superexe.internal.pkg.KeyFiles;
import io.elastos.superexe.internal.pkg.PackageBuilder;
import io.elastos.superexe.internal.pkg.PublisherKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LifecycleTest {

    private static final Path GUESTS =
            Path.of(System.getProperty("elastos.test.guests", "../runtime/target/test-guests"));

    @TempDir Path tmp;
    private TestApps apps;

    @BeforeEach
    void start() throws Exception {
        apps = new TestApps(tmp);
    }

    @AfterEach
    void stop() {
        apps.close();
    }

    private String version() throws Exception {
        return new String(
                apps.superexe.call(TestApps.APP, "version", new byte[0], CallContext.ANONYMOUS),
                StandardCharsets.UTF_8);
    }

    private static void ok(InstallResult r) {
        assertTrue(r.success(), r.failedStep() + ": " + r.message());
    }

    private static void refused(InstallResult r, Step step, String text) {
        assertFalse(r.success(), r.message());
        assertEquals(step, r.failedStep(), r.message());
        assertTrue(r.message().contains(text), r.message());
    }

    private long storedPackages() throws Exception {
        try (Stream<Path> s = Files.list(apps.packages())) {
            return s.count();
        }
    }

    @Test
    void installUpdateRollbackRemove() throws Exception {
        ok(apps.superexe.install(apps.pkg("1.0.0"), "test"));
        assertEquals("1.0.0", version());
        ok(apps.superexe.update(apps.pkg("1.1.0"), "test"));
        assertEquals("1.1.0", version());
        assertEquals(List.of("1.0.0", "1.1.0"), apps.superexe.versions(TestApps.APP));
        assertEquals(
                "<h1>Hello 1.1.0</h1>",
                new String(
                        apps.superexe.uiFile(TestApps.APP, "index.html"), StandardCharsets.UTF_8));

        refused(apps.superexe.update(apps.pkg("1.0.5"), "test"), Step.VERSION, "not newer");
        apps.superexe.untrust(apps.publisher.did().value(), "test");
        refused(apps.superexe.update(apps.pkg("1.2.0"), "test"), Step.TRUST, "not trusted");
        assertEquals("1.1.0", version(), "an untrusted publisher's installed app keeps running");
        apps.superexe.trust(apps.publisher.did().value(), "test");
        assertEquals("1.1.0", version());

        ok(apps.superexe.rollback(TestApps.APP, null, "test"));
        assertEquals("1.0.0", version());
        assertEquals("1.0.0", apps.superexe.head(TestApps.APP).orElseThrow());

        ok(apps.superexe.remove(TestApps.APP, false, "test"));
        assertThrows(IllegalStateException.class, this::version);
        assertTrue(apps.superexe.get(TestApps.APP).isEmpty());
        assertEquals(0, storedPackages(), "a removed app's packages are deleted");
    }

    @Test
    void untrustedRevokedAndLicensedPackagesAreRefusedAndNothingIsStored() throws Exception {
        PublisherKey stranger = KeyFiles.generate(PublisherKey.Type.ED25519, 0);
        refused(
                apps.superexe.install(apps.pkg("1.0.0", true, Set.of(), null, stranger), "test"),
                Step.TRUST,
                "not trusted");
        LicenseTerms license =
                new LicenseTerms(
                        1,
                        "0x" + "ab".repeat(20),
                        LicenseStandard.ERC721,
                        java.math.BigInteger.ONE);
        refused(
                apps.superexe.install(
                        apps.pkg("1.0.0", true, Set.of(), license, apps.publisher), "test"),
                Step.LICENSE,
                "license");
        apps.superexe.revoke(apps.publisher.did().value(), "key leaked", "test");
        refused(apps.superexe.install(apps.pkg("1.0.0"), "test"), Step.TRUST, "revoked");
        assertEquals(0, storedPackages());
        assertTrue(apps.superexe.list().isEmpty());
    }

    @Test
    void tamperedPackageIsRefusedAndTheRunningVersionKeepsServing() throws Exception {
        ok(apps.superexe.install(apps.pkg("1.0.0"), "test"));
        Path bad = apps.pkg("1.1.0");
        byte[] bytes = Files.readAllBytes(bad);
        // Flip a byte inside the first entry's data (zip header fields such as times are not
        // covered by any hash, so a byte picked blindly may not change the package's content).
        java.nio.ByteBuffer zip =
                java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int dataStart = 30 + zip.getShort(26) + zip.getShort(28);
        bytes[dataStart + zip.getInt(18) / 2] ^= 0x5a;
        Files.write(bad, bytes);
        InstallResult r = apps.superexe.update(bad, "test");
        assertEquals(Step.VERIFY, r.failedStep(), r.message());
        assertEquals("1.0.0", version());
        assertEquals(1, storedPackages());
    }

    @Test
    void unhealthyUpdateIsRolledBackAtOnce() throws Exception {
        ok(apps.superexe.install(apps.pkg("1.0.0"), "test"));
        InstallResult r =
                apps.superexe.update(
                        apps.pkg("1.1.0", false, Set.of(), null, apps.publisher), "test");
        refused(r, Step.HEALTH, "rolled back to 1.0.0");
        assertEquals("1.0.0", version());
        assertEquals("1.0.0", apps.superexe.head(TestApps.APP).orElseThrow());
    }

    @Test
    void updateWhoseFirstCallsFailIsRolledBackAutomatically() throws Exception {
        ok(apps.superexe.install(apps.pkg("1.0.0"), "test"));
        ok(apps.superexe.update(apps.brokenPkg("1.1.0"), "test"));
        for (int i = 0; i < AppRouter.PROBATION_FAILURES; i++) {
            SandboxException e = assertThrows(SandboxException.class, this::version);
            assertEquals(SandboxException.Kind.TRAP, e.kind());
        }
        assertEquals("1.0.0", version(), "the version it replaced serves again");
        assertEquals("1.0.0", apps.superexe.head(TestApps.APP).orElseThrow());
        apps.restart();
        assertEquals("1.0.0", version(), "and stays the head after a restart");
    }

    @Test
    void restartLoadsTheHeadAndCollectsInterruptedInstalls() throws Exception {
        ok(apps.superexe.install(apps.pkg("1.0.0"), "test"));
        ok(apps.superexe.update(apps.pkg("1.2.0"), "test"));
        // A crash after the package was stored but before Derby committed leaves files behind.
        Files.write(apps.packages().resolve(".incoming-123.tmp"), new byte[10]);
        Files.write(apps.packages().resolve("ab".repeat(32) + ".wapp"), new byte[10]);
        apps.restart();
        assertEquals("1.2.0", version());
        assertEquals(2, storedPackages(), "only the two referenced packages remain");
    }

    @Test
    void suspendAndResume() throws Exception {
        ok(apps.superexe.install(apps.pkg("1.0.0"), "test"));
        ok(apps.superexe.suspend(TestApps.APP, "test"));
        assertEquals(AppState.SUSPENDED, apps.superexe.get(TestApps.APP).orElseThrow().state());
        assertThrows(IllegalStateException.class, this::version);
        apps.restart();
        assertThrows(IllegalStateException.class, this::version);
        ok(apps.superexe.resume(TestApps.APP, "test"));
        assertEquals("1.0.0", version());
    }

    @Test
    void grantsAreConsentedSubsetsOfTheRequest() throws Exception {
        byte[] kv = Files.readAllBytes(GUESTS.resolve("kv_plugin.wasm"));
        Set<Capability> requested =
                Set.of(Capability.of("storage.kv"), Capability.of("identity.read"));
        Path pkg = apps.pkgOf("org.example.kv", "1.0.0", kv, requested);
        refused(
                apps.superexe.install(pkg, Set.of(Capability.of("p2p.message")), "test"),
                Step.TRUST,
                "was not requested");
        // Granting only some of the request: the app loads, the withheld functions refuse calls.
        ok(apps.superexe.install(pkg, Set.of(Capability.of("storage.kv")), "test"));
        SandboxException denied =
                assertThrows(
                        SandboxException.class,
                        () ->
                                apps.superexe.call(
                                        "org.example.kv",
                                        "who",
                                        new byte[0],
                                        CallContext.ANONYMOUS));
        assertEquals(SandboxException.Kind.CAPABILITY_DENIED, denied.kind());
        assertTrue(denied.getMessage().contains("identity.read"), denied.getMessage());

        ok(apps.superexe.grant("org.example.kv", requested, "test"));
        assertEquals(Set.of("identity.read", "storage.kv"), apps.superexe.grants("org.example.kv"));
        String who =
                new String(
                        apps.superexe.call(
                                "org.example.kv",
                                "who",
                                new byte[0],
                                new CallContext("did:key:z6MkOwner", "owner")),
                        StandardCharsets.UTF_8);
        assertTrue(who.contains("did:key:z6MkOwner"), who);

        // Revoking later: the next instance loses the function.
        ok(apps.superexe.grant("org.example.kv", Set.of(Capability.of("storage.kv")), "test"));
        assertEquals(
                SandboxException.Kind.CAPABILITY_DENIED,
                assertThrows(
                                SandboxException.class,
                                () ->
                                        apps.superexe.call(
                                                "org.example.kv",
                                                "who",
                                                new byte[0],
                                                CallContext.ANONYMOUS))
                        .kind());
        assertEquals(Set.of("storage.kv"), apps.superexe.grants("org.example.kv"));
    }

    @Test
    void aTrustedMarketplaceVouchesForItsPublishers() throws Exception {
        PublisherKey stranger = KeyFiles.generate(PublisherKey.Type.ED25519, 0);
        PublisherKey market = KeyFiles.generate(PublisherKey.Type.SECP256K1, 1);
        Path endorsed = endorsedPkg("1.0.0", stranger, market);
        refused(apps.superexe.install(endorsed, "test"), Step.TRUST, "marketplace");
        apps.superexe.trustMarketplace(market.did().value(), "test");
        ok(apps.superexe.install(endorsed, "test"));
        assertEquals("1.0.0", version());

        // An endorsement by a marketplace the owner does not trust vouches for nothing.
        PublisherKey other = KeyFiles.generate(PublisherKey.Type.SECP256K1, 1);
        refused(
                apps.superexe.update(endorsedPkg("1.1.0", stranger, other), "test"),
                Step.TRUST,
                "not trusted");
        // A revoked marketplace neither.
        apps.superexe.revoke(market.did().value(), "compromised", "test");
        refused(
                apps.superexe.update(endorsedPkg("1.2.0", stranger, market), "test"),
                Step.TRUST,
                "revoked");
        assertEquals("1.0.0", version());
    }

    private Path endorsedPkg(String version, PublisherKey publisher, PublisherKey marketplace)
            throws Exception {
        Path file = apps.dir.resolve("endorsed-" + version + ".wapp");
        Files.write(
                file,
                new PackageBuilder(TestApps.APP, "Hello", version, publisher.did())
                        .entry("app.wasm")
                        .file("app.wasm", TestApps.versionWasm(version, true))
                        .build(publisher, marketplace));
        return file;
    }

    @Test
    void installingTwiceIsAVersionConflict() throws Exception {
        ok(apps.superexe.install(apps.pkg("1.0.0"), "test"));
        InstallResult r = apps.superexe.install(apps.pkg("1.0.0"), "test");
        refused(r, Step.VERSION, "already installed");
        refused(
                apps.superexe.rollback(TestApps.APP, null, "test"),
                Step.VERSION,
                "no earlier version");
        assertEquals("1.0.0", version());
    }
}
