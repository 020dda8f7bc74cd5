// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.sandbox;

import io.elastos.api.runtime.CallContext;
import io.elastos.api.runtime.ModuleSpec;
import io.elastos.api.runtime.SandboxException;
import io.elastos.api.storage.StorageException;
import io.elastos.runtime.internal.extism.CallState;
import io.elastos.runtime.internal.extism.ExtismKernel;
import io.elastos.runtime.internal.extism.GuestAbort;
import io.elastos.runtime.internal.extism.KernelMemory;
import io.elastos.runtime.internal.host.AppLog;
import io.elastos.runtime.internal.host.Deadline;
import io.elastos.runtime.internal.host.HostServices;
import io.elastos.runtime.internal.host.NodeHostFunctions;
import io.elastos.runtime.internal.wasi.GuestMemory;
import io.elastos.runtime.internal.wasi.WasiPreview1;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyObject;

/**
 * One instance of a module in its own constrained context, with its kernel, WASI state and host
 * functions. It runs one call at a time; after a trap, timeout or limit breach it is broken and
 * must be discarded, because its memory can no longer be trusted.
 */
final class WasmInstance implements AutoCloseable {

    private final ModuleSpec spec;
    private final Context context;
    private final Value exports;
    private final ExtismKernel kernel;
    private final WasiPreview1 wasi;
    private final GuestMemory memory;
    private boolean broken;

    private WasmInstance(
            ModuleSpec spec,
            Context context,
            Value exports,
            ExtismKernel kernel,
            WasiPreview1 wasi,
            GuestMemory memory) {
        this.spec = spec;
        this.context = context;
        this.exports = exports;
        this.kernel = kernel;
        this.wasi = wasi;
        this.memory = memory;
    }

    static WasmInstance create(
            Engine engine,
            Source source,
            ModuleSpec spec,
            Set<String> wasiImports,
            Set<String> userImports,
            HostServices services)
            throws SandboxException {
        AppLog log = new AppLog(spec.appId());
        Context context =
                Sandboxes.withPolyglotLoader(() ->
                        Context.newBuilder("wasm")
                                .engine(engine)
                                .sandbox(SandboxPolicy.CONSTRAINED)
                                .out(log.stream(Level.INFO))
                                .err(log.stream(Level.WARNING))
                                .build());
        try {
            KernelMemory kernelMemory = new KernelMemory(spec.limits().memoryBytes());
            ExtismKernel kernel =
                    new ExtismKernel(
                            kernelMemory,
                            spec.config(),
                            log,
                            Sandboxes.granted(spec, "log"),
                            services.http(),
                            Sandboxes.allowedHosts(spec));
            NodeHostFunctions user = new NodeHostFunctions(spec.appId(), services, kernel);
            GuestMemory memory = new GuestMemory();
            WasiPreview1 wasi =
                    new WasiPreview1(
                            memory,
                            new ScopeStorage(spec.appId(), services, kernel),
                            Sandboxes.granted(spec, "storage.files") && services.scopes() != null,
                            spec.limits().memoryBytes(),
                            List.of(spec.appId()),
                            log.stream(Level.INFO),
                            log.stream(Level.WARNING));
            Map<String, Object> imports = new HashMap<>();
            imports.put(ExtismKernel.MODULE, ProxyObject.fromMap(kernel.functions()));
            imports.put(
                    NodeHostFunctions.MODULE,
                    ProxyObject.fromMap(
                            user.functions(spec.granted(), spec.denied(), userImports)));
            imports.put(WasiPreview1.MODULE, ProxyObject.fromMap(wasi.functions(wasiImports)));
            Value exports =
                    Sandboxes.withPolyglotLoader(() ->
                            context.eval(source)
                                    .newInstance(ProxyObject.fromMap(imports))
                                    .getMember("exports"));
            memory.bind(exports);
            WasmInstance instance = new WasmInstance(spec, context, exports, kernel, wasi, memory);
            instance.initialize();
            return instance;
        } catch (PolyglotException e) {
            context.close(true);
            throw new SandboxException(
                    SandboxException.Kind.INVALID_MODULE,
                    "module " + spec.name() + " cannot be instantiated: " + e.getMessage(),
                    e);
        } catch (SandboxException | RuntimeException e) {
            context.close(true);
            throw e;
        }
    }

    /** WASI reactors need {@code _initialize} once before any export is called. */
    private void initialize() throws SandboxException {
        Value init = exports.getMember("_initialize");
        if (init != null && init.canExecute()) {
            run("_initialize", new byte[0], CallContext.ANONYMOUS, false);
        }
    }

    byte[] call(String function, byte[] input, CallContext caller) throws SandboxException {
        return run(function, input, caller, true);
    }

