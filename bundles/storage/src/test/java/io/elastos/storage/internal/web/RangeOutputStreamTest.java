// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RangeOutputStreamTest {

    @Test
    void onlyTheRangeGetsThroughWhateverTheWriteSizes() throws Exception {
        byte[] data = new byte[1000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        int[][] ranges = {{0, 999}, {0, 0}, {999, 999}, {10, 519}, {300, 301}};
        for (int[] r : ranges) {
            for (int step : new int[] {1, 7, 256, 1000}) {
                ByteArrayOutputStream sink = new ByteArrayOutputStream();
                try (var out = new FilesServlet.RangeOutputStream(sink, r[0], r[1])) {
                    for (int i = 0; i < data.length; i += step) {
                        out.write(data, i, Math.min(step, data.length - i));
                    }
                }
                assertArrayEquals(
                        Arrays.copyOfRange(data, r[0], r[1] + 1),
                        sink.toByteArray(),
                        r[0] + "-" + r[1] + " by " + step);
            }
        }
    }
}
