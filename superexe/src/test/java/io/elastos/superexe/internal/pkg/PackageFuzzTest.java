// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.pkg;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.elastos.api.superexe.VerificationException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A seeded mutation fuzzer: mutated packages and mutated (re-signed) manifests must yield a package
 * or a {@link VerificationException}, nothing else, each within a deadline.
 */
class PackageFuzzTest {
    private static final long SECONDS = Long.getLong("elastos.fuzz.seconds", 20);
    private static final long SEED = Long.getLong("elastos.fuzz.seed", System.nanoTime());
    private static final ExecutorService EXEC =
            Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "fuzz-reader");
                t.setDaemon(true);
                return t;
            });

    private final PackageReader reader = new PackageReader(PackageLimits.DEFAULT);

    @AfterAll
    static void stop() {
        EXEC.shutdownNow();
    }

    @Test
    void mutatedInputsOnlyYieldPackagesOrVerificationExceptions() throws Exception {
        Random random = new Random(SEED);
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(Fixtures.builder(Fixtures.ED_KEY).build(Fixtures.ED_KEY));
        seeds.add(Fixtures.builder(Fixtures.WALLET).build(Fixtures.WALLET));
        byte[] manifest = Fixtures.builder(Fixtures.ED_KEY).manifestBytes();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
        int runs = 0;
        int accepted = 0;
        while (System.nanoTime() < deadline) {
            byte[] input;
            if (random.nextBoolean()) {
                input = mutate(seeds.get(random.nextInt(seeds.size())), random);
            } else {
                // Mutate the manifest and sign it again, so the fuzzer gets past the signature.
                byte[] m = mutate(manifest, random);
                input = Fixtures.template(m, Fixtures.ED_KEY.sign(m)).build();
            }
            if (check(input, runs)) {
                accepted++;
            }
            runs++;
        }
        System.out.println(
                "fuzz: seed " + SEED + ", " + runs + " inputs, " + accepted + " accepted");
        assertTrue(runs > 100, "fuzzer ran only " + runs + " inputs");
    }

    @Test
    void truncatedAndSplicedTextsOfTheManifestParser() throws Exception {
        String text =
                new String(
                        Fixtures.builder(Fixtures.ED_KEY).manifestBytes(), StandardCharsets.UTF_8);
        for (int i = 0; i <= text.length(); i += 3) {
            byte[] m = text.substring(0, i).getBytes(StandardCharsets.UTF_8);
            check(Fixtures.template(m, Fixtures.ED_KEY.sign(m)).build(), i);
        }
    }

    private boolean check(byte[] input, int run) throws InterruptedException {
        Future<ReadPackage> f = EXEC.submit(() -> reader.read(input));
        try {
            f.get(10, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof VerificationException) {
                return false;
            }
            fail(
                    "seed "
                            + SEED
                            + " run "
                            + run
                            + ": "
                            + e.getCause()
                            + " for input "
                            + Hex.of(Arrays.copyOf(input, Math.min(input.length, 4096))),
                    e.getCause());
        } catch (TimeoutException e) {
            f.cancel(true);
            fail("seed " + SEED + " run " + run + ": no answer within 10 s");
        }
        return false;
    }

    static byte[] mutate(byte[] seed, Random r) {
        byte[] b = seed.clone();
        int edits = 1 + r.nextInt(8);
        for (int i = 0; i < edits && b.length > 0; i++) {
            int at = r.nextInt(b.length);
            switch (r.nextInt(8)) {
                case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
                case 1 -> b[at] = (byte) r.nextInt(256);
                case 2 ->
                        b[at] =
                                (byte)
                                        new int[] {0, 0xff, 0x7f, 0x80, '"', '{', '[', ':'}
                                                [r.nextInt(8)];
                case 3 -> b = Arrays.copyOf(b, at);
                case 4 -> b = splice(b, at, new byte[1 + r.nextInt(16)], r);
                case 5 -> b = remove(b, at, 1 + r.nextInt(Math.min(16, b.length - at)));
                case 6 -> {
                    // Overwrite a little-endian field with an extreme value: sizes, offsets,
                    // counts.
                    int v = new int[] {0, 1, 0xffff, 0xffffffff, 0x7fffffff, 100}[r.nextInt(6)];
                    for (int k = 0; k < 4 && at + k < b.length; k++) {
                        b[at + k] = (byte) (v >>> (8 * k));
                    }
                }
                default -> {
                    int from = r.nextInt(b.length);
                    int len = Math.min(1 + r.nextInt(64), b.length - from);
                    b = splice(b, at, Arrays.copyOfRange(b, from, from + len), null);
                }
            }
        }
        return b;
    }

    private static byte[] splice(byte[] b, int at, byte[] insert, Random r) {
        if (r != null) {
            r.nextBytes(insert);
        }
        byte[] out = new byte[b.length + insert.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(b, at, out, at + insert.length, b.length - at);
        return out;
    }

    private static byte[] remove(byte[] b, int at, int len) {
        byte[] out = new byte[b.length - len];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(b, at + len, out, at, b.length - at - len);
        return out;
    }
}
