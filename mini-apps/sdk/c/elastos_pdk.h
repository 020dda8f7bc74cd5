/*
 * elastos_pdk.h - single-header C plug-in development kit for ElastOS Node
 * mini-apps (Extism-compatible plug-in ABI).
 *
 * Target: C11, clang --target=wasm32-wasi (with wasi-libc) or --target=wasm32
 * freestanding (-nostdlib). Only the host functions a module actually calls
 * become wasm imports, so including this header costs nothing.
 *
 * Memory model: every ExtismPointer is a u64 offset into the HOST-managed
 * kernel memory, not into the guest's linear memory. Data moves between the
 * two with load/store calls; the helpers below do that for byte ranges
 * (8 bytes at a time with load_u64/store_u64, the tail byte by byte).
 *
 * Exported plug-in functions take no arguments and return int32_t:
 * 0 = success, non-zero = failure (set an error text with elastos_error()).
 *
 *     #include "elastos_pdk.h"
 *     ELASTOS_EXPORT("hello") int32_t hello(void) {
 *         elastos_output_str("hi");
 *         return 0;
 *     }
 *
 * Modules:
 *   "extism:host/env"  - the Extism kernel (input, output, memory, config,
 *                        vars, logging, HTTP).
 *   "extism:host/user" - the ElastOS Node host functions (key/value store,
 *                        files, identity, p2p). Each one is only linked when
 *                        the app manifest grants the matching capability;
 *                        calling an ungranted one fails at instantiation.
 *
 * Define ELASTOS_PDK_USE_LIBC before including to let the malloc-based
 * helpers (elastos_input_alloc, elastos_load_alloc, ...) use <stdlib.h>.
 * Without it those helpers are not declared, so the header also works with
 * -nostdlib.
 *
 * Quirks shared by all Extism hosts worth knowing:
 *   - A value passed to var_set/output_set/error_set must stay allocated:
 *     do not free() it afterwards (some hosts keep a reference to the block).
 *   - Allocate output blocks with the exact output length; some hosts ignore
 *     the length argument of output_set and return the whole block.
 *   - Zero-length output: simply do not call output_set.
 */
#ifndef ELASTOS_PDK_H
#define ELASTOS_PDK_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef uint64_t ExtismPointer;

#define ELASTOS_ENV_MODULE "extism:host/env"
#define ELASTOS_USER_MODULE "extism:host/user"

#define ELASTOS_IMPORT(module, name)                                           \
  __attribute__((import_module(module), import_name(name)))
#define ELASTOS_IMPORT_ENV(name) ELASTOS_IMPORT(ELASTOS_ENV_MODULE, name)
#define ELASTOS_IMPORT_USER(name) ELASTOS_IMPORT(ELASTOS_USER_MODULE, name)

/* Mark a function as a wasm export under the given name (a string). */
#define ELASTOS_EXPORT(name) __attribute__((export_name(name), used))

/* ------------------------------------------------------------------------ */
/* Extism kernel: module "extism:host/env"                                   */
/* ------------------------------------------------------------------------ */

ELASTOS_IMPORT_ENV("input_length") extern uint64_t extism_input_length(void);
ELASTOS_IMPORT_ENV("input_load_u8") extern uint32_t extism_input_load_u8(ExtismPointer offset);
ELASTOS_IMPORT_ENV("input_load_u64") extern uint64_t extism_input_load_u64(ExtismPointer offset);
ELASTOS_IMPORT_ENV("length") extern uint64_t extism_length(ExtismPointer p);
ELASTOS_IMPORT_ENV("length_unsafe") extern uint64_t extism_length_unsafe(ExtismPointer p);
ELASTOS_IMPORT_ENV("alloc") extern ExtismPointer extism_alloc(uint64_t size);
ELASTOS_IMPORT_ENV("free") extern void extism_free(ExtismPointer p);
ELASTOS_IMPORT_ENV("output_set") extern void extism_output_set(ExtismPointer p, uint64_t len);
ELASTOS_IMPORT_ENV("error_set") extern void extism_error_set(ExtismPointer p);
ELASTOS_IMPORT_ENV("config_get") extern ExtismPointer extism_config_get(ExtismPointer key);
ELASTOS_IMPORT_ENV("var_get") extern ExtismPointer extism_var_get(ExtismPointer key);
ELASTOS_IMPORT_ENV("var_set") extern void extism_var_set(ExtismPointer key, ExtismPointer value);
ELASTOS_IMPORT_ENV("store_u8") extern void extism_store_u8(ExtismPointer p, uint32_t v);
ELASTOS_IMPORT_ENV("load_u8") extern uint32_t extism_load_u8(ExtismPointer p);
ELASTOS_IMPORT_ENV("store_u64") extern void extism_store_u64(ExtismPointer p, uint64_t v);
ELASTOS_IMPORT_ENV("load_u64") extern uint64_t extism_load_u64(ExtismPointer p);
ELASTOS_IMPORT_ENV("http_request") extern ExtismPointer extism_http_request(ExtismPointer req_json, ExtismPointer body);
ELASTOS_IMPORT_ENV("http_status_code") extern int32_t extism_http_status_code(void);
ELASTOS_IMPORT_ENV("http_headers") extern ExtismPointer extism_http_headers(void);
ELASTOS_IMPORT_ENV("log_info") extern void extism_log_info(ExtismPointer p);
ELASTOS_IMPORT_ENV("log_debug") extern void extism_log_debug(ExtismPointer p);
ELASTOS_IMPORT_ENV("log_warn") extern void extism_log_warn(ExtismPointer p);
ELASTOS_IMPORT_ENV("log_error") extern void extism_log_error(ExtismPointer p);
ELASTOS_IMPORT_ENV("log_trace") extern void extism_log_trace(ExtismPointer p);
ELASTOS_IMPORT_ENV("get_log_level") extern int32_t extism_get_log_level(void);

