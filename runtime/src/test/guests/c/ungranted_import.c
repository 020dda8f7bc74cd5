/*
 * ungranted_import.wasm: imports extism:host/user p2p_send. A mini-app whose
 * manifest does not grant p2p must be refused (the import stays unresolved).
 *   run: p2p_send("did:elastos:peer", "hello") and output "sent"
 */
#include "elastos_pdk.h"

ELASTOS_EXPORT("run") int32_t run(void) {
  elastos_p2p_send(elastos_alloc_str("did:elastos:peer"), elastos_alloc_str("hello"));
  elastos_output_str("sent");
  return 0;
}
