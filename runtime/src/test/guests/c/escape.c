/*
 * escape.wasm: WASI sandbox-escape attempts (reactor: call _initialize first).
 *   run: tries, in this order,
 *          fopen("/data/../../etc/passwd", "r")
 *          fopen("/etc/passwd", "r")
 *          fopen("../secret", "r")
 *          symlink("/etc", "/data/link"), then fopen("/data/link/passwd", "r")
 *        and outputs one line per fopen attempt: "<path> denied" or
 *        "<path> OPENED" (4 lines, each ending in "\n"). The symlink
 *        result is printed to stdout ("symlink /data/link denied|CREATED").
 *        A sandbox that holds outputs "denied" on all four lines.
 */
#include "elastos_pdk.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char out[1024];
static size_t out_len = 0;

static void attempt(const char *path) {
  FILE *f = fopen(path, "r");
  const char *verdict = f == NULL ? "denied" : "OPENED";
  if (f != NULL) {
    fclose(f);
  }
  int n = snprintf(out + out_len, sizeof out - out_len, "%s %s\n", path, verdict);
  if (n > 0) {
    out_len += (size_t)n;
  }
}

ELASTOS_EXPORT("run") int32_t run(void) {
  out_len = 0;
  attempt("/data/../../etc/passwd");
  attempt("/etc/passwd");
  attempt("../secret");
  int rc = symlink("/etc", "/data/link");
  printf("symlink /data/link %s\n", rc == 0 ? "CREATED" : "denied");
  fflush(stdout);
  attempt("/data/link/passwd");
  elastos_output(out, out_len);
  return 0;
}