/* ------------------------------------------------------------------------ */
/* ElastOS Node host functions: module "extism:host/user"                    */
/* All arguments/results are kernel-memory pointers; 0 = missing/none.       */
/* ------------------------------------------------------------------------ */

/* Value stored under key, or 0 when absent. */
ELASTOS_IMPORT_USER("kv_get") extern ExtismPointer elastos_kv_get(ExtismPointer key);
ELASTOS_IMPORT_USER("kv_put") extern void elastos_kv_put(ExtismPointer key, ExtismPointer value);
/* 1 when the key existed and was removed, 0 otherwise. */
ELASTOS_IMPORT_USER("kv_delete") extern uint64_t elastos_kv_delete(ExtismPointer key);
/* Newline-separated keys starting with prefix. */
ELASTOS_IMPORT_USER("kv_list") extern ExtismPointer elastos_kv_list(ExtismPointer prefix);
ELASTOS_IMPORT_USER("file_read") extern ExtismPointer elastos_file_read(ExtismPointer path);
ELASTOS_IMPORT_USER("file_write") extern void elastos_file_write(ExtismPointer path, ExtismPointer data);
/* Newline-separated entry names of a directory. */
ELASTOS_IMPORT_USER("file_list") extern ExtismPointer elastos_file_list(ExtismPointer dir);
/* Up to length bytes of a file from offset (8 MiB at most; 0 at or past the end), so a file
 * larger than memory can be streamed. */
ELASTOS_IMPORT_USER("file_read_range")
extern ExtismPointer elastos_file_read_range(ExtismPointer path, uint64_t offset, uint64_t length);
/* Size of a file in bytes, -1 when there is none. */
ELASTOS_IMPORT_USER("file_size") extern int64_t elastos_file_size(ExtismPointer path);
/* 1 when a file or empty folder was deleted. */
ELASTOS_IMPORT_USER("file_delete") extern uint64_t elastos_file_delete(ExtismPointer path);
/* Newline-separated entry names of a zip file in the app's file area. */
ELASTOS_IMPORT_USER("zip_list") extern ExtismPointer elastos_zip_list(ExtismPointer zip);
/* Unpacks one zip entry into another file (streamed by the node); its size, -1 when absent. */
ELASTOS_IMPORT_USER("zip_extract")
extern int64_t elastos_zip_extract(ExtismPointer zip, ExtismPointer entry, ExtismPointer dest);
/* files.read: newline-separated entries of a folder of the owner's files ("/Photos"). */
ELASTOS_IMPORT_USER("owner_file_list") extern ExtismPointer elastos_owner_file_list(ExtismPointer dir);
/* files.read: an owner's image scaled to fit max_edge (16..2048) as JPEG; 0 if not an image. */
ELASTOS_IMPORT_USER("owner_image")
extern ExtismPointer elastos_owner_image(ExtismPointer path, uint64_t max_edge);
/* Milliseconds since 1970 UTC (no capability needed). */
ELASTOS_IMPORT_USER("time_now") extern int64_t elastos_time_now(void);
/* n (1..4096) bytes from the node's secure random generator (no capability needed). */
ELASTOS_IMPORT_USER("random_bytes") extern ExtismPointer elastos_random_bytes(uint64_t n);
/* JSON {"did":"...","role":"..."} describing the caller. */
ELASTOS_IMPORT_USER("identity_caller") extern ExtismPointer elastos_identity_caller(void);
ELASTOS_IMPORT_USER("p2p_send") extern void elastos_p2p_send(ExtismPointer did, ExtismPointer payload);

