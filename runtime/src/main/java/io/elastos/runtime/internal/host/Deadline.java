// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.host;

import io.elastos.api.runtime.SandboxException;
import io.elastos.runtime.internal.extism.GuestAbort;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The wall-clock end of one call. Host work that may block (storage, P2P, HTTP) runs through {@link
 * #run} on a virtual thread, so a slow service can never hold a call past its deadline: the call
 * ends with "deadline exceeded" and the late result is dropped.
 */
public final class Deadline {

    private static final ExecutorService HOST_WORK =
            Executors.newThreadPerTaskExecutor(
                    Thread.ofVirtual().name("elastos-host-call-", 0).factory());

    private final long endNanos;
    private final Duration limit;

    private Deadline(long endNanos, Duration limit) {
        this.endNanos = endNanos;
        this.limit = limit;
    }

    public static Deadline after(Duration limit) {
        return new Deadline(System.nanoTime() + limit.toNanos(), limit);
    }

    public long remainingNanos() {
        return endNanos - System.nanoTime();
    }

    public Duration limit() {
        return limit;
    }

    public GuestAbort exceeded() {
        return new GuestAbort(
                SandboxException.Kind.TIMEOUT,
                "deadline exceeded: the call ran longer than " + limit.toMillis() + " ms");
    }

    /** Runs blocking host work within the remaining time. */
    public <T> T run(String what, Callable<T> work) {
        long remaining = remainingNanos();
        if (remaining <= 0) {
            throw exceeded();
        }
        Future<T> f = HOST_WORK.submit(work);
        try {
            return f.get(remaining, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw exceeded();
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw exceeded();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof GuestAbort abort) {
                throw abort;
            }
            throw new GuestAbort(
                    SandboxException.Kind.HOST_ERROR,
                    what + " failed: " + (cause.getMessage() != null ? cause.getMessage() : cause));
        }
    }
}
