// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.wasm;

import static io.elastos.runtime.internal.wasm.TestWasm.limits;
import static io.elastos.runtime.internal.wasm.TestWasm.memorySection;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.elastos.runtime.internal.wasm.ModuleInfo.MemoryLimits;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random mutations of valid modules must only ever yield a result or the documented exceptions. */
class WasmFuzzTest {

    private static final int ITERATIONS = 20_000;
    private static final int CAP = 32;
    private static final int[] INTERESTING = {0x00, 0x01, 0x7F, 0x80, 0xFF, 0x60, 0x05, 0x0B};

    private static byte[][] seeds() throws Exception {
        byte[] selftest = TestWasm.resource("/wasm/selftest.wasm");
        byte[] a = TestWasm.sample();
        byte[] b = TestWasm.sample(memorySection(limits(0x01, 2, 1000), limits(0x03, 1, 2)));
        return selftest == null ? new byte[][] {a, b} : new byte[][] {a, b, selftest};
    }

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] out = seed;
        int rounds = 1 + random.nextInt(4);
        for (int i = 0; i < rounds && out.length > 0; i++) {
            int at = random.nextInt(out.length);
            switch (random.nextInt(5)) {
                case 0 -> out[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> out[at] = (byte) INTERESTING[random.nextInt(INTERESTING.length)];
                case 2 -> out = Arrays.copyOf(out, at);
                case 3 -> out = insert(out, at, (byte) random.nextInt(256));
                default -> out = delete(out, at);
            }
        }
        return out;
    }

    private static byte[] insert(byte[] in, int at, byte value) {
        byte[] out = new byte[in.length + 1];
        System.arraycopy(in, 0, out, 0, at);
        out[at] = value;
        System.arraycopy(in, at, out, at + 1, in.length - at);
        return out;
    }

    private static byte[] delete(byte[] in, int at) {
        byte[] out = new byte[in.length - 1];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(in, at + 1, out, at, in.length - at - 1);
        return out;
    }

    @Test
    void inspectorOnlyThrowsFormatExceptions() throws Exception {
        byte[][] seeds = seeds();
        Random random = new Random(0x5EED_0001L);
        int accepted = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] input = mutate(seeds[i % seeds.length].clone(), random);
            try {
                ModuleInspector.inspect(input);
                accepted++;
            } catch (WasmFormatException expected) {
                // fine
            } catch (Throwable t) {
                fail("iteration " + i + " input " + HexFormat.of().formatHex(input), t);
            }
        }
        // Sanity check that the mutations do not all die in the header.
        assertTrue(accepted > 0 && accepted < ITERATIONS, "accepted " + accepted);
    }

    @Test
    void capperOnlyThrowsDocumentedExceptionsAndOutputsCappedModules() throws Exception {
        byte[][] seeds = seeds();
        Random random = new Random(0x5EED_0002L);
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] input = mutate(seeds[i % seeds.length].clone(), random);
            try {
                byte[] output = MemoryCapper.cap(input, CAP);
                for (MemoryLimits m : ModuleInspector.inspect(output).memories()) {
                    assertTrue(m.maxPages().orElseThrow() <= CAP, m.toString());
                }
            } catch (WasmFormatException | MemoryCapException expected) {
                // fine
            } catch (Throwable t) {
                fail("iteration " + i + " input " + HexFormat.of().formatHex(input), t);
            }
        }
    }
}
