/*
 * http_get.wasm: an Extism HTTP request through the host (net.fetch:<host> capabilities).
 *   get: input is a URL; output is "<status> <body>"; also logs the status (log capability).
 */
#include "elastos_pdk.h"

static char url[2048];
static char request[2300];
static char body[65536];
static char out[65600];

ELASTOS_EXPORT("get") int32_t get(void) {
  uint64_t n = elastos_input(url, sizeof url - 1);
  url[n] = 0;
  const char *prefix = "{\"method\":\"GET\",\"url\":\"";
  uint64_t at = 0;
  for (const char *p = prefix; *p; p++) {
    request[at++] = *p;
  }
  for (uint64_t i = 0; i < n; i++) {
    if (url[i] == '"' || url[i] == '\\') {
      elastos_error("get: URL must not contain quotes or backslashes");
      return 1;
    }
    request[at++] = url[i];
  }
  request[at++] = '"';
  request[at++] = '}';
  ExtismPointer req = elastos_alloc_bytes(request, at);
  ExtismPointer res = extism_http_request(req, 0);
  int32_t status = extism_http_status_code();
  int64_t len = elastos_block_read(res, body, sizeof body);
  if (len < 0) {
    len = 0;
  }
  if (len > (int64_t)sizeof body) {
    len = sizeof body;
  }
  uint64_t o = 0;
  out[o++] = (char)('0' + (status / 100) % 10);
  out[o++] = (char)('0' + (status / 10) % 10);
  out[o++] = (char)('0' + status % 10);
  out[o++] = ' ';
  for (int64_t i = 0; i < len && o < sizeof out; i++) {
    out[o++] = body[i];
  }
  elastos_log(ELASTOS_LOG_INFO, "http_get: request done");
  elastos_output(out, o);
  return 0;
}
