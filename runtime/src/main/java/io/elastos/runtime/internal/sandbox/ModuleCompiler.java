// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.sandbox;

import io.elastos.api.runtime.CompiledModule;
import io.elastos.api.runtime.ModuleDescription;
import io.elastos.api.runtime.ModuleSpec;
import io.elastos.api.runtime.SandboxException;
import io.elastos.runtime.internal.host.HostServices;
import io.elastos.runtime.internal.host.NodeHostFunctions;
import io.elastos.runtime.internal.wasi.WasiPreview1;
import io.elastos.runtime.internal.wasm.MemoryCapException;
import io.elastos.runtime.internal.wasm.MemoryCapper;
import io.elastos.runtime.internal.wasm.ModuleInfo;
import io.elastos.runtime.internal.wasm.ModuleInspector;
import io.elastos.runtime.internal.wasm.WasmFormatException;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.io.ByteSequence;

/**
 * Turns a module binary into a {@link PooledModule}: inspect it, check its imports against the
 * grant, cap its memory in the binary, compile it once on the shared engine and link a first
 * instance. Every refusal happens here, before the app serves a call.
 */
public final class ModuleCompiler {

    /** The largest module the runtime accepts. */
    public static final int MAX_MODULE_BYTES = 64 << 20;

    private final Engine engine;
    private final HostServices services;

    public ModuleCompiler(Engine engine, HostServices services) {
        this.engine = engine;
        this.services = services;
    }

    public CompiledModule compile(ModuleSpec spec) throws SandboxException {
        return compilePooled(spec);
    }

    PooledModule compilePooled(ModuleSpec spec) throws SandboxException {
        ModuleInfo info = inspectInfo(spec.wasm());
        ImportPolicy.check(info, spec.granted(), spec.denied());
        byte[] capped;
        try {
            capped = MemoryCapper.cap(spec.wasm(), spec.limits().memoryPages());
        } catch (MemoryCapException e) {
            throw new SandboxException(SandboxException.Kind.MEMORY_LIMIT, e.getMessage(), e);
        } catch (WasmFormatException e) {
            throw new SandboxException(SandboxException.Kind.INVALID_MODULE, e.getMessage(), e);
        }
        Source source;
        try {
            source =
                    Source.newBuilder("wasm", ByteSequence.create(capped), spec.name())
                            .cached(true)
                            .build();
        } catch (IOException | PolyglotException e) {
            throw new SandboxException(SandboxException.Kind.INVALID_MODULE, e.getMessage(), e);
        }
        Set<String> exports =
                info.exports().stream()
                        .filter(x -> x.kind() == ModuleInfo.Kind.FUNCTION)
                        .map(ModuleInfo.Export::name)
                        .collect(Collectors.toUnmodifiableSet());
        Set<String> wasi =
                info.imports().stream()
                        .filter(i -> i.module().equals(WasiPreview1.MODULE))
                        .map(ModuleInfo.Import::name)
                        .collect(Collectors.toUnmodifiableSet());
        Set<String> user =
                info.imports().stream()
                        .filter(i -> i.module().equals(NodeHostFunctions.MODULE))
                        .map(ModuleInfo.Import::name)
                        .collect(Collectors.toUnmodifiableSet());
        PooledModule module = new PooledModule(spec, engine, source, exports, wasi, user, services);
        module.warm();
        return module;
    }

    public ModuleDescription inspect(byte[] wasm) throws SandboxException {
        ModuleInfo info = inspectInfo(wasm);
        List<String> imports =
                info.imports().stream()
                        .map(i ->
                                i.module()
                                        + "::"
                                        + i.name()
                                        + " ("
                                        + i.kind().name().toLowerCase()
                                        + ")")
                        .toList();
        List<String> exports =
                info.exports().stream()
                        .filter(x -> x.kind() == ModuleInfo.Kind.FUNCTION)
                        .map(ModuleInfo.Export::name)
                        .toList();
        ModuleInfo.MemoryLimits memory = info.memories().isEmpty() ? null : info.memories().get(0);
        return new ModuleDescription(
                imports,
                exports,
                memory == null ? -1 : memory.minPages(),
                memory == null ? -1 : memory.maxPages().orElse(-1),
                info.customSections().stream().map(ModuleInfo.CustomSection::name).toList());
    }

    private static ModuleInfo inspectInfo(byte[] wasm) throws SandboxException {
        if (wasm.length > MAX_MODULE_BYTES) {
            throw new SandboxException(
                    SandboxException.Kind.INVALID_MODULE,
                    "module of " + wasm.length + " bytes is larger than " + MAX_MODULE_BYTES);
        }
        try {
            return ModuleInspector.inspect(wasm);
        } catch (WasmFormatException e) {
            throw new SandboxException(
                    SandboxException.Kind.INVALID_MODULE,
                    "not a valid module: " + e.getMessage(),
                    e);
        }
    }
}
