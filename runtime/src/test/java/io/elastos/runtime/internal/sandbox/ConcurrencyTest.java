// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.sandbox;

import static io.elastos.runtime.internal.sandbox.Guests.caps;
import static io.elastos.runtime.internal.sandbox.Guests.limits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.api.runtime.CallContext;
import io.elastos.api.runtime.CompiledModule;
import io.elastos.api.runtime.SandboxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Many apps, many concurrent calls: every output belongs to its own call. */
class ConcurrencyTest {

    private static Guests guests;

    @BeforeAll
    static void start() {
        guests = new Guests();
    }

    @AfterAll
    static void stop() {
        guests.close();
    }

    @Test
    void eightAppsTimesSixtyFourConcurrentCallsHaveNoCrossTalk() throws Exception {
        List<CompiledModule> apps = new ArrayList<>();
        for (int a = 0; a < 8; a++) {
            apps.add(
                    guests.load(
                            "app" + a,
                            a % 2 == 0 ? "count_vowels_c.wasm" : "count_vowels_as.wasm",
                            caps(),
                            limits(16, 30_000, 1 << 20),
                            Map.of(),
                            16,
                            64));
        }
        ExecutorService pool = Executors.newFixedThreadPool(64);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        for (int a = 0; a < 8; a++) {
            CompiledModule app = apps.get(a);
            for (int c = 0; c < 64; c++) {
                String input = "app" + a + "-call" + c + "-" + "x".repeat(c * 37);
                results.add(
                        pool.submit(() -> {
                            go.await();
                            byte[] out =
                                    app.call(
                                            "echo",
                                            input.getBytes(StandardCharsets.UTF_8),
                                            CallContext.ANONYMOUS);
                            return input.equals(new String(out, StandardCharsets.UTF_8))
                                    ? "ok"
                                    : "MIXED " + input;
                        }));
            }
        }
        go.countDown();
        int ok = 0;
        for (Future<String> f : results) {
            String r = f.get();
            assertEquals("ok", r);
            ok++;
        }
        pool.shutdown();
        assertEquals(512, ok);
        for (CompiledModule app : apps) {
            assertEquals(64, app.stats().calls());
            assertEquals(0, app.stats().errors());
            assertTrue(
                    app.stats().liveInstances() <= 16, "instances " + app.stats().liveInstances());
            app.close();
        }
    }

    @Test
    void callsBeyondTheQueueAreTurnedAwayAsBusy() throws Exception {
        try (CompiledModule spin =
                guests.load("busy", "spin.wasm", caps(), limits(16, 1_000, 1024), Map.of(), 1, 1)) {
            ExecutorService pool = Executors.newFixedThreadPool(3);
            AtomicInteger busy = new AtomicInteger();
            AtomicInteger timeouts = new AtomicInteger();
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                calls.add(
                        pool.submit(() -> {
                            try {
                                spin.call("run", new byte[0], CallContext.ANONYMOUS);
                            } catch (SandboxException e) {
                                (e.kind() == SandboxException.Kind.BUSY ? busy : timeouts)
                                        .incrementAndGet();
                            }
                        }));
                Thread.sleep(50);
            }
            for (Future<?> f : calls) {
                f.get();
            }
            pool.shutdown();
            // One runs (and times out), one waits in the queue of 1, the third is refused at once.
            assertTrue(busy.get() >= 1, "busy " + busy + ", timeouts " + timeouts);
            assertTrue(timeouts.get() >= 1, "busy " + busy + ", timeouts " + timeouts);
        }
    }
}
