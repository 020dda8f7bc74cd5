// SPDX-License-Identifier: Apache-2.0
package io.elastos.identity.internal.password;

/**
 * The cost parameters of one Argon2id computation.
 *
 * <p>They are stored with every hash, so the node can raise its defaults later and still verify the
 * hashes made before; the bounds below apply to both what the node makes and what it reads back,
 * because a stored hash is data and must not be able to make a login allocate gigabytes or spin for
 * minutes.
 *
 * @param memoryKiB memory in KiB ({@code m})
 * @param iterations passes over the memory ({@code t})
 * @param parallelism lanes ({@code p})
 */
public record Argon2Cost(int memoryKiB, int iterations, int parallelism) {

    /** 1 GiB: far above anything a NAS should use, low enough that a bad hash can't ask more. */
    static final int MAX_MEMORY_KIB = 1 << 20;

    static final int MAX_ITERATIONS = 20;
    static final int MAX_PARALLELISM = 16;

    /**
     * OWASP's minimum for Argon2id: 19 MiB, 2 passes, 1 lane. Measured at 25 to 30 ms a hash on one
     * server core (AMD EPYC, BC 1.82, JDK 25); a NAS's low-power CPU will be several times slower,
     * so measure there before raising these. One lane, because on a 2-core box a login must not
     * take both cores.
     */
    public static final Argon2Cost DEFAULT = new Argon2Cost(19 * 1024, 2, 1);

    /**
     * Checks the bounds.
     *
     * @throws IllegalArgumentException when a parameter is outside what Argon2 allows or above the
     *     node's ceiling
     */
    public Argon2Cost {
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException(
                    "Argon2 parallelism must be 1.." + MAX_PARALLELISM + ", not " + parallelism);
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException(
                    "Argon2 iterations must be 1.." + MAX_ITERATIONS + ", not " + iterations);
        }
        // Argon2 itself needs 8 KiB per lane (RFC 9106 section 3.1).
        if (memoryKiB < 8 * parallelism || memoryKiB > MAX_MEMORY_KIB) {
            throw new IllegalArgumentException(
                    "Argon2 memory must be "
                            + 8 * parallelism
                            + ".."
                            + MAX_MEMORY_KIB
                            + " KiB, not "
                            + memoryKiB);
        }
    }

    /** Whether any parameter is below the same parameter of {@code other}. */
    boolean weakerThan(Argon2Cost other) {
        return memoryKiB < other.memoryKiB
                || iterations < other.iterations
                || parallelism < other.parallelism;
    }
}
