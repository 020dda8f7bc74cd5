/*
 * wasi_files.wasm: WASI reactor (call the exported _initialize first!) that
 * uses wasi-libc stdio and dirent against the "/data" preopen.
 *   run: mkdir /data/notes (an existing one is fine), write
 *        /data/notes/hello.txt, read it back, list /data/notes, print
 *        "ok <content>" to stdout and set the Extism output to the content.
 *        The content is the input, or "hello from wasi" when the input is
 *        empty. Any failure: error "<step> <path>: <strerror>" and return 1.
 */
#define ELASTOS_PDK_USE_LIBC
#include "elastos_pdk.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define DIR_PATH "/data/notes"
#define FILE_PATH "/data/notes/hello.txt"

static int fail(const char *step, const char *path) {
  char msg[256];
  snprintf(msg, sizeof msg, "%s %s: %s", step, path, strerror(errno));
  fprintf(stderr, "%s\n", msg);
  elastos_error(msg);
  return 1;
}

ELASTOS_EXPORT("run") int32_t run(void) {
  uint64_t in_len = 0;
  uint8_t *input = elastos_input_alloc(&in_len);
  const char *content = (input != NULL && in_len > 0) ? (const char *)input : "hello from wasi";
  size_t content_len = strlen(content);

  if (mkdir(DIR_PATH, 0755) != 0 && errno != EEXIST) {
    return fail("mkdir", DIR_PATH);
  }

  FILE *f = fopen(FILE_PATH, "w");
  if (f == NULL) {
    return fail("fopen(w)", FILE_PATH);
  }
  if (fwrite(content, 1, content_len, f) != content_len) {
    fclose(f);
    return fail("fwrite", FILE_PATH);
  }
  if (fclose(f) != 0) {
    return fail("fclose", FILE_PATH);
  }

  f = fopen(FILE_PATH, "r");
  if (f == NULL) {
    return fail("fopen(r)", FILE_PATH);
  }
  char *back = malloc(content_len + 2);
  size_t got = fread(back, 1, content_len + 1, f);
  fclose(f);
  back[got] = 0;

  DIR *d = opendir(DIR_PATH);
  if (d == NULL) {
    return fail("opendir", DIR_PATH);
  }
  int seen = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
      continue;
    }
    printf("entry %s\n", e->d_name);
    if (strcmp(e->d_name, "hello.txt") == 0) {
      seen = 1;
    }
  }
  closedir(d);
  if (!seen) {
    errno = ENOENT;
    return fail("readdir: hello.txt missing in", DIR_PATH);
  }

  printf("ok %s\n", back);
  fflush(stdout);
  elastos_output(back, got);
  free(back);
  free(input);
  return 0;
}
