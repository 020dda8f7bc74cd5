// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.msg;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets: one per key (a peer) and one for everybody. A request passes only when both its
 * key's bucket and the global bucket hold enough tokens.
 */
public final class RateLimiter {

    private static final int MAX_KEYS = 10_000;

    private final double perKeyRate;
    private final double perKeyBurst;
    private final Bucket global;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final LongSupplier nanos;

    /**
     * Creates a limiter.
     *
     * @param perKeyPerSecond tokens a key regains each second
     * @param perKeyBurst the most a key may spend at once
     * @param globalPerSecond tokens everybody together regains each second
     * @param globalBurst the most everybody together may spend at once
     */
    public RateLimiter(
            double perKeyPerSecond,
            double perKeyBurst,
            double globalPerSecond,
            double globalBurst) {
        this(perKeyPerSecond, perKeyBurst, globalPerSecond, globalBurst, System::nanoTime);
    }

    RateLimiter(
            double perKey,
            double perKeyBurst,
            double global,
            double globalBurst,
            LongSupplier nanos) {
        this.perKeyRate = perKey;
        this.perKeyBurst = perKeyBurst;
        this.nanos = nanos;
        this.global = new Bucket(global, globalBurst, nanos.getAsLong());
    }

    /**
     * Takes tokens for a key if both buckets have them.
     *
     * @param key the requester
     * @param cost the tokens the request costs
     * @return whether it may go ahead
     */
    public boolean tryAcquire(String key, int cost) {
        long now = nanos.getAsLong();
        if (buckets.size() > MAX_KEYS) {
            buckets.clear(); // forgetting is generous, never unsafe: the global bucket remains
        }
        Bucket mine = buckets.computeIfAbsent(key, k -> new Bucket(perKeyRate, perKeyBurst, now));
        synchronized (this) {
            mine.refill(now);
            global.refill(now);
            if (mine.tokens < cost || global.tokens < cost) {
                return false;
            }
            mine.tokens -= cost;
            global.tokens -= cost;
            return true;
        }
    }

    private static final class Bucket {
        private final double rate;
        private final double burst;
        private double tokens;
        private long last;

        Bucket(double rate, double burst, long now) {
            this.rate = rate;
            this.burst = burst;
            this.tokens = burst;
            this.last = now;
        }

        void refill(long now) {
            tokens = Math.min(burst, tokens + (now - last) / 1e9 * rate);
            last = now;
        }
    }
}
