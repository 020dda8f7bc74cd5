// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal;

import io.elastos.api.runtime.CallContext;
import io.elastos.api.runtime.Capability;
import io.elastos.api.runtime.CompiledModule;
import io.elastos.api.runtime.ModuleDescription;
import io.elastos.api.runtime.ModuleSpec;
import io.elastos.api.runtime.ResourceLimits;
import io.elastos.api.runtime.RuntimeStats;
import io.elastos.api.runtime.SandboxException;
import io.elastos.api.runtime.SandboxFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Gogo shell commands for the runtime: {@code wasm:load NAME FILE [CAPABILITY...]}, {@code
 * wasm:call NAME FUNCTION INPUT}, {@code wasm:stats [NAME]}, {@code wasm:unload NAME}, {@code
 * wasm:list} and {@code wasm:inspect FILE}. Modules loaded here are for developers and operators;
 * installed apps are loaded by SuperEXE.
 */
@Component(
        service = WasmCommands.class,
        property = {
            "osgi.command.scope=wasm",
            "osgi.command.function=load",
            "osgi.command.function=call",
            "osgi.command.function=stats",
            "osgi.command.function=unload",
            "osgi.command.function=list",
            "osgi.command.function=inspect"
        })
public class WasmCommands {

    @Reference SandboxFactory factory;

    private final Map<String, CompiledModule> loaded = new ConcurrentHashMap<>();

    public String load(String name, String file, String... capabilities)
            throws IOException, SandboxException {
        byte[] wasm = Files.readAllBytes(Path.of(file));
        CompiledModule m =
                factory.compile(
                        ModuleSpec.of(
                                name,
                                wasm,
                                Arrays.stream(capabilities)
                                        .map(Capability::of)
                                        .collect(Collectors.toSet()),
                                ResourceLimits.DEFAULT));
        CompiledModule old = loaded.put(name, m);
        if (old != null) {
            old.close();
        }
        return "loaded " + name + " exports " + new TreeMap<>(Map.of("functions", m.exports()));
    }

    public String call(String name, String function, String input) throws SandboxException {
        byte[] out =
                module(name)
                        .call(
                                function,
                                input.getBytes(StandardCharsets.UTF_8),
                                CallContext.ANONYMOUS);
        return new String(out, StandardCharsets.UTF_8);
    }

    public String stats(String name) {
        return format(name, module(name).stats());
    }

    public String stats() {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(loaded).forEach((n, m) -> out.append(format(n, m.stats())).append('\n'));
        return out.length() == 0 ? "no modules loaded" : out.toString().stripTrailing();
    }

    public String unload(String name) {
        CompiledModule m = loaded.remove(name);
        if (m == null) {
            return "no module " + name;
        }
        m.close();
        return "unloaded " + name;
    }

    public String list() {
        return loaded.isEmpty()
                ? "no modules loaded"
                : String.join("\n", new TreeMap<>(loaded).keySet());
    }

    public String inspect(String file) throws IOException, SandboxException {
        ModuleDescription d = factory.inspect(Files.readAllBytes(Path.of(file)));
        return "imports: "
                + d.imports()
                + "\nexports: "
                + d.exports()
                + "\nmemory: "
                + d.memoryMinPages()
                + ".."
                + (d.memoryMaxPages() < 0 ? "unbounded" : d.memoryMaxPages())
                + " pages\ncustom sections: "
                + d.customSections();
    }

    static String format(String name, RuntimeStats s) {
        return String.format(
                "%s: calls=%d errors=%d timeouts=%d p50=%dus p99=%dus instances=%d busy=%d memory=%dKiB",
                name,
                s.calls(),
                s.errors(),
                s.timeouts(),
                s.p50Micros(),
                s.p99Micros(),
                s.liveInstances(),
                s.busyInstances(),
                s.memoryBytes() / 1024);
    }

    private CompiledModule module(String name) {
        CompiledModule m = loaded.get(name);
        if (m == null) {
            throw new IllegalArgumentException("no module " + name + "; load it with wasm:load");
        }
        return m;
    }

    @Deactivate
    void closeAll() {
        loaded.values().forEach(CompiledModule::close);
        loaded.clear();
    }
}
