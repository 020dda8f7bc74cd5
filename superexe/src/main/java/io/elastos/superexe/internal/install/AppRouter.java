// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.install;

import io.elastos.api.runtime.CallContext;
import io.elastos.api.runtime.CompiledModule;
import io.elastos.api.runtime.SandboxException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The in-memory head of every running app: which compiled version new calls go to. Switching a head
 * is one atomic map update; calls already running on the old version finish on it, and the old
 * version is closed when its last call returns.
 */
final class AppRouter {

    /** One loaded version and the calls running on it. */
    static final class Head {
        final String version;
        final CompiledModule module;
        final Map<String, byte[]> uiFiles;
        private final AtomicInteger inflight = new AtomicInteger();
        private volatile boolean retired;
        private final AtomicBoolean closed = new AtomicBoolean();
        private volatile Probation probation;

        /** API path prefixes callable without a session (the manifest's "publicApi"). */
        final List<String> publicApi;

        Head(
                String version,
                CompiledModule module,
                Map<String, byte[]> uiFiles,
                List<String> publicApi) {
            this.version = version;
            this.module = module;
            this.uiFiles = Map.copyOf(uiFiles);
            this.publicApi = List.copyOf(publicApi);
        }

        private boolean acquire() {
            inflight.incrementAndGet();
            if (retired) {
                release();
                return false;
            }
            return true;
        }

        private void release() {
            if (inflight.decrementAndGet() == 0 && retired) {
                closeOnce();
            }
        }

        private void retire() {
            retired = true;
            if (inflight.get() == 0) {
                closeOnce();
            }
        }

        private void closeOnce() {
            if (closed.compareAndSet(false, true)) {
                module.close();
            }
        }

        Head probationPrevious() {
            Probation p = probation;
            return p == null ? null : p.previous;
        }
    }

    /**
     * A new head without a {@code health} export is on probation: the replaced head stays loaded
     * until the new one served {@link #PROBATION_SUCCESSES} calls or {@link #PROBATION_MILLIS}
     * passed; if its first {@link #PROBATION_FAILURES} calls all trap or time out, the rollback
     * runs and the old head serves again.
     */
    static final class Probation {
        final Head previous;
        final java.util.function.Consumer<Head> rollback;
        final AtomicInteger successes = new AtomicInteger();
        final AtomicInteger failures = new AtomicInteger();
        final AtomicBoolean decided = new AtomicBoolean();

        Probation(Head previous, java.util.function.Consumer<Head> rollback) {
            this.previous = previous;
            this.rollback = rollback;
        }
    }

    static final int PROBATION_SUCCESSES = 3;
    static final int PROBATION_FAILURES = 3;
    static final long PROBATION_MILLIS = 30_000;
    private static final java.util.concurrent.ScheduledExecutorService TIMER =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "elastos-app-probation");
                t.setDaemon(true);
                return t;
            });

    private final Map<String, Head> heads = new ConcurrentHashMap<>();

    /**
     * Switches to {@code next} and keeps the replaced head loaded while {@code next} is on
     * probation; {@code rollback} runs (once) if the new head's first calls all fail.
     */
    void switchOnProbation(String appId, Head next, java.util.function.Consumer<Head> rollback) {
        Head old = heads.get(appId);
        if (old != null) {
            endProbation(old);
            next.probation = new Probation(old, rollback);
            TIMER.schedule(
                    () -> pass(next), PROBATION_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        heads.put(appId, next);
    }

    /** A head that is replaced or unloaded no longer needs the head it was on probation against. */
    private static void endProbation(Head head) {
        pass(head);
    }

    /** Ends a probation in favour of the new head: the old one is retired. */
    private static void pass(Head head) {
        Probation p = head.probation;
        if (p != null && p.decided.compareAndSet(false, true)) {
            head.probation = null;
            p.previous.retire();
        }
    }

    private static void observe(Head head, SandboxException failure) {
        Probation p = head.probation;
        if (p == null) {
            return;
        }
        if (failure == null) {
            if (p.successes.incrementAndGet() >= PROBATION_SUCCESSES) {
                pass(head);
            }
            return;
        }
        boolean broken =
                failure.kind() == SandboxException.Kind.TRAP
                        || failure.kind() == SandboxException.Kind.TIMEOUT
                        || failure.kind() == SandboxException.Kind.INVALID_MODULE;
        if (broken
                && p.successes.get() == 0
                && p.failures.incrementAndGet() >= PROBATION_FAILURES
                && p.decided.compareAndSet(false, true)) {
            head.probation = null;
            p.rollback.accept(p.previous);
        }
    }

    /**
     * Makes {@code next} the head of {@code appId} and returns the head it replaced (or null),
     * still open: the caller retires it once the new head proved healthy, or switches back to it.
     */
    Head switchTo(String appId, Head next) {
        Head old = heads.put(appId, next);
        if (old != null && old != next.probationPrevious()) {
            endProbation(old);
        }
        return old;
    }

    /** Closes a replaced head as soon as its last running call returns. */
    static void retire(Head head) {
        if (head != null) {
            head.retire();
        }
    }

    /** Unloads an app; running calls finish first. */
    void unload(String appId) {
        Head old = heads.remove(appId);
        if (old != null) {
            endProbation(old);
            old.retire();
        }
    }

    Head head(String appId) {
        return heads.get(appId);
    }

    byte[] call(String appId, String function, byte[] input, CallContext context)
            throws SandboxException {
        while (true) {
            Head head = heads.get(appId);
            if (head == null) {
                throw new IllegalStateException("app " + appId + " is not running");
            }
            if (!head.acquire()) {
                continue; // switched between the lookup and the acquire: take the new head
            }
            try {
                byte[] out = head.module.call(function, input, context);
                observe(head, null);
                return out;
            } catch (SandboxException e) {
                observe(head, e);
                throw e;
            } finally {
                head.release();
            }
        }
    }

    void closeAll() {
        heads.keySet().forEach(this::unload);
    }
}
