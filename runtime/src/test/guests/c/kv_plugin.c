/*
 * kv_plugin.wasm: uses the ElastOS Node host functions (extism:host/user).
 *   kv_roundtrip: input "key=value" -> kv_put(key, value); output kv_get(key)
 *   kv_list_all:  output kv_list("") (newline-separated keys)
 *   who:          output identity_caller() ({"did":"...","role":"..."})
 */
#include "elastos_pdk.h"

/* Copy input[from, from+len) into a new kernel block (0 when len == 0). */
static ExtismPointer input_slice(uint64_t from, uint64_t len) {
  if (len == 0) {
    return 0;
  }
  ExtismPointer p = extism_alloc(len);
  for (uint64_t i = 0; i < len; i++) {
    extism_store_u8(p + i, extism_input_load_u8(from + i));
  }
  return p;
}

ELASTOS_EXPORT("kv_roundtrip") int32_t kv_roundtrip(void) {
  uint64_t len = extism_input_length();
  uint64_t eq = 0;
  while (eq < len && extism_input_load_u8(eq) != '=') {
    eq++;
  }
  if (eq == len || eq == 0) {
    elastos_error("kv_roundtrip: expected input \"key=value\"");
    return 1;
  }
  ExtismPointer key = input_slice(0, eq);
  ExtismPointer value = input_slice(eq + 1, len - eq - 1);
  elastos_kv_put(key, value);

  ExtismPointer key2 = input_slice(0, eq);
  ExtismPointer got = elastos_kv_get(key2);
  if (got == 0) {
    elastos_error("kv_roundtrip: kv_get returned nothing after kv_put");
    return 1;
  }
  elastos_output_block(got);
  return 0;
}

ELASTOS_EXPORT("kv_list_all") int32_t kv_list_all(void) {
  /* The empty prefix: a zero-length block (alloc(0) is 0 in the Extism kernel). */
  ExtismPointer prefix = extism_alloc(0);
  elastos_output_block(elastos_kv_list(prefix));
  return 0;
}

ELASTOS_EXPORT("who") int32_t who(void) {
  ExtismPointer id = elastos_identity_caller();
  if (id == 0) {
    elastos_error("who: identity_caller returned nothing");
    return 1;
  }
  elastos_output_block(id);
  return 0;
}