/* ------------------------------------------------------------------------ */
/* Helpers                                                                   */
/* ------------------------------------------------------------------------ */

/* Length of a C string without libc. */
static inline size_t elastos_strlen(const char *s) {
  size_t n = 0;
  while (s[n] != 0) {
    n++;
  }
  return n;
}

/* Copy len bytes from kernel memory at src into guest memory at dst. */
static inline void elastos_load(ExtismPointer src, void *dst, uint64_t len) {
  uint8_t *d = (uint8_t *)dst;
  uint64_t i = 0;
  for (; i + 8 <= len; i += 8) {
    uint64_t w = extism_load_u64(src + i);
    __builtin_memcpy(d + i, &w, 8);
  }
  for (; i < len; i++) {
    d[i] = (uint8_t)extism_load_u8(src + i);
  }
}

/* Copy len bytes from guest memory at src into kernel memory at dst. */
static inline void elastos_store(ExtismPointer dst, const void *src, uint64_t len) {
  const uint8_t *s = (const uint8_t *)src;
  uint64_t i = 0;
  for (; i + 8 <= len; i += 8) {
    uint64_t w;
    __builtin_memcpy(&w, s + i, 8);
    extism_store_u64(dst + i, w);
  }
  for (; i < len; i++) {
    extism_store_u8(dst + i, s[i]);
  }
}

/* Allocate a kernel block holding a copy of the bytes (0 if len == 0). */
static inline ExtismPointer elastos_alloc_bytes(const void *data, uint64_t len) {
  if (len == 0) {
    return 0;
  }
  ExtismPointer p = extism_alloc(len);
  if (p != 0) {
    elastos_store(p, data, len);
  }
  return p;
}

/* Allocate a kernel block holding the C string (without the NUL). */
static inline ExtismPointer elastos_alloc_str(const char *s) {
  return elastos_alloc_bytes(s, elastos_strlen(s));
}

/* Number of input bytes. */
static inline uint64_t elastos_input_length(void) {
  return extism_input_length();
}

/* Copy at most cap input bytes into buf; returns the number copied. */
static inline uint64_t elastos_input(void *buf, uint64_t cap) {
  uint64_t len = extism_input_length();
  if (len > cap) {
    len = cap;
  }
  uint8_t *d = (uint8_t *)buf;
  uint64_t i = 0;
  for (; i + 8 <= len; i += 8) {
    uint64_t w = extism_input_load_u64(i);
    __builtin_memcpy(d + i, &w, 8);
  }
  for (; i < len; i++) {
    d[i] = (uint8_t)extism_input_load_u8(i);
  }
  return len;
}

/* Set the call's output to a copy of the bytes. */
static inline void elastos_output(const void *data, uint64_t len) {
  if (len == 0) {
    return; /* no output_set: the output is empty */
  }
  ExtismPointer p = elastos_alloc_bytes(data, len);
  extism_output_set(p, len);
}

static inline void elastos_output_str(const char *s) {
  elastos_output(s, elastos_strlen(s));
}

/* Use an existing kernel block as the output (e.g. a host function result). */
static inline void elastos_output_block(ExtismPointer p) {
  if (p != 0) {
    uint64_t len = extism_length(p);
    if (len != 0) {
      extism_output_set(p, len);
    }
  }
}

/* Set the call's error text; the exported function should then return non-zero. */
static inline void elastos_error_bytes(const void *msg, uint64_t len) {
  /* an empty message is replaced by "error" so that a block always exists */
  ExtismPointer p = len == 0 ? elastos_alloc_bytes("error", 5)
                             : elastos_alloc_bytes(msg, len);
  extism_error_set(p);
}

static inline void elastos_error(const char *msg) {
  elastos_error_bytes(msg, elastos_strlen(msg));
}

/* Log levels for elastos_log(). */
typedef enum {
  ELASTOS_LOG_TRACE = 0,
  ELASTOS_LOG_DEBUG = 1,
  ELASTOS_LOG_INFO = 2,
  ELASTOS_LOG_WARN = 3,
  ELASTOS_LOG_ERROR = 4
} ElastosLogLevel;

