// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.sandbox;

import static io.elastos.runtime.internal.sandbox.Guests.caps;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.api.runtime.CallContext;
import io.elastos.api.runtime.CompiledModule;
import io.elastos.api.runtime.SandboxException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The node host functions reach only the calling app's own scope, under their capability. */
class HostFunctionsTest {

    private static Guests guests;

    @BeforeAll
    static void start() {
        guests = new Guests();
    }

    @AfterAll
    static void stop() {
        guests.close();
    }

    private static String call(CompiledModule m, String fn, String input, CallContext who)
            throws SandboxException {
        return new String(
                m.call(fn, input.getBytes(StandardCharsets.UTF_8), who), StandardCharsets.UTF_8);
    }

    @Test
    void keyValueStaysInTheAppsOwnScope() throws Exception {
        try (CompiledModule a =
                        guests.load(
                                "app.a", "kv_plugin.wasm", caps("storage.kv", "identity.read"));
                CompiledModule b =
                        guests.load(
                                "app.b", "kv_plugin.wasm", caps("storage.kv", "identity.read"))) {
            assertEquals("blue", call(a, "kv_roundtrip", "colour=blue", CallContext.ANONYMOUS));
            assertEquals("red", call(b, "kv_roundtrip", "colour=red", CallContext.ANONYMOUS));
            call(a, "kv_roundtrip", "size=9", CallContext.ANONYMOUS);
            assertEquals("colour\nsize", call(a, "kv_list_all", "", CallContext.ANONYMOUS));
            assertEquals("colour", call(b, "kv_list_all", "", CallContext.ANONYMOUS));
            assertArrayEquals(
                    "blue".getBytes(), guests.scopes.open("app.a").get("colour").orElseThrow());
        }
    }

    @Test
    void callerIdentityComesFromTheCallContext() throws Exception {
        try (CompiledModule m =
                guests.load("app.who", "kv_plugin.wasm", caps("storage.kv", "identity.read"))) {
            String json = call(m, "who", "", new CallContext("did:key:z6MkTest", "owner"));
            assertEquals(
                    "{\"did\":\"did:key:z6MkTest\",\"role\":\"owner\",\"app\":\"app.who\"}", json);
            assertEquals(
                    "{\"did\":null,\"role\":null,\"app\":\"app.who\"}",
                    call(m, "who", "", CallContext.ANONYMOUS));
        }
    }

    @Test
    void eachImportNeedsItsOwnCapability() {
        SandboxException e =
                assertThrows(
                        SandboxException.class,
                        () -> guests.load("app.kvonly", "kv_plugin.wasm", caps("storage.kv")));
        assertEquals(SandboxException.Kind.CAPABILITY_DENIED, e.kind());
        assertTrue(e.getMessage().contains("identity_caller"), e.getMessage());
        assertTrue(e.getMessage().contains("identity.read"), e.getMessage());
    }

    @Test
    void deniedCapabilitiesLinkButRefuseEveryCall() throws Exception {
        io.elastos.api.runtime.ModuleSpec spec =
                new io.elastos.api.runtime.ModuleSpec(
                        "app.denied@1",
                        "app.denied",
                        Guests.wasm("kv_plugin.wasm"),
                        caps("storage.kv"),
                        Guests.limits(16, 5_000, 1 << 20),
                        java.util.Map.of(),
                        2,
                        2,
                        caps("identity.read"));
        try (CompiledModule m = guests.compiler.compile(spec)) {
            assertEquals("x", call(m, "kv_roundtrip", "k=x", CallContext.ANONYMOUS));
            SandboxException e =
                    assertThrows(
                            SandboxException.class,
                            () -> call(m, "who", "", CallContext.ANONYMOUS));
            assertEquals(SandboxException.Kind.CAPABILITY_DENIED, e.kind());
            assertTrue(e.getMessage().contains("identity.read"), e.getMessage());
        }
    }

    @Test
    void storageThatIsNotThereFailsTheCallCleanly() throws Exception {
        Guests bare = new Guests();
        bare.services.setScopes(null);
        try (bare;
                CompiledModule m =
                        bare.load(
                                "app.bare",
                                "kv_plugin.wasm",
                                caps("storage.kv", "identity.read"))) {
            SandboxException e =
                    assertThrows(
                            SandboxException.class,
                            () -> call(m, "kv_roundtrip", "a=b", CallContext.ANONYMOUS));
            assertEquals(SandboxException.Kind.HOST_ERROR, e.kind());
            assertTrue(e.getMessage().contains("storage is not available"), e.getMessage());
        }
    }

    @Test
    void wasiProgramFilesLandInTheAppScope() throws Exception {
        try (CompiledModule m =
                guests.load("app.files", "wasi_files.wasm", caps("storage.files"))) {
            String out = call(m, "run", "", CallContext.ANONYMOUS);
            assertEquals("hello from wasi", out.trim());
            InMemoryScopeStore.Scope scope =
                    (InMemoryScopeStore.Scope) guests.scopes.open("app.files");
            assertEquals(
                    "hello from wasi",
                    new String(scope.files.get("notes/hello.txt"), StandardCharsets.UTF_8).trim());
            assertTrue(scope.dirs.contains("notes"));
        }
    }

    @Test
    void wasiWithoutTheFilesCapabilityHasNoDataFolder() throws Exception {
        try (CompiledModule m = guests.load("app.nofiles", "wasi_files.wasm", caps())) {
            SandboxException e =
                    assertThrows(
                            SandboxException.class,
                            () -> call(m, "run", "", CallContext.ANONYMOUS));
            assertEquals(SandboxException.Kind.PLUGIN_ERROR, e.kind(), e.getMessage());
            assertTrue(guests.scopes.open("app.nofiles").listFiles("").isEmpty());
        }
    }
}
