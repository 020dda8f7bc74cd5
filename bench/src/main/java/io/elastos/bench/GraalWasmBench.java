package io.elastos.bench;

import java.util.concurrent.TimeUnit;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.ByteSequence;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Kernels on GraalWasm (Truffle). The Graal JIT is only active when the fork runs with
 * {@code -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI --upgrade-module-path=<graal jars>};
 * bench/run passes these with -jvmArgsAppend. The mode is printed as
 * {@code BENCH-GRAALWASM-MODE=...}; with {@code -Delastos.bench.requireJit=true} the
 * benchmark refuses to run in the interpreter.
 * <p>Two more warm-up iterations than Chicory: on 2 cores, Truffle's background compilation
 * of the larger kernels was sometimes still settling after 3 warm-up iterations.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 3)
@Measurement(iterations = 5, time = 2)
public class GraalWasmBench {

    @Param({"sha256", "sieve", "fib"})
    public String kernel;

    private Engine engine;
    private Context context;
    private Value run;
    private int arg;

    @Setup(Level.Trial)
    public void setup() {
        // One shared engine for all contexts of this fork; its implementation name tells the mode.
        engine = Engine.newBuilder("wasm").option("engine.WarnInterpreterOnly", "false").build();
        String mode = engine.getImplementationName();
        System.out.println("BENCH-GRAALWASM-MODE=" + mode + " version=" + engine.getVersion());
        if (Boolean.getBoolean("elastos.bench.requireJit") && mode.toLowerCase().contains("interpreted")) {
            throw new IllegalStateException("GraalWasm runs in mode '" + mode
                    + "' but the JIT was required (-Delastos.bench.requireJit=true)");
        }
        context = Context.newBuilder("wasm").engine(engine).build();
        Source source = Source.newBuilder("wasm", ByteSequence.create(Kernels.wasm(kernel)), kernel).buildLiteral();
        Value module = context.eval(source);
        Value instance = module.newInstance();
        run = instance.getMember("exports").getMember("run");
        arg = Kernels.argument(kernel);
        Kernels.reportChecksum("graalwasm", kernel, run.execute(arg).asLong());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        context.close();
        engine.close();
    }

    @Benchmark
    public long run() {
        return run.execute(arg).asLong();
    }
}
