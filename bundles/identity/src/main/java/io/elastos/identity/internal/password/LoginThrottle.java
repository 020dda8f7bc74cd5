// SPDX-License-Identifier: Apache-2.0
package io.elastos.identity.internal.password;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Slows password guessing, per account and per client address.
 *
 * <ul>
 *   <li><b>Account:</b> after {@link Policy#accountFailures} consecutive failures the account is
 *       locked for {@link Policy#firstLock}, doubling with each further failure up to {@link
 *       Policy#maxLock}. A success resets it. This stops brute force on one account from any number
 *       of addresses.
 *   <li><b>Address:</b> the same backoff after {@link Policy#addressFailures} failures, whatever
 *       accounts they were for, plus a cap of {@link Policy#addressAttemptsPerMinute} attempts a
 *       minute. This stops one address spraying a common password over many accounts. A success
 *       does not reset the address: an attacker holding one valid account must not be able to wash
 *       away the failures it made against the others.
 * </ul>
 *
 * <p><b>Trade-off:</b> the account lock applies to every address, so anyone can keep a known
 * account locked by failing on it, denying its owner a login (while a lock on an attacker's own
 * address affects only that address). That is why locks are short and back off exponentially to a
 * cap instead of locking permanently: the attacker has to keep failing to keep the lock, each
 * failure costs them, and the owner gets in within {@link Policy#maxLock} of the attack stopping.
 * Failures are forgotten after {@link Policy#forgetFailuresAfter} without one.
 *
 * <p>Use: call {@link #blocked} before checking the password; when it returns a duration, refuse
 * without checking and without calling {@link #failed} (so waiting clients don't extend their own
 * lock). Otherwise check, then call {@link #failed} or {@link #succeeded}. Pass the address the
 * attacker can't vary cheaply: for IPv6 that is the /64 prefix, not the full address.
 *
 * <p>Thread-safe, with memory bounded by {@link Policy#maxKeys}: when full it drops an entry with
 * nothing left to remember, or else the least recently used one that isn't currently holding anyone
 * back, so flooding it with new names does not lift an existing lock. Account names and addresses
 * longer than {@value #MAX_KEY_CHARS} characters are kept as a digest.
 */
public final class LoginThrottle {

    /**
     * How strict the throttle is.
     *
     * @param accountFailures consecutive failures on an account before it is locked
     * @param addressFailures failures from one address before it is locked; higher than for an
     *     account because a household or office shares one address and its typos add up
     * @param firstLock the first lock
     * @param maxLock the longest lock, however many failures
     * @param addressAttemptsPerMinute attempts, failed or not, one address may make a minute
     * @param forgetFailuresAfter how long after the last failure a key's failures are forgotten; at
     *     least {@code maxLock}
     * @param maxKeys how many accounts and addresses are tracked at most
     */
    public record Policy(
            int accountFailures,
            int addressFailures,
            Duration firstLock,
            Duration maxLock,
            int addressAttemptsPerMinute,
            Duration forgetFailuresAfter,
            int maxKeys) {

        /** 5 failures per account, 10 per address, 1 s to 15 min, 30 a minute, 10 000 keys. */
        public static final Policy DEFAULT =
                new Policy(
                        5,
                        10,
                        Duration.ofSeconds(1),
                        Duration.ofMinutes(15),
                        30,
                        Duration.ofHours(1),
                        10_000);

        /** Checks the values are usable. */
        public Policy {
            if (accountFailures < 1 || addressFailures < 1) {
                throw new IllegalArgumentException("failure thresholds must be at least 1");
            }
            if (firstLock.toMillis() < 1 || maxLock.compareTo(firstLock) < 0) {
                throw new IllegalArgumentException("need 1 ms <= firstLock <= maxLock");
            }
            if (addressAttemptsPerMinute < 1 || addressAttemptsPerMinute > 10_000) {
                throw new IllegalArgumentException("addressAttemptsPerMinute must be 1..10000");
            }
            if (forgetFailuresAfter.compareTo(maxLock) < 0) {
                // Otherwise a key could be forgotten while still locked.
                throw new IllegalArgumentException("forgetFailuresAfter must be >= maxLock");
            }
            if (maxKeys < 2) {
                throw new IllegalArgumentException("maxKeys must be at least 2");
            }
        }
    }

    static final int MAX_KEY_CHARS = 128;

    private final Clock clock;
    private final Policy policy;
    private final long firstLock;
    private final long maxLock;
    private final long forgetAfter;

    /** Access-ordered, so iteration starts at the least recently used entry. */
    private final LinkedHashMap<String, ThrottleEntry> entries =
            new LinkedHashMap<>(256, 0.75f, true);

    /** A throttle with {@link Policy#DEFAULT} on the system clock. */
    public LoginThrottle() {
        this(Clock.systemUTC(), Policy.DEFAULT);
    }

    /** A throttle with {@link Policy#DEFAULT}. */
    public LoginThrottle(Clock clock) {
        this(clock, Policy.DEFAULT);
    }

    /** A throttle with the given policy. */
    public LoginThrottle(Clock clock, Policy policy) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.policy = Objects.requireNonNull(policy, "policy");
        firstLock = policy.firstLock().toMillis();
        maxLock = policy.maxLock().toMillis();
        forgetAfter = policy.forgetFailuresAfter().toMillis();
    }

    /**
     * How long until an attempt for {@code account} from {@code address} is allowed.
     *
     * @return the wait, or empty when the attempt may go ahead now
     */
    public Optional<Duration> blocked(String account, String address) {
        String accountKey = accountKey(account);
        String addressKey = addressKey(address);
        synchronized (entries) {
            long now = clock.millis();
            long wait = 0;
            ThrottleEntry a = live(accountKey, now);
            if (a != null) {
                wait = a.lockWait(now, maxLock);
            }
            ThrottleEntry i = live(addressKey, now);
            if (i != null) {
                wait = Math.max(wait, Math.max(i.lockWait(now, maxLock), i.rateWait(now)));
            }
            return wait > 0 ? Optional.of(Duration.ofMillis(wait)) : Optional.empty();
        }
    }

    /** Records a wrong password for {@code account} from {@code address}. */
    public void failed(String account, String address) {
        String accountKey = accountKey(account);
        String addressKey = addressKey(address);
        synchronized (entries) {
            long now = clock.millis();
            entry(accountKey, addressKey, 0, now)
                    .fail(now, policy.accountFailures(), firstLock, maxLock);
            ThrottleEntry i = entry(addressKey, accountKey, policy.addressAttemptsPerMinute(), now);
            i.fail(now, policy.addressFailures(), firstLock, maxLock);
            i.attempt(now);
        }
    }

    /**
     * Records a successful login: the account's failures are forgotten; the address's are not, but
     * the attempt counts towards its per-minute cap.
     */
    public void succeeded(String account, String address) {
        String accountKey = accountKey(account);
        String addressKey = addressKey(address);
        synchronized (entries) {
            long now = clock.millis();
            entries.remove(accountKey);
            entry(addressKey, accountKey, policy.addressAttemptsPerMinute(), now).attempt(now);
        }
    }

    /** How many accounts and addresses are tracked now. */
    int trackedKeys() {
        synchronized (entries) {
            return entries.size();
        }
    }

    /** The consecutive failures remembered for an account, for tests. */
    int accountFailures(String account) {
        synchronized (entries) {
            ThrottleEntry a = live(accountKey(account), clock.millis());
            return a == null ? 0 : a.failures();
        }
    }

    /** The entry for a key, or {@code null} when there is none or nothing left in it. */
    private ThrottleEntry live(String key, long now) {
        ThrottleEntry e = entries.get(key);
        if (e == null) {
            return null;
        }
        e.decay(now, forgetAfter);
        if (e.empty(now, maxLock)) {
            entries.remove(key);
            return null;
        }
        return e;
    }

    /** The entry for {@code key}, made if needed, evicting another (never {@code keep}). */
    private ThrottleEntry entry(String key, String keep, int attemptsPerMinute, long now) {
        ThrottleEntry e = entries.get(key);
        if (e != null) {
            e.decay(now, forgetAfter);
            return e;
        }
        if (entries.size() >= policy.maxKeys()) {
            evictOne(keep, now);
        }
        e = new ThrottleEntry(attemptsPerMinute);
        entries.put(key, e);
        return e;
    }

    /**
     * Drops the least recently used entry that is empty or not holding anyone back; only when every
     * entry is holding, the least recently used one. Under a flood of new names the oldest entries
     * are the flood's own, so the scan stops almost at once.
     */
    private void evictOne(String keep, long now) {
        String victim = null;
        for (Iterator<Map.Entry<String, ThrottleEntry>> it = entries.entrySet().iterator();
                it.hasNext(); ) {
            Map.Entry<String, ThrottleEntry> candidate = it.next();
            if (candidate.getKey().equals(keep)) {
                continue;
            }
            if (victim == null) {
                victim = candidate.getKey();
            }
            ThrottleEntry e = candidate.getValue();
            e.decay(now, forgetAfter);
            if (!e.holding(now, maxLock)) {
                it.remove();
                return;
            }
        }
        if (victim != null) {
            entries.remove(victim);
        }
    }

    private static String accountKey(String account) {
        return key('a', Objects.requireNonNull(account, "account"));
    }

    private static String addressKey(String address) {
        return key('i', Objects.requireNonNull(address, "address"));
    }

    /**
     * The map key: the kind and the name itself, or a digest of the name when it is long. Account
     * names come straight from the login request, and 10 000 megabyte-long names must not become 10
     * GB of keys. The separator differs (':' or '#'), so a short name can never collide with a
     * digest.
     */
    private static String key(char kind, String name) {
        if (name.length() <= MAX_KEY_CHARS) {
            return kind + ":" + name;
        }
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256")
                            .digest(name.getBytes(StandardCharsets.UTF_8));
            return kind + "#" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
