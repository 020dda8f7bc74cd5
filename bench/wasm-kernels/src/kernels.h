/*
 * ElastOS Node benchmark kernels.
 *
 * Each kernel is a pure, CPU-bound function with no I/O and no libc calls
 * that would need WASI imports. The same source is compiled to
 *   - wasm32 (clang + wasi-libc headers, no imports, exported as "run")
 *   - native x86-64 (gcc -O2, linked with native/main.c as a timing driver)
 * and each kernel returns a 64-bit checksum so results can be cross-checked
 * between engines.
 */
#ifndef ELASTOS_BENCH_KERNELS_H
#define ELASTOS_BENCH_KERNELS_H

#include <stdint.h>

#if defined(__wasm__)
#define KERNEL_EXPORT(name) __attribute__((export_name(name), visibility("default")))
#else
#define KERNEL_EXPORT(name)
#endif

/* sha256.c: SHA-256 over `mib` MiB of deterministic pseudo-random data;
 * returns the first 8 bytes of the digest as a big-endian integer. */
uint64_t kernel_sha256(uint32_t mib);

/* sieve.c: sieve of Eratosthenes below `limit` (limit <= SIEVE_MAX);
 * returns (count of primes << 40) ^ (sum of primes). */
uint64_t kernel_sieve(uint32_t limit);

/* fib.c: naive doubly-recursive Fibonacci. */
uint64_t kernel_fib(uint32_t n);

#define SIEVE_MAX 32000000u

#endif
