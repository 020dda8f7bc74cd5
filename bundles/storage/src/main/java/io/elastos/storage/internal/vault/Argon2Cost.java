// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.vault;

/**
 * The cost parameters of the Argon2id run that turns the owner's passphrase into the vault key's
 * key-encryption key.
 *
 * <p>They are recorded in the key file's header, so the default can be raised later and old files
 * still open. The header is data read from disk, so the bounds below are checked before Argon2
 * runs: a damaged or planted file must not make the node allocate gigabytes or spin for minutes.
 * (The identity bundle has the same record for login passwords; bundles don't share internals.)
 *
 * @param memoryKiB memory in KiB ({@code m})
 * @param iterations passes over the memory ({@code t})
 * @param parallelism lanes ({@code p})
 */
record Argon2Cost(int memoryKiB, int iterations, int parallelism) {

    /** 1 GiB: far above anything a NAS should use, low enough that a bad header can't ask more. */
    static final int MAX_MEMORY_KIB = 1 << 20;

    static final int MAX_ITERATIONS = 20;
    static final int MAX_PARALLELISM = 16;

    /**
     * RFC 9106's second recommended option (64 MiB, 3 passes) with one lane. Stronger than the
     * login default because it runs once per boot, not per request, and guards every private file;
     * one lane so a 2-core NAS stays responsive while it runs.
     */
    static final Argon2Cost DEFAULT = new Argon2Cost(64 * 1024, 3, 1);

    /**
     * Checks the bounds.
     *
     * @throws IllegalArgumentException when a parameter is outside what Argon2 allows or above the
     *     node's ceiling
     */
    Argon2Cost {
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
}
