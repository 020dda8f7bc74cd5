/*
 * count_vowels_c.wasm: Extism-ABI plug-in, freestanding (no WASI imports).
 *   count_vowels: output {"count":N,"total":T,"vowels":"aeiouAEIOU"} where N is
 *                 the number of input bytes in "aeiouAEIOU" and T the running
 *                 total kept in the plug-in variable "total" (decimal text).
 *   echo:         output = input bytes unchanged.
 *   greet:        output = "Hello, " + config "name" (or "world" if missing).
 */
#include "elastos_pdk.h"

static const char VOWELS[] = "aeiouAEIOU";

static int is_vowel(uint8_t c) {
  for (const char *v = VOWELS; *v; v++) {
    if ((uint8_t)*v == c) {
      return 1;
    }
  }
  return 0;
}

/* Writes the decimal digits of v at dst, returns the number of digits. */
static uint32_t put_u64(char *dst, uint64_t v) {
  char tmp[20];
  uint32_t n = 0;
  do {
    tmp[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v != 0);
  for (uint32_t i = 0; i < n; i++) {
    dst[i] = tmp[n - 1 - i];
  }
  return n;
}

static uint32_t put_str(char *dst, const char *s) {
  uint32_t n = 0;
  while (s[n]) {
    dst[n] = s[n];
    n++;
  }
  return n;
}

/* Leading decimal digits of buf as an unsigned number (0 if there are none). */
static uint64_t parse_u64(const uint8_t *buf, int64_t len) {
  uint64_t v = 0;
  for (int64_t i = 0; i < len && buf[i] >= '0' && buf[i] <= '9'; i++) {
    v = v * 10 + (uint64_t)(buf[i] - '0');
  }
  return v;
}

/* Copy len bytes from one kernel block to another, 8 bytes at a time. */
static void kernel_copy(ExtismPointer dst, ExtismPointer src, uint64_t len) {
  uint64_t i = 0;
  for (; i + 8 <= len; i += 8) {
    extism_store_u64(dst + i, extism_load_u64(src + i));
  }
  for (; i < len; i++) {
    extism_store_u8(dst + i, extism_load_u8(src + i));
  }
}

ELASTOS_EXPORT("count_vowels") int32_t count_vowels(void) {
  uint64_t len = extism_input_length();
  uint64_t count = 0;
  uint64_t i = 0;
  for (; i + 8 <= len; i += 8) {
    uint64_t w = extism_input_load_u64(i);
    for (int b = 0; b < 8; b++) {
      count += (uint64_t)is_vowel((uint8_t)(w >> (8 * b)));
    }
  }
  for (; i < len; i++) {
    count += (uint64_t)is_vowel((uint8_t)extism_input_load_u8(i));
  }

  uint8_t prev[32];
  int64_t prev_len = elastos_var_get("total", prev, sizeof prev);
  uint64_t total = prev_len < 0 ? 0 : parse_u64(prev, prev_len > 32 ? 32 : prev_len);
  total += count;

  char num[24];
  uint32_t num_len = put_u64(num, total);
  elastos_var_set("total", num, num_len);

  char out[96];
  uint32_t n = 0;
  n += put_str(out + n, "{\"count\":");
  n += put_u64(out + n, count);
  n += put_str(out + n, ",\"total\":");
  n += put_u64(out + n, total);
  n += put_str(out + n, ",\"vowels\":\"");
  n += put_str(out + n, VOWELS);
  n += put_str(out + n, "\"}");
  elastos_output(out, n);
  return 0;
}

ELASTOS_EXPORT("echo") int32_t echo(void) {
  uint64_t len = extism_input_length();
  if (len == 0) {
    return 0;
  }
  ExtismPointer out = extism_alloc(len);
  if (out == 0) {
    elastos_error("echo: alloc failed");
    return 1;
  }
  uint64_t i = 0;
  for (; i + 8 <= len; i += 8) {
    extism_store_u64(out + i, extism_input_load_u64(i));
  }
  for (; i < len; i++) {
    extism_store_u8(out + i, extism_input_load_u8(i));
  }
  extism_output_set(out, len);
  return 0;
}

ELASTOS_EXPORT("greet") int32_t greet(void) {
  static const char prefix[] = "Hello, ";
  const uint64_t plen = sizeof prefix - 1;
  ExtismPointer key = elastos_alloc_str("name");
  ExtismPointer name = extism_config_get(key);
  extism_free(key);
  if (name == 0) {
    elastos_output_str("Hello, world");
    return 0;
  }
  uint64_t nlen = extism_length(name);
  ExtismPointer out = extism_alloc(plen + nlen);
  elastos_store(out, prefix, plen);
  kernel_copy(out + plen, name, nlen);
  extism_free(name);
  extism_output_set(out, plen + nlen);
  return 0;
}
