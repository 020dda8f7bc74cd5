// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.api.runtime.CallContext;
import io.elastos.api.superexe.InstallResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 64 clients call an app without pause while it is updated 20 times and rolled back 5 times: no
 * call fails, and once an operation returns every new call sees its version.
 */
class ZeroDowntimeTest {

    @TempDir Path tmp;

    @Test
    void sixtyFourClientsThroughTwentyUpdatesAndFiveRollbacks() throws Exception {
        try (TestApps apps = new TestApps(tmp)) {
            List<Path> packages = new ArrayList<>();
            for (int v = 1; v <= 20; v++) {
                packages.add(apps.pkg("1." + v + ".0"));
            }
            assertTrue(apps.superexe.install(apps.pkg("1.0.0"), "test").success());

            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong calls = new AtomicLong();
            AtomicLong failures = new AtomicLong();
            AtomicReference<Throwable> firstFailure = new AtomicReference<>();
            ConcurrentHashMap<String, Boolean> seen = new ConcurrentHashMap<>();
            CountDownLatch started = new CountDownLatch(64);
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < 64; c++) {
                Thread t =
                        Thread.ofPlatform()
                                .start(() -> {
                                    started.countDown();
                                    while (running.get()) {
                                        try {
                                            byte[] out =
                                                    apps.superexe.call(
                                                            TestApps.APP,
                                                            "version",
                                                            new byte[0],
                                                            CallContext.ANONYMOUS);
                                            seen.put(new String(out, StandardCharsets.UTF_8), true);
                                            calls.incrementAndGet();
                                        } catch (Exception e) {
                                            failures.incrementAndGet();
                                            firstFailure.compareAndSet(null, e);
                                        }
                                    }
                                });
                clients.add(t);
            }
            started.await();
            long[] opMillis = new long[25];
            int op = 0;
            for (Path p : packages) {
                long t0 = System.nanoTime();
                InstallResult r = apps.superexe.update(p, "test");
                opMillis[op++] = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(r.success(), r.message());
                assertVersionIs(apps, r.version());
            }
            for (int i = 0; i < 5; i++) {
                long t0 = System.nanoTime();
                InstallResult r = apps.superexe.rollback(TestApps.APP, null, "test");
                opMillis[op++] = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(r.success(), r.message());
                assertVersionIs(apps, r.version());
                // Go forward again so the next rollback has somewhere to go.
                InstallResult forward = apps.superexe.update(packages.get(19), "test");
                assertTrue(forward.success(), forward.message());
            }
            running.set(false);
            for (Thread t : clients) {
                t.join();
            }
            Arrays.sort(opMillis);
            System.out.printf(
                    "zero-downtime: %d calls, %d failed, %d versions seen, operation time median %d ms, max %d ms%n",
                    calls.get(), failures.get(), seen.size(), opMillis[12], opMillis[24]);
            assertEquals(0, failures.get(), "failed calls; first: " + firstFailure.get());
            assertTrue(seen.size() >= 10, "versions seen by clients: " + seen.keySet());
            assertTrue(calls.get() > 1000, "calls: " + calls.get());
        }
    }

    private static void assertVersionIs(TestApps apps, String version) throws Exception {
        String now =
                new String(
                        apps.superexe.call(
                                TestApps.APP, "version", new byte[0], CallContext.ANONYMOUS),
                        StandardCharsets.UTF_8);
        assertEquals(version, now);
    }
}
