/*
 * error.wasm: run sets the error "bad input: <input>" and returns 1.
 */
#include "elastos_pdk.h"

ELASTOS_EXPORT("run") int32_t run(void) {
  static const char prefix[] = "bad input: ";
  const uint64_t plen = sizeof prefix - 1;
  uint64_t len = extism_input_length();
  ExtismPointer msg = extism_alloc(plen + len);
  elastos_store(msg, prefix, plen);
  for (uint64_t i = 0; i < len; i++) {
    extism_store_u8(msg + plen + i, extism_input_load_u8(i));
  }
  extism_error_set(msg);
  return 1;
}
