package io.elastos.bench;

import io.elastos.api.runtime.CallContext;
import io.elastos.api.runtime.CompiledModule;
import io.elastos.api.runtime.ModuleDescription;
import io.elastos.api.runtime.ModuleSpec;
import io.elastos.api.runtime.ResourceLimits;
import io.elastos.api.runtime.RuntimeStats;
import io.elastos.api.runtime.Sandbox;
import io.elastos.api.runtime.SandboxException;
import io.elastos.api.runtime.WasmEngine;
import io.elastos.runtime.internal.GraalWasmEngine;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.ByteSequence;

/**
 * Load generator for the node's mini-app runtime ({@link GraalWasmEngine} used outside OSGi). Not
 * JMH: it drives the runtime from N client threads for a fixed time and records every call's
 * latency in an HdrHistogram.
 *
 * <pre>
 *   RuntimeLoad latency GUESTS_DIR [seconds=5] [warmup=20000] [warmupSeconds=3] [levels=1,16,64]
 *   RuntimeLoad create  GUESTS_DIR [n=500]
 *   RuntimeLoad memory  GUESTS_DIR [n=200]
 * </pre>
 *
 * {@code GUESTS_DIR} holds {@code count_vowels_c.wasm} (Extism plug-in, export {@code echo}) and
 * {@code compute.wasm} (import-free, export {@code sum_squares}) from
 * runtime/src/test/guests/build.sh. Results are printed as {@code BENCH-RUNTIME key=value ...}
 * lines for bench/run. Refuses to measure (exit 3) unless the engine runs with the Graal JIT.
 */
public final class RuntimeLoad {

