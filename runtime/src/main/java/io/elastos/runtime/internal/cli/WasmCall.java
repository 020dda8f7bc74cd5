// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.cli;

import io.elastos.api.runtime.CallContext;
import io.elastos.api.runtime.Capability;
import io.elastos.api.runtime.CompiledModule;
import io.elastos.api.runtime.ModuleSpec;
import io.elastos.api.runtime.ResourceLimits;
import io.elastos.api.runtime.SandboxException;
import io.elastos.api.runtime.SandboxFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code elastos wasm call <module.wasm> <function> [options]}: runs a plug-in outside any package
 * with the node's runtime and limits, like {@code extism call}. Output goes to stdout as raw bytes;
 * errors to stderr with exit code 1 (2 for a bad command line).
 */
public final class WasmCall {

    static final String USAGE =
            "usage: elastos wasm call <module.wasm> <function> [--input TEXT|@FILE] [--config K=V]..."
                    + " [--allow-host HOST]... [--grant CAPABILITY]... [--timeout MS] [--memory MiB]"
                    + " [--max-output BYTES]";

    /** Parsed command line. */
    record Options(
            Path module,
            String function,
            byte[] input,
            Map<String, String> config,
            Set<Capability> granted,
            ResourceLimits limits) {}

    private WasmCall() {}

    public static int run(String[] args, SandboxFactory factory, PrintStream out, PrintStream err) {
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException | IOException e) {
            err.println("elastos wasm: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        byte[] wasm;
        try {
            wasm = Files.readAllBytes(o.module());
        } catch (NoSuchFileException e) {
            err.println("elastos wasm: no such file: " + o.module());
            return 1;
        } catch (IOException e) {
            err.println("elastos wasm: cannot read " + o.module() + ": " + e.getMessage());
            return 1;
        }
        String name = o.module().getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
        ModuleSpec spec =
                new ModuleSpec(name, name, wasm, o.granted(), o.limits(), o.config(), 1, 0);
        try (CompiledModule m = factory.compile(spec)) {
            byte[] result = m.call(o.function(), o.input(), CallContext.ANONYMOUS);
            out.write(result);
            out.flush();
            return 0;
        } catch (SandboxException e) {
            err.println(
                    "elastos wasm: "
                            + e.kind().name().toLowerCase().replace('_', ' ')
                            + ": "
                            + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("elastos wasm: cannot write the output: " + e.getMessage());
            return 1;
        }
    }

    static Options parse(String[] args) throws IOException {
        if (args.length < 3 || !args[0].equals("call")) {
            throw new IllegalArgumentException("expected: call <module.wasm> <function>");
        }
        Path module = Path.of(args[1]);
        String function = args[2];
        byte[] input = new byte[0];
        Map<String, String> config = new HashMap<>();
        Set<Capability> granted = new HashSet<>(Set.of(Capability.of("log")));
        long timeout = 5_000;
        long memoryMiB = 64;
        long maxOutput = 16L << 20;
        for (int i = 3; i < args.length; i++) {
            String opt = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(opt + " needs a value");
            }
            String v = args[++i];
            switch (opt) {
                case "--input" ->
                        input =
                                v.startsWith("@")
                                        ? Files.readAllBytes(Path.of(v.substring(1)))
                                        : v.getBytes(StandardCharsets.UTF_8);
                case "--config" -> {
                    int eq = v.indexOf('=');
                    if (eq < 1) {
                        throw new IllegalArgumentException("--config needs KEY=VALUE, got " + v);
                    }
                    config.put(v.substring(0, eq), v.substring(eq + 1));
                }
                case "--allow-host" -> granted.add(Capability.of("net.fetch:" + v));
                case "--grant" -> granted.add(Capability.of(v));
                case "--timeout" -> timeout = number(opt, v, 1, 600_000);
                case "--memory" -> memoryMiB = number(opt, v, 1, 4096);
                case "--max-output" -> maxOutput = number(opt, v, 1, 1L << 30);
                default -> throw new IllegalArgumentException("unknown option " + opt);
            }
        }
        return new Options(
                module,
                function,
                input,
                config,
                granted,
                new ResourceLimits(memoryMiB << 20, Duration.ofMillis(timeout), maxOutput));
    }

    private static long number(String opt, String v, long min, long max) {
        try {
            long n = Long.parseLong(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                opt + " must be a number from " + min + " to " + max + ", got " + v);
    }
}
