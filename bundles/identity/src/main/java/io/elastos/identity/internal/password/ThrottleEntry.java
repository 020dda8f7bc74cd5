// SPDX-License-Identifier: Apache-2.0
package io.elastos.identity.internal.password;

/**
 * What {@link LoginThrottle} remembers about one account or one client address. Not thread-safe:
 * the throttle guards every entry with its own lock.
 *
 * <p>Times are {@link java.time.Clock#millis()} values.
 */
final class ThrottleEntry {

    private static final long WINDOW_MILLIS = 60_000;

    private int failures;
    private long lastFailure;
    private long lockedUntil;

    /** The last attempts, oldest at {@code next} once full; {@code null} for account entries. */
    private final long[] attempts;

    private int next;
    private int recorded;

    /**
     * @param attemptsPerMinute the per-minute cap to track, or 0 for an entry with no cap
     */
    ThrottleEntry(int attemptsPerMinute) {
        attempts = attemptsPerMinute > 0 ? new long[attemptsPerMinute] : null;
    }

    /**
     * Counts a failure; from the {@code threshold}th consecutive one on, locks the key for {@code
     * firstLock}, doubling with each further failure up to {@code maxLock}.
     */
    void fail(long now, int threshold, long firstLock, long maxLock) {
        if (failures < Integer.MAX_VALUE) {
            failures++;
        }
        lastFailure = now;
        if (failures >= threshold) {
            long lock = firstLock;
            // Double from the first lock rather than shift, so a long run can't overflow.
            for (int i = threshold; i < failures && lock < maxLock; i++) {
                lock *= 2;
            }
            lockedUntil = now + Math.min(lock, maxLock);
        }
    }

    /** Records an attempt, failed or not, against the per-minute cap. */
    void attempt(long now) {
        if (attempts != null) {
            attempts[next] = now;
            next = (next + 1) % attempts.length;
            recorded = Math.min(recorded + 1, attempts.length);
        }
    }

    /**
     * Forgets the failures once none has come for {@code forgetAfter}: yesterday's typos must not
     * make today's first one lock the account.
     */
    void decay(long now, long forgetAfter) {
        if (failures > 0 && now - lastFailure >= forgetAfter) {
            failures = 0;
            lockedUntil = 0;
        }
    }

    /** Milliseconds until the lock ends, never more than {@code maxLock}, 0 when not locked. */
    long lockWait(long now, long maxLock) {
        // Clamped because a wall clock set backwards must not stretch a lock beyond its maximum.
        return Math.clamp(lockedUntil - now, 0, maxLock);
    }

    /** Milliseconds until the per-minute cap allows another attempt, 0 when it does now. */
    long rateWait(long now) {
        if (attempts == null || recorded < attempts.length) {
            return 0;
        }
        return Math.clamp(attempts[next] + WINDOW_MILLIS - now, 0, WINDOW_MILLIS);
    }

    /** Whether the entry is currently holding anyone back, so evicting it would lift a limit. */
    boolean holding(long now, long maxLock) {
        return lockWait(now, maxLock) > 0 || rateWait(now) > 0;
    }

    /** Whether the entry has nothing left to remember (call {@link #decay} first). */
    boolean empty(long now, long maxLock) {
        if (failures > 0 || lockWait(now, maxLock) > 0) {
            return false;
        }
        if (attempts == null || recorded == 0) {
            return true;
        }
        long newest = attempts[(next + attempts.length - 1) % attempts.length];
        return now - newest >= WINDOW_MILLIS;
    }

    int failures() {
        return failures;
    }
}