    static final String PLUGIN = "count_vowels_c.wasm";
    static final String RAW = "compute.wasm";
    static final int INPUT_BYTES = 64;
    /** Latencies up to 60 s in nanoseconds, 3 significant digits. */
    static final long MAX_NANOS = 60_000_000_000L;

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: RuntimeLoad latency|create|memory GUESTS_DIR [key=value...]");
            System.exit(2);
        }
        Path guests = Path.of(args[1]);
        Map<String, String> opts = new java.util.HashMap<>();
        for (int i = 2; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            opts.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        byte[] plugin = Files.readAllBytes(guests.resolve(PLUGIN));
        byte[] raw = Files.readAllBytes(guests.resolve(RAW));

        GraalWasmEngine engine = new GraalWasmEngine();
        engine.start();
        try {
            System.out.println("BENCH-RUNTIME-MODE=" + engine.compilationMode()
                    + " implementation=" + engine.implementationName() + " version=" + engine.version());
            if (engine.compilationMode() != WasmEngine.CompilationMode.JIT) {
                System.err.println("RuntimeLoad: the runtime's GraalWasm engine runs in mode "
                        + engine.compilationMode() + " (" + engine.implementationName()
                        + "): the Graal JIT is not active; refusing to measure");
                System.exit(3);
            }
            switch (args[0]) {
                case "latency" -> latency(engine, plugin, raw,
                        Double.parseDouble(opts.getOrDefault("seconds", "5")),
                        Integer.parseInt(opts.getOrDefault("warmup", "20000")),
                        Double.parseDouble(opts.getOrDefault("warmupSeconds", "3")),
                        Arrays.stream(opts.getOrDefault("levels", "1,16,64").split(","))
                                .mapToInt(Integer::parseInt).toArray());
                case "create" -> create(engine, plugin, raw, Integer.parseInt(opts.getOrDefault("n", "500")));
                case "memory" -> memory(engine, plugin, Integer.parseInt(opts.getOrDefault("n", "200")));
                default -> {
                    System.err.println("RuntimeLoad: unknown mode " + args[0]);
                    System.exit(2);
                }
            }
        } finally {
            engine.stop();
        }
    }

    // ------------------------------------------------------------------ latency / throughput

    /** One client thread's work: call() must be safe to run concurrently with other threads' callers. */
    interface Caller {
        void call() throws Exception;
    }

    interface CallerFactory {
        /** Makes the caller for one client thread (and whatever per-thread state it needs). */
        Caller forThread() throws Exception;
    }

    record Result(long calls, double seconds, Histogram histogram) {
        double callsPerSecond() {
            return calls / seconds;
        }

        double p50Micros() {
            return histogram.getValueAtPercentile(50) / 1000.0;
        }

        double p99Micros() {
            return histogram.getValueAtPercentile(99) / 1000.0;
        }
    }

    static void latency(GraalWasmEngine engine, byte[] plugin, byte[] raw, double seconds, int warmup,
            double warmupSeconds, int[] levels)
            throws Exception {
        byte[] input = new byte[INPUT_BYTES];
        for (int i = 0; i < input.length; i++) {
            input[i] = (byte) ('a' + i % 26);
        }
        Engine rawEngine = Engine.newBuilder("wasm")
                .sandbox(SandboxPolicy.CONSTRAINED)
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .option("engine.WarnInterpreterOnly", "false")
                .build();
        Source rawSource = Source.newBuilder("wasm", ByteSequence.create(raw), "compute").buildLiteral();
        List<Context> rawContexts = java.util.Collections.synchronizedList(new ArrayList<>());
        // Reference: a raw polyglot call of an import-free export on one reused instance per thread.
        CallerFactory reference = () -> {
            Context c = Context.newBuilder("wasm").engine(rawEngine)
                    .sandbox(SandboxPolicy.CONSTRAINED)
                    .out(OutputStream.nullOutputStream())
                    .err(OutputStream.nullOutputStream())
                    .build();
            rawContexts.add(c);
            Value fn = c.eval(rawSource).newInstance().getMember("exports").getMember("sum_squares");
            return () -> {
                if (fn.execute(1).asLong() != 1L) {
                    throw new IllegalStateException("sum_squares(1) != 1");
                }
            };
        };
        try {
            for (int level : levels) {
                int concurrent = Math.min(level, 16);
                ModuleSpec spec = new ModuleSpec("bench-echo-" + level, "bench-echo", plugin, Set.of(),
                        ResourceLimits.DEFAULT, Map.of(), concurrent, 4096);
                try (CompiledModule module = engine.compile(spec)) {
                    CallerFactory runtime = () -> () -> {
                        byte[] out = module.call("echo", input, CallContext.ANONYMOUS);
                        if (!Arrays.equals(out, input)) {
                            throw new IllegalStateException("echo returned other bytes");
                        }
                    };
                    // Warm-up: at least `warmup` calls and `warmupSeconds` each, so that Truffle's
                    // background compilation has finished (and the pool has grown to its size).
                    long perThread = Math.max(1, warmup / level);
                    run(runtime, level, perThread, warmupSeconds);
                    run(reference, level, perThread, warmupSeconds);
                    Result ref = run(reference, level, 0, seconds);
                    Result rt = run(runtime, level, 0, seconds);
                    RuntimeStats stats = module.stats();
                    if (stats.errors() != 0) {
                        throw new IllegalStateException("runtime calls failed: " + stats);
                    }
                    System.out.printf(Locale.ROOT,
                            "BENCH-RUNTIME kind=latency threads=%d maxConcurrent=%d"
                                    + " rt_calls=%d rt_seconds=%.3f rt_cps=%.0f rt_p50_us=%.2f rt_p99_us=%.2f"
                                    + " rt_p999_us=%.1f rt_mean_us=%.2f rt_max_us=%.0f"
                                    + " ref_calls=%d ref_seconds=%.3f ref_cps=%.0f ref_p50_us=%.3f ref_p99_us=%.3f"
                                    + " live_instances=%d stats_p50_us=%d stats_p99_us=%d%n",
                            level, concurrent,
                            rt.calls(), rt.seconds(), rt.callsPerSecond(), rt.p50Micros(), rt.p99Micros(),
                            us(rt.histogram(), 99.9), rt.histogram().getMean() / 1000.0,
                            rt.histogram().getMaxValue() / 1000.0,
                            ref.calls(), ref.seconds(), ref.callsPerSecond(), ref.p50Micros(), ref.p99Micros(),
                            stats.liveInstances(), stats.p50Micros(), stats.p99Micros());
                }
            }
        } finally {
            for (Context c : rawContexts) {
                c.close();
            }
            rawEngine.close();
        }
    }

    /**
     * Runs {@code threads} client threads, each for at least {@code callsPerThread} calls and at
     * least {@code seconds}, and merges their latency histograms.
     */
    static Result run(CallerFactory factory, int threads, long callsPerThread, double seconds) throws Exception {
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Histogram[] histograms = new Histogram[threads];
        long[] counts = new long[threads];
        long[] ends = new long[threads];
        long[] startHolder = new long[1];
        long durationNanos = (long) (seconds * 1e9);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread w = new Thread(() -> {
                Histogram h = new Histogram(MAX_NANOS, 3);
                histograms[id] = h;
                try {
                    Caller caller = factory.forThread();
                    ready.countDown();
                    go.await();
                    long deadline = startHolder[0] + durationNanos;
                    long n = 0;
                    long now = System.nanoTime();
                    while (n < callsPerThread || now < deadline) {
                        long t0 = now;
                        caller.call();
                        now = System.nanoTime();
                        h.recordValue(Math.min(now - t0, MAX_NANOS));
                        n++;
                    }
                    counts[id] = n;
                    ends[id] = now;
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    ready.countDown();
                }
            }, "load-" + t);
            workers.add(w);
            w.start();
        }
        ready.await();
        startHolder[0] = System.nanoTime();
        go.countDown();
        for (Thread w : workers) {
            w.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("load thread failed: " + failure.get(), failure.get());
        }
        Histogram all = new Histogram(MAX_NANOS, 3);
        long calls = 0;
        long end = startHolder[0];
        for (int t = 0; t < threads; t++) {
            all.add(histograms[t]);
            calls += counts[t];
            end = Math.max(end, ends[t]);
        }
        return new Result(calls, (end - startHolder[0]) / 1e9, all);
    }

    // ------------------------------------------------------------------ instance creation

    static void create(GraalWasmEngine engine, byte[] plugin, byte[] raw, int n) throws Exception {
        byte[] input = "hello instance".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Engine rawEngine = Engine.newBuilder("wasm")
                .sandbox(SandboxPolicy.CONSTRAINED)
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .option("engine.WarnInterpreterOnly", "false")
                .build();
        Source rawSource = Source.newBuilder("wasm", ByteSequence.create(raw), "compute").buildLiteral();
        try (CompiledModule module = engine.compile(ModuleSpec.of("bench-create", plugin, Set.of(),
                ResourceLimits.DEFAULT))) {
            int warm = Math.max(50, n / 5);
            for (int i = 0; i < warm; i++) {
                sandboxOnce(module, input, null);
                rawOnce(rawEngine, rawSource);
            }
            Histogram total = new Histogram(MAX_NANOS, 3);
            Histogram newOnly = new Histogram(MAX_NANOS, 3);
            Histogram firstCall = new Histogram(MAX_NANOS, 3);
            Histogram closeOnly = new Histogram(MAX_NANOS, 3);
            Histogram ref = new Histogram(MAX_NANOS, 3);
            long[] parts = new long[3];
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                sandboxOnce(module, input, parts);
                total.recordValue(System.nanoTime() - t0);
                newOnly.recordValue(parts[0]);
                firstCall.recordValue(parts[1]);
                closeOnly.recordValue(parts[2]);
                t0 = System.nanoTime();
                rawOnce(rawEngine, rawSource);
                ref.recordValue(System.nanoTime() - t0);
            }
            System.out.printf(Locale.ROOT,
                    "BENCH-RUNTIME kind=create n=%d p50_us=%.1f p99_us=%.1f new_p50_us=%.1f call_p50_us=%.1f"
                            + " close_p50_us=%.1f ref_p50_us=%.1f ref_p99_us=%.1f%n",
                    n, us(total, 50), us(total, 99), us(newOnly, 50), us(firstCall, 50), us(closeOnly, 50),
                    us(ref, 50), us(ref, 99));
        } finally {
            rawEngine.close();
        }
    }

    static double us(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1000.0;
    }

    /** newSandbox() + first echo call + close(); the three parts go to {@code parts} if given. */
    static void sandboxOnce(CompiledModule module, byte[] input, long[] parts) throws SandboxException {
        long t0 = System.nanoTime();
        Sandbox s = module.newSandbox();
        long t1 = System.nanoTime();
        byte[] out = s.call("echo", input);
        long t2 = System.nanoTime();
        s.close();
        long t3 = System.nanoTime();
        if (!Arrays.equals(out, input)) {
            throw new IllegalStateException("echo returned other bytes");
        }
        if (parts != null) {
            parts[0] = t1 - t0;
            parts[1] = t2 - t1;
            parts[2] = t3 - t2;
        }
    }

    /** Reference: a raw constrained GraalWasm context, instantiate compute.wasm, one call, close. */
    static void rawOnce(Engine rawEngine, Source rawSource) {
        try (Context c = Context.newBuilder("wasm").engine(rawEngine)
                .sandbox(SandboxPolicy.CONSTRAINED)
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .build()) {
            Value fn = c.eval(rawSource).newInstance().getMember("exports").getMember("sum_squares");
            if (fn.execute(1).asLong() != 1L) {
                throw new IllegalStateException("sum_squares(1) != 1");
            }
        }
    }

    // ------------------------------------------------------------------ memory per idle instance

    static void memory(GraalWasmEngine engine, byte[] plugin, int n) throws Exception {
        byte[] input = "hello memory".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ModuleDescription desc = engine.inspect(plugin);
        long linear = desc.memoryMinPages() * ResourceLimits.PAGE_SIZE;
        try (CompiledModule module = engine.compile(ModuleSpec.of("bench-memory", plugin, Set.of(),
                ResourceLimits.DEFAULT))) {
            // Warm-up: compile the instantiation and call paths, fill the code cache.
            for (int i = 0; i < 200; i++) {
                sandboxOnce(module, input, null);
            }
            // Cross-check of linear + kernel memory per instance, as the pool reports it.
            module.call("echo", input, CallContext.ANONYMOUS);
            RuntimeStats st = module.stats();
            long poolPerInstance = st.liveInstances() > 0 ? st.memoryBytes() / st.liveInstances() : -1;

            settle();
            long heap0 = heapUsed();
            long rss0 = rssBytes();
            List<Sandbox> open = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Sandbox s = module.newSandbox();
                if (!Arrays.equals(s.call("echo", input), input)) {
                    throw new IllegalStateException("echo returned other bytes");
                }
                open.add(s);
            }
            settle();
            long heap1 = heapUsed();
            long rss1 = rssBytes();
            for (Sandbox s : open) {
                if (!s.isOpen()) {
                    throw new IllegalStateException("a sandbox was closed during the measurement");
                }
            }
            System.out.printf(Locale.ROOT,
                    "BENCH-RUNTIME kind=memory n=%d heap_per_instance=%d rss_per_instance=%d linear_bytes=%d"
                            + " memory_min_pages=%d pool_memory_per_instance=%d heap_delta=%d rss_delta=%d%n",
                    n, (heap1 - heap0) / n, (rss1 - rss0) / n, linear, desc.memoryMinPages(), poolPerInstance,
                    heap1 - heap0, rss1 - rss0);
            for (Sandbox s : open) {
                s.close();
            }
        }
    }

    static void settle() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(250);
        }
    }

    static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
