// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.sandbox;

import static io.elastos.runtime.internal.sandbox.Guests.caps;
import static io.elastos.runtime.internal.sandbox.Guests.limits;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.api.runtime.CallContext;
import io.elastos.api.runtime.CompiledModule;
import io.elastos.api.runtime.SandboxException;
import io.elastos.api.runtime.SandboxException.Kind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each hostile guest is stopped or refused with a clear error while other apps keep answering. */
class HostileGuestsTest {

    private static Guests guests;
    private static CompiledModule bystander;

    @BeforeAll
    static void start() throws Exception {
        guests = new Guests();
        bystander = guests.load("bystander", "count_vowels_c.wasm", caps());
    }

    @AfterAll
    static void stop() {
        bystander.close();
        guests.close();
    }

    private static SandboxException fails(CompiledModule m, String fn, String input) {
        return assertThrows(
                SandboxException.class,
                () -> m.call(fn, input.getBytes(StandardCharsets.UTF_8), CallContext.ANONYMOUS));
    }

    private static void bystanderAnswers() throws SandboxException {
        assertArrayEquals(
                "still here".getBytes(),
                bystander.call("echo", "still here".getBytes(), CallContext.ANONYMOUS));
    }

    @Test
    void infiniteLoopIsStoppedAtTheDeadlineWhileOthersAnswer() throws Exception {
        try (CompiledModule spin =
                guests.load("spin", "spin.wasm", caps(), limits(16, 300, 1024), Map.of(), 2, 2)) {
            ExecutorService pool = Executors.newSingleThreadExecutor();
            long start = System.nanoTime();
            Future<SandboxException> stopped = pool.submit(() -> fails(spin, "run", ""));
            for (int i = 0; i < 20; i++) {
                bystanderAnswers();
            }
            SandboxException e = stopped.get();
            long tookMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            pool.shutdown();
            assertEquals(Kind.TIMEOUT, e.kind());
            assertTrue(e.getMessage().startsWith("deadline exceeded"), e.getMessage());
            assertTrue(
                    tookMillis >= 300 && tookMillis < 2_000, "stopped after " + tookMillis + " ms");
            assertEquals(0, spin.stats().busyInstances());
            assertEquals(1, spin.stats().timeouts());
            // The broken instance was discarded; a new call gets a fresh one and is stopped again.
            assertEquals(Kind.TIMEOUT, fails(spin, "run", "").kind());
            // The cancellation leaves no interrupt behind on the calling thread: its next
            // blocking call (a Derby query, a socket read) must not fail for no reason.
            assertFalse(Thread.interrupted(), "a stray interrupt after a timed-out call");
        }
    }

    @Test
    void deepRecursionTraps() throws Exception {
        try (CompiledModule m = guests.load("recurse", "recurse.wasm", caps())) {
            SandboxException e = fails(m, "run", "");
            assertEquals(Kind.TRAP, e.kind(), e.getMessage());
            bystanderAnswers();
        }
    }

    @Test
    void memoryBombStopsAtTheCap() throws Exception {
        try (CompiledModule m =
                guests.load(
                        "bomb",
                        "memory_bomb.wasm",
                        caps(),
                        limits(4, 5_000, 1024),
                        Map.of(),
                        1,
                        1)) {
            String pages =
                    new String(
                            m.call("run", new byte[0], CallContext.ANONYMOUS),
                            StandardCharsets.UTF_8);
            assertTrue(
                    Integer.parseInt(pages.trim()) <= 64,
                    "grew to " + pages + " pages under a 4 MiB cap");
            SandboxException e = fails(m, "run_oob", "");
            assertEquals(Kind.TRAP, e.kind(), e.getMessage());
            bystanderAnswers();
        }
    }

