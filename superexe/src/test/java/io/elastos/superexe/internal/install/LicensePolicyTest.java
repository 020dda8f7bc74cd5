// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.api.apps.AppState;
import io.elastos.api.audit.AuditEvent;
import io.elastos.api.audit.AuditLog;
import io.elastos.api.chain.ChainException;
import io.elastos.api.chain.LicenseChecker;
import io.elastos.api.chain.LicenseReceipt;
import io.elastos.api.chain.LicenseStandard;
import io.elastos.api.chain.LicenseTerms;
import io.elastos.api.chain.LicenseVerdict;
import io.elastos.api.chain.Royalty;
import io.elastos.api.runtime.CallContext;
import io.elastos.api.superexe.InstallResult;
import io.elastos.api.superexe.InstallResult.Step;
import io.elastos.superexe.internal.license.LicensePolicy;
import io.elastos.superexe.internal.license.LicenseRecord;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The license policy with the real installer, Derby and runtime, and a scripted license checker
 * ({@code LicenseLifecycleChainTest} runs the same path against a real chain).
 */
class LicensePolicyTest {
    static final String WALLET = "0x" + "a1".repeat(20);
    static final LicenseTerms TERMS =
            new LicenseTerms(20, "0x" + "c0".repeat(20), LicenseStandard.ERC721, BigInteger.TEN);

    @TempDir Path dir;
    TestApps apps;
    final ScriptedChecker chain = new ScriptedChecker();
    final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T00:00:00Z"));
    final List<AuditEvent> audit = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() throws Exception {
        apps = new TestApps(dir);
        apps.licenseChecker = chain;
        apps.wallets = List.of(WALLET);
        apps.licenseClock = clock;
        apps.licenseSettings =
                new LicensePolicy.Settings(
                        Duration.ofMinutes(10),
                        Duration.ofHours(1),
                        Duration.ofDays(3),
                        Duration.ofMinutes(1));
        apps.restart();
        apps.superexe.setAuditLog(
                new AuditLog() {
                    @Override
                    public void record(AuditEvent event) {
                        audit.add(event);
                    }

                    @Override
                    public List<AuditEvent> query(Instant since, int limit) {
                        return List.copyOf(audit);
                    }
                });
    }

    @AfterEach
    void close() {
        apps.close();
    }

    private InstallResult install() throws Exception {
        return apps.superexe.install(
                apps.pkg("1.0.0", true, Set.of(), TERMS, apps.publisher), "test");
    }

    private String call() throws Exception {
        return new String(
                apps.superexe.call(TestApps.APP, "version", new byte[0], CallContext.ANONYMOUS),
                StandardCharsets.UTF_8);
    }

    private LicenseRecord recheck() throws Exception {
        return apps.superexe.licenses().recheck(TestApps.APP).orElseThrow();
    }

    private boolean audited(String action) {
        return audit.stream().anyMatch(e -> e.action().equals(action));
    }

    @Test
    void aLicenseNotHeldOrUncheckableRefusesTheInstall() throws Exception {
        chain.verdict = chain.invalid("token #10 is held by someone else");
        InstallResult r = install();
        assertFalse(r.success());
        assertEquals(Step.LICENSE, r.failedStep());
        assertTrue(r.message().contains("license not held: token #10"), r.message());

        chain.failure = new ChainException("chain 20 unreachable at rpc: timeout", true);
        r = install();
        assertEquals(Step.LICENSE, r.failedStep());
        assertTrue(r.message().startsWith("cannot check the license: chain 20 unreachable"));
        assertTrue(r.message().contains("add a license receipt"), r.message());

        chain.failure = new ChainException("does not implement ERC-721", false);
        r = install();
        assertTrue(r.message().contains("does not implement ERC-721"), r.message());
        assertTrue(apps.superexe.list().isEmpty());
    }

    @Test
    void aLapsedLicenseSuspendsAfterItsGraceAndResumesByItself() throws Exception {
        chain.verdict = chain.valid();
        assertTrue(install().success());
        LicenseRecord r = apps.superexe.license(TestApps.APP).orElseThrow();
        assertEquals("valid", r.status());
        assertEquals(WALLET, r.holder());

        chain.verdict = chain.invalid("token #10 is held by 0xbuyer");
        assertEquals("lapsed", recheck().status());
        assertEquals("1.0.0", call(), "still running within the grace period");
        assertTrue(audited("license.lapsed"));

        clock.move(Duration.ofMinutes(59));
        assertEquals("lapsed", recheck().status());
        assertEquals("1.0.0", call());

        clock.move(Duration.ofMinutes(2));
        LicenseRecord suspended = recheck();
        assertEquals("suspended", suspended.status());
        assertEquals(AppState.SUSPENDED, apps.superexe.get(TestApps.APP).orElseThrow().state());
        assertThrows(IllegalStateException.class, this::call);
        assertTrue(audited("license.suspend"));

        chain.verdict = chain.valid();
        assertEquals("valid", recheck().status());
        assertEquals("1.0.0", call(), "resumed by itself");
        assertEquals(AppState.RUNNING, apps.superexe.get(TestApps.APP).orElseThrow().state());
        assertTrue(audited("license.resume"));
    }