    private byte[] run(String function, byte[] input, CallContext caller, boolean plugin)
            throws SandboxException {
        if (broken) {
            throw new IllegalStateException("instance is broken");
        }
        Value fn = exports.getMember(function);
        if (fn == null || !fn.canExecute()) {
            throw new SandboxException(
                    SandboxException.Kind.INVALID_MODULE,
                    "module " + spec.name() + " exports no function '" + function + "'");
        }
        Deadline deadline = Deadline.after(spec.limits().wallClock());
        AtomicBoolean timedOut = new AtomicBoolean();
        // Exactly one of the call's end and the watchdog settles the call. If the watchdog does,
        // its cancellation may interrupt this thread; the call waits for the close to finish and
        // clears that interrupt, so no stray flag reaches the caller's next blocking operation.
        AtomicBoolean settled = new AtomicBoolean();
        CountDownLatch cancelled = new CountDownLatch(1);
        ScheduledFuture<?> watchdog =
                Watchdog.at(
                        deadline.remainingNanos(),
                        () -> {
                            if (settled.compareAndSet(false, true)) {
                                timedOut.set(true);
                                try {
                                    context.close(true);
                                } finally {
                                    cancelled.countDown();
                                }
                            }
                        });
        kernel.begin(new CallState(input, deadline, caller));
        try {
            Value result = fn.execute();
            return finish(plugin && result.isNumber() ? result.asInt() : 0);
        } catch (PolyglotException e) {
            return failed(e, timedOut.get(), deadline);
        } catch (GuestAbort e) {
            broken = true;
            throw new SandboxException(e.kind(), e.getMessage());
        } finally {
            watchdog.cancel(false);
            if (!settled.compareAndSet(false, true)) {
                awaitUninterruptibly(cancelled);
                Thread.interrupted();
            }
            if (!broken) {
                kernel.end();
            }
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the watchdog's own interrupt; cleared by the caller
            }
        }
        if (interrupted) {
            Thread.interrupted();
        }
    }

    private byte[] finish(int code) throws SandboxException {
        String error = kernel.error();
        byte[] output = kernel.output(spec.limits().maxOutputBytes());
        wasi.endCall();
        if (code != 0 || error != null) {
            throw new SandboxException(
                    SandboxException.Kind.PLUGIN_ERROR,
                    error != null ? error : "the plug-in returned error code " + code);
        }
        return output;
    }

    private byte[] failed(PolyglotException e, boolean timedOut, Deadline deadline)
            throws SandboxException {
        if (e.isHostException() && e.asHostException() instanceof WasiPreview1.Exit exit) {
            if (exit.code() == 0) {
                return finish(0);
            }
            broken = true;
            throw new SandboxException(
                    SandboxException.Kind.PLUGIN_ERROR,
                    "the program exited with code " + exit.code());
        }
        broken = true;
        if (e.isHostException() && e.asHostException() instanceof GuestAbort abort) {
            throw new SandboxException(abort.kind(), abort.getMessage());
        }
        if (timedOut || e.isCancelled() || e.isInterrupted()) {
            throw new SandboxException(
                    SandboxException.Kind.TIMEOUT,
                    "deadline exceeded: the call ran longer than "
                            + deadline.limit().toMillis()
                            + " ms and was stopped");
        }
        if (e.isResourceExhausted()) {
            throw new SandboxException(
                    SandboxException.Kind.TRAP, "resource exhausted: " + e.getMessage(), e);
        }
        if (e.isHostException()) {
            throw new SandboxException(
                    SandboxException.Kind.HOST_ERROR,
                    "host function failed: " + e.asHostException(),
                    e);
        }
        throw new SandboxException(SandboxException.Kind.TRAP, "trap: " + e.getMessage(), e);
    }

    boolean broken() {
        return broken;
    }

    /** Linear memory plus kernel memory held by this instance. */
    long memoryBytes() {
        return memory.size() + kernel.memory().footprint();
    }

    /** Runs a raw export with numeric arguments, for plain (non-plug-in) modules and tools. */
    Value invokeRaw(String function, Object... args) throws SandboxException {
        Value fn = exports.getMember(function);
        if (fn == null || !fn.canExecute()) {
            throw new SandboxException(
                    SandboxException.Kind.INVALID_MODULE,
                    "no exported function '" + function + "'");
        }
        try {
            return fn.execute(args);
        } catch (PolyglotException e) {
            broken = true;
            throw new SandboxException(SandboxException.Kind.TRAP, "trap: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            context.close(true);
        } catch (IllegalStateException e) {
            // already closed by the watchdog
        }
    }

    /** Runs scope operations for WASI within the current call's deadline. */
    private record ScopeStorage(String appId, HostServices services, ExtismKernel kernel)
            implements io.elastos.runtime.internal.wasi.WasiStorage {
        @Override
        public <T> T run(Action<T> action) throws StorageException {
            var store = services.scopes();
            if (store == null) {
                throw new StorageException(StorageException.Reason.IO, "storage is not available");
            }
            // Storage errors must reach WASI as errnos, not end the call: carry them out boxed.
            Object[] box =
                    kernel.call()
                            .deadline()
                            .run(
                                    "storage",
                                    () -> {
                                        try {
                                            return new Object[] {
                                                action.apply(store.open(appId)), null
                                            };
                                        } catch (StorageException e) {
                                            return new Object[] {null, e};
                                        }
                                    });
            if (box[1] != null) {
                throw (StorageException) box[1];
            }
            @SuppressWarnings("unchecked")
            T value = (T) box[0];
            return value;
        }
    }
}
