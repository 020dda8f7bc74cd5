// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal;

/** The self-test module's FNV-1a, computed in Java to check the wasm result against. */
final class SelfTestExpectations {

    private SelfTestExpectations() {}

    static int fnv1a(int n) {
        int h = 0x811c9dc5;
        for (int i = 0; i < n; i++) {
            h = (h ^ ((i * 31 + 7) & 0xff)) * 16777619;
        }
        return h;
    }
}
