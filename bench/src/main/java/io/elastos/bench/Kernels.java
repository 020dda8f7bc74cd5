package io.elastos.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The benchmark kernels and their arguments. The same arguments are used by the
 * native driver (see bench/run); the runner cross-checks the checksums.
 */
public final class Kernels {

    private Kernels() {
    }

    /** Argument passed to the kernel's exported {@code run(i32) -> i64} function. */
    public static int argument(String kernel) {
        return switch (kernel) {
            case "sha256" -> 64;          // MiB hashed
            case "sieve" -> 20_000_000;   // primes below this limit
            case "fib" -> 40;             // fib(n), naive recursion
            default -> throw new IllegalArgumentException("unknown kernel " + kernel);
        };
    }

    /** Bytes of the checked-in module, from the classpath resource /kernels/NAME.wasm. */
    public static byte[] wasm(String kernel) {
        String res = "/kernels/" + kernel + ".wasm";
        try (InputStream in = Kernels.class.getResourceAsStream(res)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + res + " (run bench/wasm-kernels/build.sh?)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Prints a machine-readable line that bench/run greps from the JMH output to
     * cross-check results between engines.
     */
    public static void reportChecksum(String engine, String kernel, long checksum) {
        System.out.println("BENCH-CHECKSUM engine=" + engine + " kernel=" + kernel
                + " arg=" + argument(kernel) + " checksum=" + Long.toUnsignedString(checksum));
        System.out.flush();
    }
}
