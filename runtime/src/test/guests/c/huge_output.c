/*
 * huge_output.wasm: output-size limits.
 *   run:      alloc 64 MiB of kernel memory and output_set all of it
 *   run_size: input is a decimal size N; output N bytes of 'x'
 */
#include "elastos_pdk.h"

#define HUGE_SIZE (64ull * 1024 * 1024)

ELASTOS_EXPORT("run") int32_t run(void) {
  ExtismPointer p = extism_alloc(HUGE_SIZE);
  if (p == 0) {
    elastos_error("huge_output: alloc of 64 MiB failed");
    return 1;
  }
  extism_output_set(p, HUGE_SIZE);
  return 0;
}

ELASTOS_EXPORT("run_size") int32_t run_size(void) {
  uint64_t len = extism_input_length();
  uint64_t n = 0;
  for (uint64_t i = 0; i < len; i++) {
    uint32_t c = extism_input_load_u8(i);
    if (c < '0' || c > '9') {
      elastos_error("huge_output: input must be a decimal size");
      return 1;
    }
    n = n * 10 + (c - '0');
  }
  if (n == 0) {
    return 0;
  }
  ExtismPointer p = extism_alloc(n);
  if (p == 0) {
    elastos_error("huge_output: alloc failed");
    return 1;
  }
  uint64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    extism_store_u64(p + i, 0x7878787878787878ull);
  }
  for (; i < n; i++) {
    extism_store_u8(p + i, 'x');
  }
  extism_output_set(p, n);
  return 0;
}
