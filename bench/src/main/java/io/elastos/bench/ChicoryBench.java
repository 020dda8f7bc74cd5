package io.elastos.bench;

import java.util.concurrent.TimeUnit;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
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
import org.openjdk.jmh.annotations.Warmup;

/** Kernels on Chicory with its wasm-to-JVM-bytecode compiler (runs on the stock HotSpot JIT). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 2)
public class ChicoryBench {

    @Param({"sha256", "sieve", "fib"})
    public String kernel;

    private ExportFunction run;
    private long arg;

    @Setup(Level.Trial)
    public void setup() {
        WasmModule module = Parser.parse(Kernels.wasm(kernel));
        Instance instance = Instance.builder(module)
                .withMachineFactory(MachineFactoryCompiler.compile(module))
                .build();
        run = instance.export("run");
        arg = Kernels.argument(kernel);
        System.out.println("BENCH-CHICORY-MODE=compiler");
        Kernels.reportChecksum("chicory", kernel, run.apply(arg)[0]);
    }

    @Benchmark
    public long run() {
        return run.apply(arg)[0];
    }
}