/* Log a C string at the given level (log_trace needs a recent Extism host). */
static inline void elastos_log(ElastosLogLevel level, const char *s) {
  ExtismPointer p = elastos_alloc_str(s);
  if (p == 0) {
    return;
  }
  switch (level) {
  case ELASTOS_LOG_TRACE: extism_log_trace(p); break;
  case ELASTOS_LOG_DEBUG: extism_log_debug(p); break;
  case ELASTOS_LOG_INFO: extism_log_info(p); break;
  case ELASTOS_LOG_WARN: extism_log_warn(p); break;
  default: extism_log_error(p); break;
  }
  extism_free(p);
}

/*
 * Copy the value of a kernel block into buf (at most cap bytes).
 * Returns the full length of the block (which may exceed cap), or -1 if p == 0.
 */
static inline int64_t elastos_block_read(ExtismPointer p, void *buf, uint64_t cap) {
  if (p == 0) {
    return -1;
  }
  uint64_t len = extism_length(p);
  elastos_load(p, buf, len < cap ? len : cap);
  return (int64_t)len;
}

/*
 * Config value for key copied into buf (at most cap bytes).
 * Returns its length, or -1 when the key is missing.
 */
static inline int64_t elastos_config_get(const char *key, void *buf, uint64_t cap) {
  ExtismPointer k = elastos_alloc_str(key);
  ExtismPointer v = extism_config_get(k);
  extism_free(k);
  int64_t n = elastos_block_read(v, buf, cap);
  if (v != 0) {
    extism_free(v);
  }
  return n;
}

/*
 * Plug-in variable for key copied into buf (at most cap bytes).
 * Returns its length, or -1 when the variable is not set.
 * The returned block is not freed: some hosts hand out the variable's own block.
 */
static inline int64_t elastos_var_get(const char *key, void *buf, uint64_t cap) {
  ExtismPointer k = elastos_alloc_str(key);
  ExtismPointer v = extism_var_get(k);
  extism_free(k);
  return elastos_block_read(v, buf, cap);
}

/* Set (len > 0) or delete (data == NULL) a plug-in variable. */
static inline void elastos_var_set(const char *key, const void *data, uint64_t len) {
  ExtismPointer k = elastos_alloc_str(key);
  ExtismPointer v = data == NULL ? 0 : extism_alloc(len);
  if (v != 0) {
    elastos_store(v, data, len);
  }
  extism_var_set(k, v); /* the value block must stay allocated */
}

#ifdef ELASTOS_PDK_USE_LIBC
#include <stdlib.h>

/* Copy a kernel block into a malloc'd, NUL-terminated buffer (NULL if p == 0). */
static inline uint8_t *elastos_load_alloc(ExtismPointer p, uint64_t *out_len) {
  if (p == 0) {
    return NULL;
  }
  uint64_t len = extism_length(p);
  uint8_t *buf = (uint8_t *)malloc((size_t)len + 1);
  if (buf == NULL) {
    return NULL;
  }
  elastos_load(p, buf, len);
  buf[len] = 0;
  if (out_len != NULL) {
    *out_len = len;
  }
  return buf;
}

/* The whole input in a malloc'd, NUL-terminated buffer. */
static inline uint8_t *elastos_input_alloc(uint64_t *out_len) {
  uint64_t len = extism_input_length();
  uint8_t *buf = (uint8_t *)malloc((size_t)len + 1);
  if (buf == NULL) {
    return NULL;
  }
  elastos_input(buf, len);
  buf[len] = 0;
  if (out_len != NULL) {
    *out_len = len;
  }
  return buf;
}

/* Config value as a malloc'd NUL-terminated string, or NULL when missing. */
static inline char *elastos_config_alloc(const char *key) {
  ExtismPointer k = elastos_alloc_str(key);
  ExtismPointer v = extism_config_get(k);
  extism_free(k);
  char *s = (char *)elastos_load_alloc(v, NULL);
  if (v != 0) {
    extism_free(v);
  }
  return s;
}

/* Plug-in variable as a malloc'd buffer, or NULL when not set. */
static inline uint8_t *elastos_var_alloc(const char *key, uint64_t *out_len) {
  ExtismPointer k = elastos_alloc_str(key);
  ExtismPointer v = extism_var_get(k);
  extism_free(k);
  return elastos_load_alloc(v, out_len);
}
#endif /* ELASTOS_PDK_USE_LIBC */

#ifdef __cplusplus
}
#endif

#endif /* ELASTOS_PDK_H */
