/*
 * compute.wasm: pure computation, no imports at all.
 *   fib(n)         -> n-th Fibonacci number (fib(0)=0, fib(1)=1), wrapping i32
 *   sieve(n)       -> number of primes p with p < n (0 for n < 3)
 *   sum_squares(n) -> 1^2 + 2^2 + ... + n^2 as i64 (0 for n <= 0)
 */
#include <stdint.h>

#define EXPORT(name) __attribute__((export_name(name), used))

extern unsigned char __heap_base;

EXPORT("fib") int32_t fib(int32_t n) {
  uint32_t a = 0, b = 1;
  for (int32_t i = 0; i < n; i++) {
    uint32_t t = a + b;
    a = b;
    b = t;
  }
  return (int32_t)a;
}

/* Byte-per-number sieve in the linear memory above __heap_base, grown on demand. */
EXPORT("sieve") int32_t sieve(int32_t n) {
  if (n < 3) {
    return 0;
  }
  uintptr_t base = (uintptr_t)&__heap_base;
  uintptr_t need = base + (uintptr_t)n;
  uintptr_t have = __builtin_wasm_memory_size(0) * 65536u;
  if (need > have) {
    uintptr_t pages = (need - have + 65535u) / 65536u;
    if (__builtin_wasm_memory_grow(0, pages) == (uintptr_t)-1) {
      return -1;
    }
  }
  volatile uint8_t *composite = (volatile uint8_t *)base;
  for (int32_t i = 0; i < n; i++) {
    composite[i] = 0;
  }
  int32_t count = 0;
  for (int32_t i = 2; i < n; i++) {
    if (composite[i]) {
      continue;
    }
    count++;
    for (int64_t j = (int64_t)i * i; j < n; j += i) {
      composite[j] = 1;
    }
  }
  return count;
}

EXPORT("sum_squares") int64_t sum_squares(int32_t n) {
  int64_t s = 0;
  for (int64_t i = 1; i <= n; i++) {
    s += i * i;
  }
  return s;
}
