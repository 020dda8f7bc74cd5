// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.api.apps.AppState;
import io.elastos.api.chain.LicenseStandard;
import io.elastos.api.chain.LicenseTerms;
import io.elastos.api.runtime.CallContext;
import io.elastos.api.superexe.InstallResult;
import io.elastos.chain.internal.Web3jLicenseChecker;
import io.elastos.chain.testing.LocalChain;
import io.elastos.superexe.internal.license.LicensePolicy;
import io.elastos.superexe.internal.license.LicenseRecord;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The license policy end to end with the real chain bundle against a real local chain: rentals that
 * end, subscriptions renewed before and after expiry, and the chain going away.
 */
class LicenseLifecycleChainTest {
    static LocalChain chain;
    static Web3jLicenseChecker checker;
    static String owner;

    @TempDir Path dir;
    TestApps apps;
    final LicensePolicyTest.MovableClock clock =
            new LicensePolicyTest.MovableClock(Instant.parse("2026-03-01T00:00:00Z"));

    @BeforeAll
    static void startChain() throws Exception {
        chain = LocalChain.start();
        checker = new Web3jLicenseChecker();
        checker.configure(
                chain.chainId() + "=" + chain.rpcUrl(),
                Duration.ofSeconds(2),
                2,
                50,
                Duration.ZERO);
        owner = chain.account(1).address().toLowerCase(Locale.ROOT);
    }

    @AfterAll
    static void stopChain() {
        if (checker != null) {
            checker.deactivate();
        }
        if (chain != null) {
            chain.close();
        }
    }

    @BeforeEach
    void open() throws Exception {
        apps = new TestApps(dir);
        apps.licenseChecker = checker;
        apps.wallets = List.of(owner);
        apps.licenseClock = clock;
        apps.licenseSettings =
                new LicensePolicy.Settings(
                        Duration.ofMinutes(10),
                        Duration.ofHours(1),
                        Duration.ofDays(3),
                        Duration.ofMinutes(1));
        apps.restart();
    }

    @AfterEach
    void close() {
        apps.close();
    }

    private InstallResult install(LicenseStandard standard, int token) throws Exception {
        LicenseTerms t =
                new LicenseTerms(
                        chain.chainId(),
                        chain.contract("rental"),
                        standard,
                        BigInteger.valueOf(token));
        return apps.superexe.install(apps.pkg("1.0.0", true, Set.of(), t, apps.publisher), "test");
    }

    private LicenseRecord recheck() throws Exception {
        return apps.superexe.recheckLicense(TestApps.APP).orElseThrow();
    }

    private String call() throws Exception {
        return new String(
                apps.superexe.call(TestApps.APP, "version", new byte[0], CallContext.ANONYMOUS),
                StandardCharsets.UTF_8);
    }

    private AppState state() {
        return apps.superexe.get(TestApps.APP).orElseThrow().state();
    }

    @Test
    void subscriptionRenewedBeforeExpiryHasNoGapAndAfterExpiryResumes() throws Exception {
        chain.send(0, "rental", "mint(address,uint256)", owner, "401");
        chain.send(1, "rental", "renewSubscription(uint256,uint64)", "401", "3600");
        InstallResult r = install(LicenseStandard.ERC5643, 401);
        assertTrue(r.success(), r.message());

        chain.increaseTime(1800);
        chain.send(1, "rental", "renewSubscription(uint256,uint64)", "401", "3600");
        chain.increaseTime(2400); // past the first end, within the renewal
        LicenseRecord renewed = recheck();
        assertEquals("valid", renewed.status(), renewed.reason());
        assertTrue(renewed.problemSince() == null, "never lapsed");
        assertEquals("1.0.0", call());

        chain.increaseTime(3600); // past the renewal too
        LicenseRecord lapsed = recheck();
        assertEquals("lapsed", lapsed.status());
        assertTrue(lapsed.reason().contains("expired"), lapsed.reason());
        assertEquals("1.0.0", call(), "within the grace period");
        clock.move(Duration.ofMinutes(61));
        assertEquals("suspended", recheck().status());
        assertThrows(IllegalStateException.class, this::call);

        chain.send(1, "rental", "renewSubscription(uint256,uint64)", "401", "3600");
        assertEquals("valid", recheck().status());
        assertEquals(AppState.RUNNING, state());
        assertEquals("1.0.0", call());
    }

    @Test
    void aRentalRunsForTheRenterUntilItEnds() throws Exception {
        chain.send(0, "rental", "mint(address,uint256)", chain.account(6).address(), "402");
        chain.send(
                6,
                "rental",
                "setUser(uint256,address,uint64)",
                "402",
                owner,
                Long.toString(chain.now() + 600));
        InstallResult r = install(LicenseStandard.ERC4907, 402);
        assertTrue(r.success(), r.message());
        LicenseRecord rented = apps.superexe.license(TestApps.APP).orElseThrow();
        assertEquals(owner, rented.holder());
        assertTrue(rented.expiresAt() != null, "a rental has an end");

        chain.increaseTime(601);
        assertEquals("lapsed", recheck().status());
        clock.move(Duration.ofHours(2));
        assertEquals("suspended", recheck().status());

        chain.send(
                6,
                "rental",
                "setUser(uint256,address,uint64)",
                "402",
                owner,
                Long.toString(chain.now() + 600));
        assertEquals("valid", recheck().status());
        assertEquals("1.0.0", call());
    }

    @Test
    void theLastVerdictHoldsWhileTheChainIsDownUntilTheOfflineGraceEnds() throws Exception {
        chain.send(0, "rental", "mint(address,uint256)", owner, "403");
        assertTrue(install(LicenseStandard.ERC4907, 403).success());
        chain.pause();
        try {
            LicenseRecord down = recheck();
            assertEquals("unreachable", down.status(), down.reason());
            assertEquals("1.0.0", call());
            clock.move(Duration.ofDays(2));
            recheck();
            assertEquals("1.0.0", call(), "two days offline: still running");
            clock.move(Duration.ofDays(1).plusMinutes(1));
            assertEquals("suspended", recheck().status());
            assertThrows(IllegalStateException.class, this::call);
            InstallResult refused = apps.superexe.resume(TestApps.APP, "owner");
            assertTrue(!refused.success() && refused.message().contains("unreachable"));
        } finally {
            chain.resume();
        }
        assertEquals("valid", recheck().status());
        assertEquals("1.0.0", call());
    }
}
