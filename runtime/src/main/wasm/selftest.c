// SPDX-License-Identifier: Apache-2.0
// The runtime's start-up self test: small, import-free, and touching linear memory, so a
// successful call proves the engine parses, instantiates and runs a real clang-built module.

static unsigned char buffer[4096];

__attribute__((export_name("fib"))) int fib(int n) {
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

// FNV-1a over n bytes of a deterministic pattern written into linear memory first.
__attribute__((export_name("fnv1a"))) unsigned int fnv1a(int n) {
    if (n < 0 || n > (int)sizeof buffer) {
        return 0;
    }
    for (int i = 0; i < n; i++) {
        buffer[i] = (unsigned char)(i * 31 + 7);
    }
    unsigned int h = 2166136261u;
    for (int i = 0; i < n; i++) {
        h = (h ^ buffer[i]) * 16777619u;
    }
    return h;
}
