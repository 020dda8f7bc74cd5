/*
 * provided.wasm: calls a host function a bundle provides (capability "test.echo", function
 * "shout" imported as test_echo_shout).
 *   shout: input bytes -> test_echo_shout(input) as output
 */
#include "elastos_pdk.h"

ELASTOS_IMPORT_USER("test_echo_shout") extern ExtismPointer test_echo_shout(ExtismPointer in);

ELASTOS_EXPORT("shout") int32_t shout(void) {
  uint64_t len = extism_input_length();
  ExtismPointer in = extism_alloc(len);
  for (uint64_t i = 0; i < len; i++) {
    extism_store_u8(in + i, extism_input_load_u8(i));
  }
  elastos_output_block(test_echo_shout(in));
  return 0;
}
