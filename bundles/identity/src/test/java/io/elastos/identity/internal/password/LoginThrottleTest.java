// SPDX-License-Identifier: Apache-2.0
package io.elastos.identity.internal.password;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private static final String HOME = "192.168.1.20";
    private static final String ATTACKER = "203.0.113.66";

    private final MutableClock clock = new MutableClock();
    private final LoginThrottle throttle = new LoginThrottle(clock);

    @Test
    void theSixthAttemptOnAnAccountIsBlocked() {
        for (int i = 1; i <= 5; i++) {
            assertEquals(Optional.empty(), throttle.blocked("alice", ATTACKER), "attempt " + i);
            throttle.failed("alice", ATTACKER);
        }

        assertEquals(Optional.of(Duration.ofSeconds(1)), throttle.blocked("alice", ATTACKER));
        clock.advance(Duration.ofMillis(999));
        assertEquals(Optional.of(Duration.ofMillis(1)), throttle.blocked("alice", ATTACKER));
        clock.advance(Duration.ofMillis(1));
        assertEquals(Optional.empty(), throttle.blocked("alice", ATTACKER));
    }

    @Test
    void theLockDoublesWithEachFailureUpToFifteenMinutes() {
        // A fresh address per attempt, as from a botnet, so only the account lock is measured.
        for (int i = 0; i < 5; i++) {
            throttle.failed("alice", "198.51.100." + i);
        }
        long[] expectedSeconds = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900};
        for (int i = 0; i < expectedSeconds.length; i++) {
            String address = "198.51.100." + (5 + i);
            Duration wait = throttle.blocked("alice", address).orElseThrow();
            assertEquals(Duration.ofSeconds(expectedSeconds[i]), wait, "after " + (5 + i));
            clock.advance(wait);
            assertEquals(Optional.empty(), throttle.blocked("alice", address));
            throttle.failed("alice", address);
        }
        assertEquals(Duration.ofMinutes(15), throttle.blocked("alice", HOME).orElseThrow());
    }

    @Test
    void aSuccessResetsTheAccount() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("alice", HOME);
        }
        throttle.succeeded("alice", HOME);
        assertEquals(0, throttle.accountFailures("alice"));

        for (int i = 0; i < 4; i++) {
            throttle.failed("alice", HOME);
        }
        assertEquals(Optional.empty(), throttle.blocked("alice", HOME), "4 since the success");
        throttle.failed("alice", HOME);
        assertTrue(throttle.blocked("alice", HOME).isPresent());
    }

    @Test
    void aSuccessAfterALockStartsTheBackoffAgainFromOneSecond() {
        for (int i = 0; i < 8; i++) {
            clock.advance(throttle.blocked("alice", "198.51.100." + i).orElse(Duration.ZERO));
            throttle.failed("alice", "198.51.100." + i);
        }
        clock.advance(throttle.blocked("alice", HOME).orElseThrow());
        throttle.succeeded("alice", HOME);
        for (int i = 0; i < 5; i++) {
            throttle.failed("alice", HOME);
        }
        assertEquals(Duration.ofSeconds(1), throttle.blocked("alice", HOME).orElseThrow());
    }

    @Test
    void aSuccessDoesNotWashAwayAnAddressesFailuresOnOtherAccounts() {
        for (int i = 0; i < 9; i++) {
            throttle.failed("victim" + i, ATTACKER);
        }
        // The attacker logs in to an account of their own...
        throttle.succeeded("mallory", ATTACKER);
        // ...and the tenth failure still locks their address.
        throttle.failed("victim9", ATTACKER);
        assertEquals(Duration.ofSeconds(1), throttle.blocked("anyone", ATTACKER).orElseThrow());
    }

    @Test
    void sprayingManyAccountsFromOneAddressIsBlocked() {
        for (int i = 0; i < 10; i++) {
            assertEquals(Optional.empty(), throttle.blocked("user" + i, ATTACKER));
            throttle.failed("user" + i, ATTACKER);
        }
        assertTrue(throttle.blocked("user10", ATTACKER).isPresent(), "the 11th is blocked");

        // An attacker who waits out every lock still gets only a handful of guesses an hour.
        int attempts = 10;
        long end = clock.millis() + Duration.ofHours(1).toMillis();
        while (clock.millis() < end) {
            Optional<Duration> wait = throttle.blocked("user" + attempts, ATTACKER);
            if (wait.isPresent()) {
                clock.advance(wait.get());
            } else {
                throttle.failed("user" + attempts, ATTACKER);
                attempts++;
            }
        }
        assertTrue(attempts <= 25, attempts + " guesses in the first hour");
    }

    @Test
    void theAddressCapCountsEveryAttemptWhateverTheAccount() {
        // Failure locks out of the way, to see the cap alone: credential stuffing with a list
        // of leaked pairs mostly succeeds or fails once per account, never locking either.
        LoginThrottle capOnly =
                new LoginThrottle(
                        clock,
                        new LoginThrottle.Policy(
                                5,
                                1_000,
                                Duration.ofSeconds(1),
                                Duration.ofMinutes(15),
                                30,
                                Duration.ofHours(1),
                                10_000));
        for (int i = 0; i < 30; i++) {
            assertEquals(Optional.empty(), capOnly.blocked("user" + i, ATTACKER), "attempt " + i);
            if (i % 2 == 0) {
                capOnly.failed("user" + i, ATTACKER);
            } else {
                capOnly.succeeded("user" + i, ATTACKER);
            }
            clock.advance(Duration.ofSeconds(1));
        }

        // 30 attempts from 0 s to 29 s: the 31st waits until the first is a minute old.
        assertEquals(Duration.ofSeconds(30), capOnly.blocked("user30", ATTACKER).orElseThrow());
        assertEquals(Optional.empty(), capOnly.blocked("user30", HOME), "other addresses");
        clock.advance(Duration.ofSeconds(30));
        assertEquals(Optional.empty(), capOnly.blocked("user30", ATTACKER));
        capOnly.failed("user30", ATTACKER);
        assertEquals(Duration.ofSeconds(1), capOnly.blocked("user31", ATTACKER).orElseThrow());
    }

    @Test
    void anAttackersAddressLockDoesNotReachOthersButTheirAccountLockDoes() {
        for (int i = 0; i < 10; i++) {
            throttle.failed("user" + i, ATTACKER);
        }
        assertTrue(throttle.blocked("user3", ATTACKER).isPresent());
        assertEquals(
                Optional.empty(),
                throttle.blocked("user3", HOME),
                "user3 had one failure; the lock is on the attacker's address");

        // The accepted trade-off: failing five times on someone's account locks it for them
        // too. Locks are short and capped so this is a nuisance, not a permanent lock-out.
        for (int i = 0; i < 5; i++) {
            throttle.failed("carol", "198.51.100." + i);
        }
        assertEquals(Duration.ofSeconds(1), throttle.blocked("carol", HOME).orElseThrow());
    }

    @Test
    void failuresAreForgottenAfterAQuietHour() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("alice", HOME);
        }
        clock.advance(Duration.ofMinutes(59));
        assertEquals(4, throttle.accountFailures("alice"));
        clock.advance(Duration.ofMinutes(1));
        assertEquals(0, throttle.accountFailures("alice"));

        throttle.failed("alice", HOME);
        assertEquals(Optional.empty(), throttle.blocked("alice", HOME));
        assertEquals(2, throttle.trackedKeys(), "the stale entries were replaced, not added");
    }

    @Test
    void memoryStaysBoundedUnderFiftyThousandKeysAndExistingLocksSurvive() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("alice", HOME);
        }
        for (int i = 0; i < 50_000; i++) {
            throttle.failed("flood" + i, "10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + i);
            assertTrue(throttle.trackedKeys() <= 10_000);
        }
        assertEquals(10_000, throttle.trackedKeys());
        assertTrue(
                throttle.blocked("alice", ATTACKER).isPresent(),
                "flooding new names must not evict a lock");
    }

    @Test
    void memoryStaysBoundedEvenWhenEveryKeyIsLocked() {
        LoginThrottle strict =
                new LoginThrottle(
                        clock,
                        new LoginThrottle.Policy(
                                1,
                                1,
                                Duration.ofSeconds(1),
                                Duration.ofMinutes(15),
                                30,
                                Duration.ofHours(1),
                                1_000));
        for (int i = 0; i < 50_000; i++) {
            strict.failed("flood" + i, "address" + i);
        }
        assertEquals(1_000, strict.trackedKeys());
    }

    @Test
    void askingDoesNotTrackAnything() {
        for (int i = 0; i < 1_000; i++) {
            throttle.blocked("user" + i, "address" + i);
        }
        assertEquals(0, throttle.trackedKeys());
    }

    @Test
    void longNamesAreKeptAsADigestAndStillThrottled() {
        String huge = "x".repeat(1_000_000);
        for (int i = 0; i < 5; i++) {
            throttle.failed(huge + "a", HOME);
        }
        assertTrue(throttle.blocked(huge + "a", HOME).isPresent());
        assertEquals(Optional.empty(), throttle.blocked(huge + "b", HOME));
        assertEquals(5, throttle.accountFailures(huge + "a"));
    }

    @Test
    void aClockSetBackDoesNotStretchALockPastItsMaximum() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("alice", HOME);
        }
        clock.advance(Duration.ofDays(-1));
        Duration wait = throttle.blocked("alice", HOME).orElseThrow();
        assertTrue(wait.compareTo(Duration.ofMinutes(15)) <= 0, wait.toString());
    }

    @Test
    void concurrentFailuresAreAllCounted() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(
                        pool.submit(() -> {
                            for (int i = 0; i < 5_000; i++) {
                                throttle.failed("t" + thread + "-" + i, "a" + thread);
                                if (i % 50 == 0) {
                                    throttle.failed("shared", "b" + thread);
                                    throttle.blocked("shared", HOME);
                                }
                            }
                        }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(8 * 100, throttle.accountFailures("shared"));
        assertTrue(throttle.trackedKeys() <= 10_000);
    }

    @Test
    void unusablePoliciesAreRefused() {
        Duration s = Duration.ofSeconds(1);
        Duration m = Duration.ofMinutes(15);
        Duration h = Duration.ofHours(1);
        assertThrows(
                IllegalArgumentException.class,
                () -> new LoginThrottle.Policy(0, 10, s, m, 30, h, 10));
        assertThrows(
                IllegalArgumentException.class,
                () -> new LoginThrottle.Policy(5, 10, m, s, 30, h, 10));
        assertThrows(
                IllegalArgumentException.class,
                () -> new LoginThrottle.Policy(5, 10, s, m, 0, h, 10));
        assertThrows(
                IllegalArgumentException.class,
                () -> new LoginThrottle.Policy(5, 10, s, m, 30, s, 10));
        assertThrows(
                IllegalArgumentException.class,
                () -> new LoginThrottle.Policy(5, 10, s, m, 30, h, 1));
    }
}
