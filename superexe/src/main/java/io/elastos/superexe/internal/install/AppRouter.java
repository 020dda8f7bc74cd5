// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.install;

import io.elastos.api.runtime.CallContext;
import io.elastos.api.runtime.CompiledModule;
import io.elastos.api.runtime.SandboxException;
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

        Head(String version, CompiledModule module, Map<String, byte[]> uiFiles) {
            this.version = version;
            this.module = module;
            this.uiFiles = Map.copyOf(uiFiles);
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

        boolean isClosed() {
            return closed.get();
        }
    }

    private final Map<String, Head> heads = new ConcurrentHashMap<>();

    /**
     * Makes {@code next} the head of {@code appId} and returns the head it replaced (or null),
     * still open: the caller retires it once the new head proved healthy, or switches back to it.
     */
    Head switchTo(String appId, Head next) {
        return heads.put(appId, next);
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
                return head.module.call(function, input, context);
            } finally {
                head.release();
            }
        }
    }

    void closeAll() {
        heads.keySet().forEach(this::unload);
    }
}
