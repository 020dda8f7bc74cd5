// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.license;

import io.elastos.api.chain.ChainException;
import io.elastos.api.chain.LicenseChecker;
import io.elastos.api.chain.LicenseTerms;
import io.elastos.api.chain.LicenseVerdict;
import io.elastos.api.chain.Royalty;
import java.lang.System.Logger.Level;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * SuperEXE's license policy: a licensed app is installed only while the owner holds its license (on
 * chain, or by a stored receipt), and is re-checked on a schedule. A license that lapses suspends
 * the app after a grace period; an app suspended this way resumes by itself when the license is
 * valid again. When the chain cannot be reached, the last verdict holds until the offline grace
 * period ends, so a network blip never flips an app.
 */
public final class LicensePolicy implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LicensePolicy.class.getName());
    private static final String ACTOR = "license";

    /**
     * How often licenses are re-checked and how long lapses are tolerated.
     *
     * @param recheck the interval between checks of one app
     * @param grace how long a lapsed license keeps its app running
     * @param offlineGrace how long a valid verdict holds while the chain cannot be reached
     * @param retry how soon a check that could not reach the chain is tried again
     */
    public record Settings(
            Duration recheck, Duration grace, Duration offlineGrace, Duration retry) {
        /** The defaults: every 10 minutes, 1 hour of grace, 3 days offline, retry each minute. */
        public static final Settings DEFAULT =
                new Settings(
                        Duration.ofMinutes(10),
                        Duration.ofHours(1),
                        Duration.ofDays(3),
                        Duration.ofMinutes(1));
    }

    /** Suspends and resumes apps on the policy's behalf; implemented by the installer. */
    public interface AppSwitch {
        /** Stops serving the app, keeping it installed. */
        void suspendForLicense(String appId, String reason) throws Exception;

        /** Serves the app again. */
        void resumeForLicense(String appId) throws Exception;
    }

    /**
     * The answer for one app now.
     *
     * @param verdict the valid or invalid verdict, or {@code null} if no answer came
     * @param unreachable whether the chain (or the chain bundle) could not be asked
     * @param message why, in one line
     */
    public record Outcome(LicenseVerdict verdict, boolean unreachable, String message) {
        /** Whether the owner holds the license now. */
        public boolean valid() {
            return verdict != null && verdict.valid();
        }
    }

    private final LicenseRepository repo;
    private final Supplier<LicenseChecker> checker;
    private final Supplier<List<String>> wallets;
    private final LicenseEvents events;
    private final Clock clock;
    private volatile Settings settings;
    private volatile AppSwitch apps;
    private final ReentrantLock rechecking = new ReentrantLock();
    private final Map<String, Instant> lastAttempt = new ConcurrentHashMap<>();
    private ScheduledExecutorService scheduler;

    public LicensePolicy(
            LicenseRepository repo,
            Supplier<LicenseChecker> checker,
            Supplier<List<String>> wallets,
            LicenseEvents events,
            Clock clock,
            Settings settings) {
        this.repo = repo;
        this.checker = checker;
        this.wallets = wallets;
        this.events = events;
        this.clock = clock;
        this.settings = settings;
    }

    public void setApps(AppSwitch apps) {
        this.apps = apps;
    }

    public void setSettings(Settings settings) {
        this.settings = Objects.requireNonNull(settings);
    }

    public LicenseRepository repository() {
        return repo;
    }

    /**
     * Checks the license of an app: on chain first, then by its stored receipt.
     *
     * @param appId the app
     * @param terms the license its manifest names
     */
    public Outcome evaluate(String appId, LicenseTerms terms) {
        LicenseChecker c = checker.get();
        if (c == null) {
            return new Outcome(
                    null, true, "license checks are unavailable: the chain bundle is not running");
        }
        List<String> owned = wallets.get();
        LicenseVerdict onChain = null;
        ChainException failure = null;
        try {
            onChain = c.check(terms, owned);
        } catch (ChainException e) {
            failure = e;
        }
        if (onChain != null && onChain.valid()) {
            return new Outcome(onChain, false, onChain.reason());
        }
        String receiptProblem = null;
        try {
            Optional<String> text = repo.receipt(appId);
            if (text.isPresent()) {
                LicenseVerdict byReceipt =
                        c.checkReceipt(terms, appId, ReceiptJson.parse(text.get()), owned);
                if (byReceipt.valid()) {
                    return new Outcome(byReceipt, false, byReceipt.reason());
                }
                receiptProblem = byReceipt.reason();
            }
        } catch (SQLException | IllegalArgumentException e) {
            receiptProblem = "the stored receipt cannot be read: " + e.getMessage();
        }
        String suffix = receiptProblem == null ? "" : "; stored receipt: " + receiptProblem;
        if (onChain != null) {
            return new Outcome(onChain, false, onChain.reason() + suffix);
        }
        if (failure.unreachable()) {
            return new Outcome(
                    null,
                    true,
                    failure.getMessage()
                            + suffix
                            + (receiptProblem == null
                                    ? "; connect the node to the chain or add a license receipt"
                                    : ""));
        }
        // The chain answered, but not as the standard requires: the terms are wrong.
        LicenseVerdict refused =
                new LicenseVerdict(false, failure.getMessage(), null, clock.instant(), null);
        return new Outcome(refused, false, failure.getMessage() + suffix);
    }

    /** The royalty the license contract declares, as one line; {@code null} if none or unknown. */
    public String royalty(LicenseTerms terms) {
        LicenseChecker c = checker.get();
        if (c == null) {
            return null;
        }
        try {
            return c.royalty(terms).map(Royalty::toString).orElse(null);
        } catch (ChainException | RuntimeException e) {
            return null;
        }
    }

    /** Records the valid outcome that let an app be installed, updated or resumed. */
    public void admitted(String appId, LicenseTerms terms, Outcome o) throws SQLException {
        LicenseVerdict v = o.verdict();
        repo.save(
                new LicenseRecord(
                        appId,
                        terms,
                        true,
                        o.message(),
                        v.holder(),
                        v.expiresAt(),
                        clock.instant(),
                        null,
                        false,
                        false,
                        royalty(terms)));
        lastAttempt.put(appId, clock.instant());
        events.allowed(ACTOR, "license.valid", appId, o.message());
    }

    /** Forgets an app's license record, when it is removed or its new version is free. */
    public void forget(String appId) throws SQLException {
        repo.delete(appId);
        lastAttempt.remove(appId);
    }

    /** The owner suspended the app: the policy must not resume it by itself. */
    public void ownerSuspended(String appId) throws SQLException {
        Optional<LicenseRecord> r = repo.find(appId);
        if (r.isPresent() && r.get().suspended()) {
            repo.save(with(r.get(), r.get().valid(), r.get().reason(), false));
        }
    }

    public Optional<LicenseRecord> record(String appId) {
        try {
            return repo.find(appId);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the license of " + appId, e);
        }
    }

    /**
     * Checks one app's license now and applies the policy: suspends it once its grace is over,
     * resumes it if the license policy had suspended it and the license is valid again.
     *
     * @return the updated record, or empty if the app has no license
     */
    public Optional<LicenseRecord> recheck(String appId) throws SQLException {
        rechecking.lock();
        try {
            Optional<LicenseRecord> found = repo.find(appId);
            if (found.isEmpty()) {
                return found;
            }
            LicenseRecord r = found.get();
            Outcome o = evaluate(appId, r.terms());
            Instant now = clock.instant();
            lastAttempt.put(appId, now);
            LicenseRecord next;
            if (o.valid()) {
                next = valid(r, o, now);
            } else if (o.unreachable()) {
                next = unreachable(r, o, now);
            } else {
                next = lapsed(r, o, now);
            }
            repo.save(next);
            return Optional.of(next);
        } finally {
            rechecking.unlock();
        }
    }

    /** Re-checks every licensed app that is due. */
    public void recheckDue() {
        Instant now = clock.instant();
        Settings s = settings;
        List<LicenseRecord> all;
        try {
            all = repo.all();
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "cannot read license records: {0}", e.getMessage());
            return;
        }
        for (LicenseRecord r : all) {
            Instant last = lastAttempt.getOrDefault(r.appId(), Instant.EPOCH);
            boolean due =
                    !now.isBefore(last.plus(r.unreachable() ? s.retry() : s.recheck()))
                            || (r.expiresAt() != null && !now.isBefore(r.expiresAt()))
                            || (r.problemSince() != null && !r.suspended());
            if (due) {
                try {
                    recheck(r.appId());
                } catch (SQLException | RuntimeException e) {
                    LOG.log(Level.WARNING, "license re-check of {0} failed: {1}", r.appId(), e);
                }
            }
        }
    }

    /** Starts the scheduled re-checks on one daemon thread. */
    public synchronized void start(Duration tick) {
        if (scheduler != null) {
            return;
        }
        scheduler =
                Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "elastos-license-checks");
                    t.setDaemon(true);
                    return t;
                });
        long ms = Math.max(1000, tick.toMillis());
        scheduler.scheduleWithFixedDelay(this::recheckDue, ms, ms, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    private LicenseRecord valid(LicenseRecord r, Outcome o, Instant now) {
        LicenseVerdict v = o.verdict();
        if (r.suspended()) {
            try {
                apps.resumeForLicense(r.appId());
                events.allowed(ACTOR, "license.resume", r.appId(), o.message());
            } catch (Exception e) {
                events.failed(ACTOR, "license.resume", r.appId(), String.valueOf(e));
                return new LicenseRecord(
                        r.appId(),
                        r.terms(),
                        true,
                        o.message(),
                        v.holder(),
                        v.expiresAt(),
                        now,
                        null,
                        false,
                        true,
                        r.royalty());
            }
        } else if (!r.valid() || r.unreachable()) {
            events.allowed(ACTOR, "license.valid", r.appId(), o.message());
        }
        return new LicenseRecord(
                r.appId(),
                r.terms(),
                true,
                o.message(),
                v.holder(),
                v.expiresAt(),
                now,
                null,
                false,
                false,
                r.royalty());
    }

    private LicenseRecord unreachable(LicenseRecord r, Outcome o, Instant now) {
        Instant since = r.problemSince() != null ? r.problemSince() : now;
        if (!r.unreachable()) {
            events.failed(ACTOR, "license.unreachable", r.appId(), o.message());
        }
        // A valid verdict holds through the offline grace, but never past its own expiry.
        boolean heldValid = r.valid() && (r.expiresAt() == null || now.isBefore(r.expiresAt()));
        Duration grace = heldValid ? settings.offlineGrace() : settings.grace();
        boolean suspended = r.suspended();
        if (!suspended && !now.isBefore(since.plus(grace))) {
            suspended =
                    suspend(
                            r.appId(),
                            "the chain has been unreachable since "
                                    + since
                                    + " and the grace period is over: "
                                    + o.message());
        }
        return new LicenseRecord(
                r.appId(),
                r.terms(),
                r.valid(),
                o.message(),
                r.holder(),
                r.expiresAt(),
                r.checkedAt(),
                since,
                true,
                suspended,
                r.royalty());
    }

    private LicenseRecord lapsed(LicenseRecord r, Outcome o, Instant now) {
        // The lapse starts when first seen; a lapse seen after an outage dates from the outage.
        Instant since = r.valid() && !r.unreachable() ? now : orNow(r.problemSince(), now);
        if (r.valid()) {
            events.denied(ACTOR, "license.lapsed", r.appId(), o.message());
        }
        boolean suspended = r.suspended();
        if (!suspended && !now.isBefore(since.plus(settings.grace()))) {
            suspended = suspend(r.appId(), o.message());
        }
        return new LicenseRecord(
                r.appId(),
                r.terms(),
                false,
                o.message(),
                null,
                null,
                now,
                since,
                false,
                suspended,
                r.royalty());
    }

    private boolean suspend(String appId, String reason) {
        try {
            apps.suspendForLicense(appId, reason);
            events.denied(ACTOR, "license.suspend", appId, reason);
            return true;
        } catch (Exception e) {
            events.failed(ACTOR, "license.suspend", appId, String.valueOf(e));
            return false;
        }
    }

    private static LicenseRecord with(LicenseRecord r, boolean valid, String reason, boolean s) {
        return new LicenseRecord(
                r.appId(),
                r.terms(),
                valid,
                reason,
                r.holder(),
                r.expiresAt(),
                r.checkedAt(),
                r.problemSince(),
                r.unreachable(),
                s,
                r.royalty());
    }

    private static Instant orNow(Instant t, Instant now) {
        return t == null ? now : t;
    }
}
