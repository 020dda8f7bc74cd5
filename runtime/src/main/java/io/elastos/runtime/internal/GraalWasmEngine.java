// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal;

import io.elastos.api.node.HealthIndicator;
import io.elastos.api.node.HealthStatus;
import io.elastos.api.p2p.P2pNode;
import io.elastos.api.runtime.CompiledModule;
import io.elastos.api.runtime.HostCapabilityProvider;
import io.elastos.api.runtime.ModuleDescription;
import io.elastos.api.runtime.ModuleSpec;
import io.elastos.api.runtime.SandboxException;
import io.elastos.api.runtime.SandboxFactory;
import io.elastos.api.runtime.WasmEngine;
import io.elastos.api.storage.ScopeStore;
import io.elastos.api.storage.Vault;
import io.elastos.runtime.internal.host.HostServices;
import io.elastos.runtime.internal.host.HttpFetcher;
import io.elastos.runtime.internal.host.NodeHostFunctions;
import io.elastos.runtime.internal.sandbox.ModuleCompiler;
import io.elastos.runtime.internal.sandbox.Sandboxes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.util.Map;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.ByteSequence;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The node's one shared GraalWasm engine: it caches parsed and compiled code for every context. At
 * activation it compiles and calls a small clang-built module, so a node whose WebAssembly runtime
 * does not work reports it in its health instead of failing at the first app call.
 */
@Component(
        service = {WasmEngine.class, SandboxFactory.class, HealthIndicator.class},
        configurationPid = "io.elastos.runtime",
        immediate = true)
@Designate(ocd = RuntimeConfiguration.class)
public class GraalWasmEngine implements WasmEngine, SandboxFactory, HealthIndicator {

    static final String SELF_TEST_MODULE = "/wasm/selftest.wasm";

    /** fib(20) and FNV-1a over the module's 1 KiB pattern, computed independently in the test. */
    static final int FIB_20 = 6765;

    private static final System.Logger LOG = System.getLogger(GraalWasmEngine.class.getName());

    private final HostServices services = new HostServices(new HttpFetcher());
    private Engine engine;
    private Source selfTest;
    private CompilationMode mode;
    private ModuleCompiler compiler;
    private volatile RuntimeCeilings ceilings = RuntimeCeilings.DEFAULT;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setScopeStore(ScopeStore store) {
        services.setScopes(store);
    }

    void unsetScopeStore(ScopeStore store) {
        services.setScopes(null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setP2pNode(P2pNode node) {
        services.setP2p(node);
    }

    void unsetP2pNode(P2pNode node) {
        services.setP2p(null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setVault(Vault vault) {
        services.setVault(vault);
    }

    void unsetVault(Vault vault) {
        if (services.vault() == vault) {
            services.setVault(null);
        }
    }

    @Reference(
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            service = HostCapabilityProvider.class)
    void addProvider(HostCapabilityProvider provider) {
        if (NodeHostFunctions.CORE_NAMESPACES.contains(provider.capability().split("\\.")[0])) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "ignoring a provider of {0}: that is one of the node's own capabilities",
                    provider.capability());
            return;
        }
        services.addProvider(provider);
    }

    void removeProvider(HostCapabilityProvider provider) {
        services.removeProvider(provider);
    }

    @Activate
    void activate(RuntimeConfiguration config) {
        modified(config);
        activate();
    }

    @Modified
    void modified(RuntimeConfiguration config) {
        ceilings = RuntimeCeilings.from(config);
    }

    /** Activation without a configuration: default ceilings. */
    void activate() {
        engine =
                Sandboxes.withPolyglotLoader(() ->
                        Engine.newBuilder("wasm")
                                .sandbox(SandboxPolicy.CONSTRAINED)
                                .out(OutputStream.nullOutputStream())
                                .err(OutputStream.nullOutputStream())
                                // The node reports the mode itself, once, below.
                                .option("engine.WarnInterpreterOnly", "false")
                                .build());
        mode =
                "Interpreted".equals(engine.getImplementationName())
                        ? CompilationMode.INTERPRETER
                        : CompilationMode.JIT;
        selfTest = loadSelfTest();
        compiler = new ModuleCompiler(engine, services);
        LOG.log(
                mode == CompilationMode.JIT ? Level.INFO : Level.WARNING,
                "WebAssembly engine {0} {1}: {2}{3}",
                engine.getImplementationName(),
                engine.getVersion(),
                mode,
                mode == CompilationMode.JIT
                        ? ""
                        : " (start the node with bin/elastos to enable the Graal JIT;"
                                + " interpreted wasm is 90-370x slower)");
        HealthStatus status = check();
        if (!status.healthy()) {
            LOG.log(Level.ERROR, "WebAssembly self test failed: {0}", status.detail());
        }
    }

    /** Starts the engine outside OSGi, for tools, with the default ceilings. */
    public void start() {
        activate();
    }

    /** Stops an engine started with {@link #start()}. */
    public void stop() {
        deactivate();
    }

    @Deactivate
    void deactivate() {
        if (engine != null) {
            engine.close(true);
            engine = null;
        }
    }

    @Override
    public CompiledModule compile(ModuleSpec spec) throws SandboxException {
        return compiler.compile(ceilings.apply(spec));
    }

    @Override
    public ModuleDescription inspect(byte[] wasm) throws SandboxException {
        return compiler.inspect(wasm);
    }

    /** The node services host functions use; tests put in-memory services here. */
    HostServices services() {
        return services;
    }

    @Override
    public CompilationMode compilationMode() {
        return mode;
    }

    @Override
    public String implementationName() {
        return engine.getImplementationName();
    }

    @Override
    public String version() {
        return engine.getVersion();
    }

    @Override
    public String name() {
        return "wasm";
    }

    /** Instantiates the self-test module in a fresh sandboxed context and checks its results. */
    @Override
    public HealthStatus check() {
        long start = System.nanoTime();
        try (Context context = newContext()) {
            Value exports =
                    Sandboxes.withPolyglotLoader(
                            () -> context.eval(selfTest).newInstance().getMember("exports"));
            int fib = exports.getMember("fib").execute(20).asInt();
            int fnv = exports.getMember("fnv1a").execute(1024).asInt();
            long micros = (System.nanoTime() - start) / 1000;
            if (fib != FIB_20 || fnv != SelfTestExpectations.fnv1a(1024)) {
                return HealthStatus.down(
                        "self test returned wrong results: fib=" + fib + " fnv1a=" + fnv);
            }
            return HealthStatus.up(
                    "self test passed",
                    Map.of(
                            "mode",
                            mode.name(),
                            "engine",
                            engine.getImplementationName(),
                            "selfTestMicros",
                            micros));
        } catch (PolyglotException | IllegalStateException e) {
            return HealthStatus.down("self test failed: " + e.getMessage());
        }
    }

    private Context newContext() {
        return Sandboxes.withPolyglotLoader(() ->
                Context.newBuilder("wasm")
                        .engine(engine)
                        .sandbox(SandboxPolicy.CONSTRAINED)
                        .out(OutputStream.nullOutputStream())
                        .err(OutputStream.nullOutputStream())
                        .build());
    }

    private static Source loadSelfTest() {
        try (InputStream in = GraalWasmEngine.class.getResourceAsStream(SELF_TEST_MODULE)) {
            if (in == null) {
                throw new IllegalStateException("missing " + SELF_TEST_MODULE + " in the bundle");
            }
            byte[] bytes = in.readAllBytes();
            return Source.newBuilder("wasm", ByteSequence.create(bytes), "selftest").build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
