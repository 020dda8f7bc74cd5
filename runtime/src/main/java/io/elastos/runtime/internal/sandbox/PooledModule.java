// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.sandbox;

import io.elastos.api.runtime.CallContext;
import io.elastos.api.runtime.Capability;
import io.elastos.api.runtime.CompiledModule;
import io.elastos.api.runtime.ModuleSpec;
import io.elastos.api.runtime.ResourceLimits;
import io.elastos.api.runtime.RuntimeStats;
import io.elastos.api.runtime.Sandbox;
import io.elastos.api.runtime.SandboxException;
import io.elastos.runtime.internal.host.HostServices;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.Source;

/**
 * One app version compiled once on the shared engine, with a pool of instances: a call takes an
 * idle instance (or makes one), runs alone on it, and gives it back unless it broke. At most {@code
 * maxConcurrentCalls} calls run; a bounded number wait; the rest get BUSY at once.
 */
final class PooledModule implements CompiledModule {

    private final ModuleSpec spec;
    private final Engine engine;
    private final Source source;
    private final Set<String> exports;
    private final Set<String> wasiImports;
    private final Set<String> userImports;
    private final HostServices services;
    private final ConcurrentLinkedDeque<WasmInstance> idle = new ConcurrentLinkedDeque<>();
    private final Set<WasmInstance> live = ConcurrentHashMap.newKeySet();
    private final Semaphore permits;
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger busy = new AtomicInteger();
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong timeouts = new AtomicLong();
    private final LatencyWindow latency = new LatencyWindow();
    private volatile boolean closed;

    PooledModule(
            ModuleSpec spec,
            Engine engine,
            Source source,
            Set<String> exports,
            Set<String> wasiImports,
            Set<String> userImports,
            HostServices services) {
        this.spec = spec;
        this.engine = engine;
        this.source = source;
        this.exports = Set.copyOf(exports);
        this.wasiImports = Set.copyOf(wasiImports);
        this.userImports = Set.copyOf(userImports);
        this.services = services;
        this.permits = new Semaphore(spec.maxConcurrentCalls(), true);
    }

    /** Makes the first instance now, so a module that cannot link fails at compile time. */
    void warm() throws SandboxException {
        WasmInstance first = newInstance();
        idle.push(first);
    }

    @Override
    public byte[] call(String function, byte[] input, CallContext context) throws SandboxException {
        long start = System.nanoTime();
        acquire(start);
        busy.incrementAndGet();
        WasmInstance instance = null;
        try {
            instance = idle.poll();
            if (instance == null) {
                instance = newInstance();
            }
            byte[] out = instance.call(function, input, context);
            calls.incrementAndGet();
            return out;
        } catch (SandboxException e) {
            calls.incrementAndGet();
            errors.incrementAndGet();
            if (e.kind() == SandboxException.Kind.TIMEOUT) {
                timeouts.incrementAndGet();
            }
            throw e;
        } finally {
            busy.decrementAndGet();
            if (instance != null) {
                release(instance);
            }
            permits.release();
            latency.add((System.nanoTime() - start) / 1000);
        }
    }

    private void acquire(long start) throws SandboxException {
        if (closed) {
            throw new IllegalStateException("module " + spec.name() + " is unloaded");
        }
        if (permits.tryAcquire()) {
            return;
        }
        if (waiting.incrementAndGet() > spec.maxQueuedCalls()) {
            waiting.decrementAndGet();
            countBusy();
            throw busy(
                    "all "
                            + spec.maxConcurrentCalls()
                            + " instances are busy and "
                            + spec.maxQueuedCalls()
                            + " calls are waiting");
        }
        try {
            long wait = spec.limits().wallClock().toNanos() - (System.nanoTime() - start);
            if (!permits.tryAcquire(Math.max(0, wait), TimeUnit.NANOSECONDS)) {
                countBusy();
                throw busy("no instance became free within the call's deadline");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            countBusy();
            throw busy("interrupted while waiting for an instance");
        } finally {
            waiting.decrementAndGet();
        }
    }

    private void countBusy() {
        calls.incrementAndGet();
        errors.incrementAndGet();
    }

    private SandboxException busy(String why) {
        return new SandboxException(
                SandboxException.Kind.BUSY, "app " + spec.appId() + " is busy: " + why);
    }

    private void release(WasmInstance instance) {
        if (instance.broken() || closed) {
            live.remove(instance);
            instance.close();
        } else {
            idle.push(instance);
        }
    }

    private WasmInstance newInstance() throws SandboxException {
        WasmInstance instance =
                WasmInstance.create(engine, source, spec, wasiImports, userImports, services);
        live.add(instance);
        return instance;
    }

    /** A dedicated instance outside the pool, for raw calls by tools. */
    WasmInstance detachedInstance() throws SandboxException {
        return WasmInstance.create(engine, source, spec, wasiImports, userImports, services);
    }

    @Override
    public Sandbox newSandbox() throws SandboxException {
        if (closed) {
            throw new IllegalStateException("module " + spec.name() + " is unloaded");
        }
        return new InstanceSandbox(detachedInstance());
    }

    @Override
    public RuntimeStats stats() {
        long memory = 0;
        for (WasmInstance i : idle) {
            memory += i.memoryBytes();
        }
        return new RuntimeStats(
                calls.get(),
                errors.get(),
                timeouts.get(),
                latency.percentile(0.50),
                latency.percentile(0.99),
                live.size(),
                busy.get(),
                memory);
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public Set<String> exports() {
        return exports;
    }

    @Override
    public Set<Capability> capabilities() {
        return spec.granted();
    }

    @Override
    public ResourceLimits limits() {
        return spec.limits();
    }

    /** Stops new calls; idle instances close now, busy ones when their call returns. */
    @Override
    public void close() {
        closed = true;
        WasmInstance i;
        while ((i = idle.poll()) != null) {
            live.remove(i);
            i.close();
        }
    }
}
