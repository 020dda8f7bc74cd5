// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.sandbox;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** One timer thread for every call's deadline: when a call overruns, its context is cancelled. */
final class Watchdog {

    private static final ScheduledExecutorService TIMER =
            Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "elastos-wasm-watchdog");
                t.setDaemon(true);
                return t;
            });

    private Watchdog() {}

    static ScheduledFuture<?> at(long delayNanos, Runnable action) {
        return TIMER.schedule(action, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    }
}
