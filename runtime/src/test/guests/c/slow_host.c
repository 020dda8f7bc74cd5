/*
 * slow_host.wasm: calls the (test-provided, slow) host function kv_get once.
 *   run: kv_get(input, or "slow" when the input is empty); output its value
 *        (empty output when the key is absent)
 */
#include "elastos_pdk.h"

ELASTOS_EXPORT("run") int32_t run(void) {
  uint64_t len = extism_input_length();
  ExtismPointer key;
  if (len == 0) {
    key = elastos_alloc_str("slow");
  } else {
    key = extism_alloc(len);
    for (uint64_t i = 0; i < len; i++) {
      extism_store_u8(key + i, extism_input_load_u8(i));
    }
  }
  elastos_output_block(elastos_kv_get(key));
  return 0;
}
