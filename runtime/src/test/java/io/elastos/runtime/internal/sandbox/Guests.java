// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.sandbox;

import io.elastos.api.runtime.Capability;
import io.elastos.api.runtime.CompiledModule;
import io.elastos.api.runtime.ModuleSpec;
import io.elastos.api.runtime.ResourceLimits;
import io.elastos.api.runtime.SandboxException;
import io.elastos.runtime.internal.host.HostServices;
import io.elastos.runtime.internal.host.HttpFetcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.SandboxPolicy;

/**
 * The test guests built by {@code src/test/guests/build.sh} and a compiler over one shared engine
 * with in-memory node services, as the runtime tests use them.
 */
final class Guests implements AutoCloseable {

    static final Path DIR =
            Path.of(System.getProperty("elastos.test.guests", "target/test-guests"));

    final InMemoryScopeStore scopes = new InMemoryScopeStore();
    final HostServices services = new HostServices(new HttpFetcher());
    final Engine engine =
            Sandboxes.withPolyglotLoader(() ->
                    Engine.newBuilder("wasm")
                            .sandbox(SandboxPolicy.CONSTRAINED)
                            .out(java.io.OutputStream.nullOutputStream())
                            .err(java.io.OutputStream.nullOutputStream())
                            .option("engine.WarnInterpreterOnly", "false")
                            .build());
    final ModuleCompiler compiler = new ModuleCompiler(engine, services);

    Guests() {
        services.setScopes(scopes);
    }

    static byte[] wasm(String name) {
        try {
            return Files.readAllBytes(DIR.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "test guest " + name + " missing: run src/test/guests/build.sh", e);
        }
    }

    static Set<Capability> caps(String... names) {
        return Arrays.stream(names).map(Capability::of).collect(Collectors.toSet());
    }

    static ResourceLimits limits(long memoryMiB, long millis, long outputBytes) {
        return new ResourceLimits(memoryMiB << 20, Duration.ofMillis(millis), outputBytes);
    }

    CompiledModule load(String app, String guest, Set<Capability> granted) throws SandboxException {
        return load(app, guest, granted, limits(16, 5_000, 1 << 20), Map.of(), 8, 64);
    }

    CompiledModule load(
            String app,
            String guest,
            Set<Capability> granted,
            ResourceLimits limits,
            Map<String, String> config,
            int concurrency,
            int queue)
            throws SandboxException {
        return compiler.compile(
                new ModuleSpec(
                        app + "@1.0.0",
                        app,
                        wasm(guest),
                        granted,
                        limits,
                        config,
                        concurrency,
                        queue));
    }

    @Override
    public void close() {
        engine.close(true);
    }
}