    @Test
    void anUnreachableChainKeepsTheLastVerdictUntilTheOfflineGraceEnds() throws Exception {
        chain.verdict = chain.valid();
        assertTrue(install().success());
        chain.failure = new ChainException("chain 20 unreachable: connection refused", true);
        LicenseRecord r = recheck();
        assertEquals("unreachable", r.status());
        assertTrue(r.valid(), "the last verdict holds");
        assertTrue(audited("license.unreachable"));
        clock.move(Duration.ofDays(3).minusMinutes(1));
        recheck();
        assertEquals("1.0.0", call(), "a network outage within the grace never flips the app");
        clock.move(Duration.ofMinutes(2));
        assertEquals("suspended", recheck().status());
        assertThrows(IllegalStateException.class, this::call);

        chain.failure = null;
        chain.verdict = chain.valid();
        assertEquals("valid", recheck().status());
        assertEquals("1.0.0", call());
    }

    @Test
    void theOwnersSuspensionIsNotUndoneByTheLicenseAndResumeNeedsTheLicense() throws Exception {
        chain.verdict = chain.valid();
        assertTrue(install().success());
        assertTrue(apps.superexe.suspend(TestApps.APP, "owner").success());
        recheck();
        assertEquals(AppState.SUSPENDED, apps.superexe.get(TestApps.APP).orElseThrow().state());

        chain.verdict = chain.invalid("token #10 was sold");
        InstallResult resume = apps.superexe.resume(TestApps.APP, "owner");
        assertFalse(resume.success());
        assertEquals(Step.LICENSE, resume.failedStep());
        chain.verdict = chain.valid();
        assertTrue(apps.superexe.resume(TestApps.APP, "owner").success());
        assertEquals("1.0.0", call());
    }

    @Test
    void aStoredReceiptProvesTheLicenseWhileTheChainIsUnreachable() throws Exception {
        chain.failure = new ChainException("chain 20 unreachable", true);
        String receipt =
                """
                {"appId":"org.example.hello","holder":"%s","chainId":20,
                 "contract":"%s","tokenId":"10","expiresAt":%d,"signature":"0x%s"}
                """
                        .formatted(
                                WALLET,
                                TERMS.contract(),
                                clock.instant().getEpochSecond() + 86_400,
                                "11".repeat(65));
        Optional<LicenseVerdict> stored =
                apps.superexe.addReceipt(receipt.getBytes(StandardCharsets.UTF_8), "owner");
        assertTrue(stored.isEmpty(), "not installed yet: stored, checked at install");
        assertTrue(install().success());
        assertTrue(
                apps.superexe.license(TestApps.APP).orElseThrow().reason().startsWith("receipt"));

        assertThrows(
                IllegalArgumentException.class,
                () ->
                        apps.superexe.addReceipt(
                                "{\"appId\":1}".getBytes(StandardCharsets.UTF_8), "o"));
        assertThrows(
                IllegalArgumentException.class,
                () -> apps.superexe.addReceipt(new byte[5000], "owner"));
    }

    @Test
    void theRecordSurvivesARestartAndRemovalForgetsIt() throws Exception {
        chain.verdict = chain.valid();
        assertTrue(install().success());
        chain.verdict = chain.invalid("sold");
        clock.move(Duration.ofHours(2));
        recheck();
        clock.move(Duration.ofHours(2));
        assertEquals("suspended", recheck().status());
        apps.restart();
        assertEquals("suspended", apps.superexe.license(TestApps.APP).orElseThrow().status());
        assertThrows(IllegalStateException.class, this::call);
        assertTrue(apps.superexe.remove(TestApps.APP, false, "owner").success());
        assertTrue(apps.superexe.license(TestApps.APP).isEmpty());
    }

    /** A license checker whose answers the test sets. */
    final class ScriptedChecker implements LicenseChecker {
        volatile LicenseVerdict verdict;
        volatile ChainException failure;

        LicenseVerdict valid() {
            return new LicenseVerdict(
                    true, WALLET + " owns token #10", null, clock.instant(), WALLET);
        }

        LicenseVerdict invalid(String reason) {
            return new LicenseVerdict(false, reason, null, clock.instant(), null);
        }

        @Override
        public LicenseVerdict check(LicenseTerms terms, List<String> wallets)
                throws ChainException {
            if (failure != null) {
                throw failure;
            }
            return verdict;
        }

        @Override
        public boolean supports(long chainId) {
            return true;
        }

        @Override
        public LicenseVerdict checkReceipt(
                LicenseTerms terms, String appId, LicenseReceipt receipt, List<String> wallets) {
            // The EIP-712 signature is checked by the chain bundle (ReceiptCheckTest); here
            // only the binding to the app and the wallet matters.
            boolean ok = receipt.appId().equals(appId) && wallets.contains(receipt.holder());
            return new LicenseVerdict(
                    ok,
                    ok ? "receipt for " + receipt.holder() : "receipt for another app or wallet",
                    ok ? receipt.expiresAt() : null,
                    clock.instant(),
                    ok ? receipt.holder() : null);
        }

        @Override
        public Optional<Royalty> royalty(LicenseTerms terms) {
            return Optional.empty();
        }

        @Override
        public void forget() {}
    }

    /** A clock the test moves forward. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            now = start;
        }

        void move(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
