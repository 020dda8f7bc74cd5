// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.sandbox;

import static io.elastos.runtime.internal.sandbox.Guests.caps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.api.runtime.CallContext;
import io.elastos.api.runtime.CompiledModule;
import io.elastos.api.runtime.HostCall;
import io.elastos.api.runtime.HostCapabilityProvider;
import io.elastos.api.runtime.ModuleSpec;
import io.elastos.api.runtime.SandboxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Host functions a bundle provides: linked by the capability's namespace, called with the app's
 * grant arguments, waited for while the provider is away, refused without the grant.
 */
class ProvidedCapabilityTest {

    private static Guests guests;

    @BeforeAll
    static void start() {
        guests = new Guests();
    }

    @AfterAll
    static void stop() {
        guests.close();
    }

    /** Upper-cases its input and records who called with which arguments. */
    static final class Echo implements HostCapabilityProvider {
        final List<HostCall> calls = new CopyOnWriteArrayList<>();

        @Override
        public String capability() {
            return "test.echo";
        }

        @Override
        public String description() {
            return "shout back";
        }

        @Override
        public Map<String, String> functions() {
            return Map.of("shout", "text in, upper-case text out");
        }

        @Override
        public byte[] call(String function, HostCall call, byte[] input) {
            calls.add(call);
            return new String(input, StandardCharsets.UTF_8)
                    .toUpperCase(Locale.ROOT)
                    .getBytes(StandardCharsets.UTF_8);
        }
    }

    private static ModuleSpec spec(Set<io.elastos.api.runtime.Capability> granted, long millis) {
        return new ModuleSpec(
                "app.provided@1",
                "app.provided",
                Guests.wasm("provided.wasm"),
                granted,
                Guests.limits(16, millis, 1 << 20),
                Map.of(),
                2,
                2,
                Set.of());
    }

    private static String shout(CompiledModule m, String s) throws SandboxException {
        return new String(
                m.call(
                        "shout",
                        s.getBytes(StandardCharsets.UTF_8),
                        new CallContext("did:x", "owner")),
                StandardCharsets.UTF_8);
    }

    @Test
    void aGrantedProvidedFunctionReachesItsProviderWithTheGrantsArguments() throws Exception {
        Echo echo = new Echo();
        guests.services.addProvider(echo);
        try (CompiledModule m = guests.compiler.compile(spec(caps("test.echo:room.one"), 5_000))) {
            assertEquals("HELLO", shout(m, "hello"));
            HostCall c = echo.calls.get(0);
            assertEquals("app.provided", c.appId());
            assertEquals(List.of("room.one"), c.arguments());
            assertEquals("owner", c.caller().role());
        } finally {
            guests.services.removeProvider(echo);
        }
    }

    @Test
    void withoutTheGrantTheModuleIsRefused() {
        SandboxException e =
                assertThrows(
                        SandboxException.class,
                        () -> guests.compiler.compile(spec(caps("storage.kv"), 5_000)));
        assertEquals(SandboxException.Kind.CAPABILITY_DENIED, e.kind());
        assertTrue(e.getMessage().contains("test_echo_shout"), e.getMessage());
    }

    @Test
    void aRequestedButWithheldCapabilityLinksAndRefusesEveryCall() throws Exception {
        ModuleSpec withheld =
                new ModuleSpec(
                        "app.provided@1",
                        "app.provided",
                        Guests.wasm("provided.wasm"),
                        Set.of(),
                        Guests.limits(16, 5_000, 1 << 20),
                        Map.of(),
                        2,
                        2,
                        caps("test.echo:room.one"));
        try (CompiledModule m = guests.compiler.compile(withheld)) {
            SandboxException e = assertThrows(SandboxException.class, () -> shout(m, "x"));
            assertEquals(SandboxException.Kind.CAPABILITY_DENIED, e.kind());
            assertTrue(e.getMessage().contains("'test.echo'"), e.getMessage());
        }
    }

    @Test
    void aCallWaitsForAProviderThatComesBackAndFailsClearlyWhenNoneDoes() throws Exception {
        Echo echo = new Echo();
        ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
        try (CompiledModule m = guests.compiler.compile(spec(caps("test.echo"), 2_000))) {
            // No provider during the whole call: a clear error within the call's deadline.
            SandboxException gone = assertThrows(SandboxException.class, () -> shout(m, "x"));
            assertTrue(gone.getMessage().contains("test.echo"), gone.getMessage());
            // The provider's bundle returns 300 ms into the call: the call waits and succeeds.
            later.schedule(() -> guests.services.addProvider(echo), 300, TimeUnit.MILLISECONDS);
            long t0 = System.nanoTime();
            assertEquals("BACK", shout(m, "back"));
            assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(250));
        } finally {
            later.shutdownNow();
            guests.services.removeProvider(echo);
        }
    }
}