    @Test
    void moduleNeedingMoreMemoryThanTheCapIsRefusedAtCompile() {
        SandboxException e =
                assertThrows(
                        SandboxException.class,
                        () ->
                                guests.load(
                                        "big",
                                        "big_memory_min.wasm",
                                        caps(),
                                        limits(64, 5_000, 1024),
                                        Map.of(),
                                        1,
                                        1));
        assertEquals(Kind.MEMORY_LIMIT, e.kind());
        assertTrue(e.getMessage().contains("2048"), e.getMessage());
    }

    @Test
    void hugeOutputIsRefused() throws Exception {
        try (CompiledModule m =
                guests.load(
                        "huge",
                        "huge_output.wasm",
                        caps(),
                        limits(128, 5_000, 1 << 20),
                        Map.of(),
                        1,
                        1)) {
            SandboxException e = fails(m, "run", "");
            assertTrue(
                    e.kind() == Kind.OUTPUT_LIMIT || e.kind() == Kind.MEMORY_LIMIT, e.toString());
            SandboxException sized = fails(m, "run_size", Integer.toString((1 << 20) + 1));
            assertEquals(Kind.OUTPUT_LIMIT, sized.kind(), sized.getMessage());
            byte[] ok = m.call("run_size", "1000".getBytes(), CallContext.ANONYMOUS);
            assertEquals(1000, ok.length);
        }
    }

    @Test
    void ungrantedImportIsRefusedNamingTheImport() {
        SandboxException e =
                assertThrows(
                        SandboxException.class,
                        () -> guests.load("nope", "ungranted_import.wasm", caps("storage.kv")));
        assertEquals(Kind.CAPABILITY_DENIED, e.kind());
        assertTrue(e.getMessage().contains("extism:host/user::p2p_send"), e.getMessage());
        assertTrue(e.getMessage().contains("p2p.message"), e.getMessage());
    }

    @Test
    void slowHostFunctionCannotHoldTheCallPastItsDeadline() throws Exception {
        guests.scopes.delay = Duration.ofSeconds(10);
        try (CompiledModule m =
                guests.load(
                        "slow",
                        "slow_host.wasm",
                        caps("storage.kv"),
                        limits(16, 400, 1024),
                        Map.of(),
                        1,
                        1)) {
            long start = System.nanoTime();
            SandboxException e = fails(m, "run", "key");
            long took = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertEquals(Kind.TIMEOUT, e.kind(), e.getMessage());
            assertTrue(took < 1_500, "returned after " + took + " ms");
            bystanderAnswers();
        } finally {
            guests.scopes.delay = Duration.ZERO;
        }
    }

    @Test
    void unreachableTraps() throws Exception {
        try (CompiledModule m = guests.load("trap", "trap.wasm", caps())) {
            SandboxException e = fails(m, "run", "");
            assertEquals(Kind.TRAP, e.kind());
            assertTrue(e.getMessage().contains("unreachable"), e.getMessage());
        }
    }

    @Test
    void pathEscapesAreDenied() throws Exception {
        try (CompiledModule m = guests.load("escape", "escape.wasm", caps("storage.files"))) {
            String out =
                    new String(
                            m.call("run", new byte[0], CallContext.ANONYMOUS),
                            StandardCharsets.UTF_8);
            assertTrue(!out.contains("OPENED"), out);
            assertEquals(4, out.lines().filter(l -> l.endsWith("denied")).count(), out);
            InMemoryScopeStore.Scope scope =
                    (InMemoryScopeStore.Scope) guests.scopes.open("escape");
            assertTrue(
                    scope.files.keySet().stream().noneMatch(f -> f.contains("link")),
                    scope.files.toString());
        }
    }

    @Test
    void notAModuleIsRefused() {
        byte[] junk = "not wasm at all".getBytes(StandardCharsets.UTF_8);
        SandboxException e =
                assertThrows(
                        SandboxException.class,
                        () ->
                                guests.compiler.compile(
                                        io.elastos.api.runtime.ModuleSpec.of(
                                                "junk", junk, caps(), limits(16, 1000, 1024))));
        assertEquals(Kind.INVALID_MODULE, e.kind());
    }
}
