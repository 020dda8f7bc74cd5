/*
 * elastos_http.h - the HTTP side of a C mini-app, on top of elastos_pdk.h.
 *
 * The node turns a request to /apps/<id>/api/... into a call of the module's "handle"
 * export with a JSON envelope {"method","path","query","headers":{...},"body":"<base64>"}
 * and expects {"status","headers":{...},"body":"<text>"} back. This header reads the one
 * and writes the other, with a growable buffer and JSON string escaping for building
 * answers, a query-parameter reader and a path matcher.
 *
 * Needs a libc for malloc and friends: build with Debian's clang and wasi-libc,
 *   clang --target=wasm32-wasi -O2 -nostartfiles -Wl,--no-entry -o app.wasm app.c
 * Only malloc/memcpy-style functions are used, which import nothing from WASI, so the
 * module needs no _initialize call and no WASI capability.
 *
 *     #include "elastos_http.h"
 *     ELASTOS_EXPORT("handle") int32_t handle(void) {
 *         ElastosRequest req;
 *         if (elastos_request_read(&req) != 0) { elastos_respond_error(400, "bad request"); return 0; }
 *         if (elastos_route(&req, "GET", "/hello", NULL, 0)) elastos_respond_json(200, "{\"hi\":1}");
 *         else elastos_respond_error(404, "no such route");
 *         elastos_request_free(&req);
 *         return 0;
 *     }
 */
#ifndef ELASTOS_HTTP_H
#define ELASTOS_HTTP_H

#define ELASTOS_PDK_USE_LIBC
#include "elastos_pdk.h"

#include <stdlib.h>
#include <string.h>

/* A growable byte buffer, always NUL-terminated. */
typedef struct {
  char *data;
  size_t len;
  size_t cap;
  int failed; /* set when an allocation failed: the content is then incomplete */
} ElastosBuf;

static inline void elastos_buf_add(ElastosBuf *b, const void *p, size_t n) {
  if (b->failed) return;
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap == 0 ? 256 : b->cap;
    while (cap < b->len + n + 1) cap *= 2;
    char *d = (char *)realloc(b->data, cap);
    if (d == NULL) {
      b->failed = 1;
      return;
    }
    b->data = d;
    b->cap = cap;
  }
  memcpy(b->data + b->len, p, n);
  b->len += n;
  b->data[b->len] = 0;
}

static inline void elastos_buf_str(ElastosBuf *b, const char *s) { elastos_buf_add(b, s, strlen(s)); }

static inline void elastos_buf_int(ElastosBuf *b, long long v) {
  char tmp[24];
  int i = 23;
  int neg = v < 0;
  unsigned long long u = neg ? 0ULL - (unsigned long long)v : (unsigned long long)v;
  tmp[i] = 0;
  do {
    tmp[--i] = (char)('0' + u % 10);
    u /= 10;
  } while (u != 0);
  if (neg) tmp[--i] = '-';
  elastos_buf_str(b, tmp + i);
}

/* Appends s[0..n) as a JSON string literal; <, > and & are escaped so it is safe in HTML. */
static inline void elastos_buf_json_string(ElastosBuf *b, const char *s, size_t n) {
  static const char hex[] = "0123456789abcdef";
  elastos_buf_add(b, "\"", 1);
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') {
      char e[2] = {'\\', (char)c};
      elastos_buf_add(b, e, 2);
    } else if (c == '\n') {
      elastos_buf_add(b, "\\n", 2);
    } else if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x7f) {
      char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
      elastos_buf_add(b, e, 6);
    } else {
      elastos_buf_add(b, &s[i], 1);
    }
  }
  elastos_buf_add(b, "\"", 1);
}

static inline void elastos_buf_free(ElastosBuf *b) {
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}

/* One request; every string is malloc'd and NUL-terminated. */
typedef struct {
  char *method;
  char *path;  /* below /apps/<id>/api, starting with "/" */
  char *query; /* raw, without "?" */
  char *content_type;
  uint8_t *body;
  size_t body_len;
} ElastosRequest;

/* ---- a small reader for the envelope --------------------------------------------------- */

typedef struct {
  const char *s;
  size_t n;
  size_t i;
  int depth;
} ElastosJsonIn;

static inline void elastos__ws(ElastosJsonIn *in) {
  while (in->i < in->n && (in->s[in->i] == ' ' || in->s[in->i] == '\n' || in->s[in->i] == '\r' || in->s[in->i] == '\t')) in->i++;
}

static inline int elastos__hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static inline void elastos__utf8(ElastosBuf *b, unsigned cp) {
  char u[4];
  if (cp < 0x80) {
    u[0] = (char)cp;
    elastos_buf_add(b, u, 1);
  } else if (cp < 0x800) {
    u[0] = (char)(0xc0 | (cp >> 6));
    u[1] = (char)(0x80 | (cp & 63));
    elastos_buf_add(b, u, 2);
  } else if (cp < 0x10000) {
    u[0] = (char)(0xe0 | (cp >> 12));
    u[1] = (char)(0x80 | ((cp >> 6) & 63));
    u[2] = (char)(0x80 | (cp & 63));
    elastos_buf_add(b, u, 3);
  } else {
    u[0] = (char)(0xf0 | (cp >> 18));
    u[1] = (char)(0x80 | ((cp >> 12) & 63));
    u[2] = (char)(0x80 | ((cp >> 6) & 63));
    u[3] = (char)(0x80 | (cp & 63));
    elastos_buf_add(b, u, 4);
  }
}

static inline int elastos__u4(ElastosJsonIn *in, unsigned *out) {
  if (in->i + 4 > in->n) return -1;
  unsigned v = 0;
  for (int k = 0; k < 4; k++) {
    int d = elastos__hex(in->s[in->i + k]);
    if (d < 0) return -1;
    v = (v << 4) | (unsigned)d;
  }
  in->i += 4;
  *out = v;
  return 0;
}

/* Reads a JSON string into out (if not NULL); -1 when malformed. */
static inline int elastos__string(ElastosJsonIn *in, ElastosBuf *out) {
  if (in->i >= in->n || in->s[in->i] != '"') return -1;
  in->i++;
  while (in->i < in->n) {
    unsigned char c = (unsigned char)in->s[in->i++];
    if (c == '"') return 0;
    if (c < 0x20) return -1;
    if (c != '\\') {
      if (out) elastos_buf_add(out, &c, 1);
      continue;
    }
    if (in->i >= in->n) return -1;
    char e = in->s[in->i++];
    unsigned cp;
    switch (e) {
    case '"': case '\\': case '/': cp = (unsigned)e; break;
    case 'b': cp = 8; break;
    case 'f': cp = 12; break;
    case 'n': cp = 10; break;
    case 'r': cp = 13; break;
    case 't': cp = 9; break;
    case 'u': {
      if (elastos__u4(in, &cp) != 0) return -1;
      if (cp >= 0xd800 && cp < 0xdc00 && in->i + 6 <= in->n && in->s[in->i] == '\\' && in->s[in->i + 1] == 'u') {
        unsigned lo;
        in->i += 2;
        if (elastos__u4(in, &lo) != 0 || lo < 0xdc00 || lo > 0xdfff) return -1;
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
      } else if (cp >= 0xd800 && cp < 0xe000) {
        cp = 0xfffd;
      }
      break;
    }
    default: return -1;
    }
    if (out) elastos__utf8(out, cp);
  }
  return -1;
}

static inline int elastos__skip(ElastosJsonIn *in) {
  elastos__ws(in);
  if (in->i >= in->n || ++in->depth > 64) return -1;
  char c = in->s[in->i];
  int rc = 0;
  if (c == '"') {
    rc = elastos__string(in, NULL);
  } else if (c == '{' || c == '[') {
    char close = c == '{' ? '}' : ']';
    in->i++;
    elastos__ws(in);
    if (in->i < in->n && in->s[in->i] == close) {
      in->i++;
    } else {
      for (;;) {
        if (c == '{') {
          elastos__ws(in);
          if (elastos__string(in, NULL) != 0) return -1;
          elastos__ws(in);
          if (in->i >= in->n || in->s[in->i++] != ':') return -1;
        }
        if (elastos__skip(in) != 0) return -1;
        elastos__ws(in);
        if (in->i >= in->n) return -1;
        char d = in->s[in->i++];
        if (d == close) break;
        if (d != ',') return -1;
      }
    }
  } else {
    while (in->i < in->n && strchr(",}] \n\r\t", in->s[in->i]) == NULL) in->i++;
  }
  in->depth--;
  return rc;
}

static inline char *elastos__take(ElastosBuf *b) {
  if (b->failed) {
    elastos_buf_free(b);
    return NULL;
  }
  if (b->data == NULL) elastos_buf_add(b, "", 0);
  char *s = b->data;
  b->data = NULL;
  return s;
}

static inline int elastos__base64(const char *s, size_t n, uint8_t **out, size_t *out_len) {
  if (n % 4 != 0) return -1;
  size_t pad = (n > 0 && s[n - 1] == '=') + (n > 1 && s[n - 2] == '=');
  size_t len = n / 4 * 3 - pad;
  uint8_t *b = (uint8_t *)malloc(len + 1);
  if (b == NULL) return -1;
  size_t o = 0;
  for (size_t i = 0; i < n; i += 4) {
    unsigned v = 0;
    for (int k = 0; k < 4; k++) {
      char c = s[i + k];
      int d;
      if (c >= 'A' && c <= 'Z') d = c - 'A';
      else if (c >= 'a' && c <= 'z') d = c - 'a' + 26;
      else if (c >= '0' && c <= '9') d = c - '0' + 52;
      else if (c == '+') d = 62;
      else if (c == '/') d = 63;
      else if (c == '=' && i + 4 == n && k >= 4 - (int)pad) d = 0;
      else {
        free(b);
        return -1;
      }
      v = (v << 6) | (unsigned)d;
    }
    if (o < len) b[o++] = (uint8_t)(v >> 16);
    if (o < len) b[o++] = (uint8_t)(v >> 8);
    if (o < len) b[o++] = (uint8_t)v;
  }
  b[len] = 0;
  *out = b;
  *out_len = len;
  return 0;
}

static inline void elastos_request_free(ElastosRequest *r) {
  free(r->method);
  free(r->path);
  free(r->query);
  free(r->content_type);
  free(r->body);
  memset(r, 0, sizeof *r);
}

/* Reads the call's input as a request envelope: 0, or -1 when it is malformed. */
static inline int elastos_request_read(ElastosRequest *r) {
  memset(r, 0, sizeof *r);
  uint64_t n = 0;
  char *text = (char *)elastos_input_alloc(&n);
  if (text == NULL) return -1;
  ElastosJsonIn in = {text, (size_t)n, 0, 0};
  int ok = -1;
  elastos__ws(&in);
  if (in.i < in.n && in.s[in.i] == '{') {
    in.i++;
    elastos__ws(&in);
    if (in.i < in.n && in.s[in.i] == '}') {
      in.i++;
      ok = 0;
    }
    while (ok != 0) {
      ElastosBuf key = {0};
      elastos__ws(&in);
      if (elastos__string(&in, &key) != 0 || key.data == NULL) { elastos_buf_free(&key); break; }
      elastos__ws(&in);
      if (in.i >= in.n || in.s[in.i++] != ':') { elastos_buf_free(&key); break; }
      elastos__ws(&in);
      int rc;
      char **field = strcmp(key.data, "method") == 0 ? &r->method
                     : strcmp(key.data, "path") == 0  ? &r->path
                     : strcmp(key.data, "query") == 0 ? &r->query
                                                      : NULL;
      if (field != NULL && *field == NULL && in.i < in.n && in.s[in.i] == '"') {
        ElastosBuf v = {0};
        rc = elastos__string(&in, &v);
        *field = elastos__take(&v);
        if (*field == NULL) rc = -1;
      } else if (strcmp(key.data, "body") == 0 && r->body == NULL && in.i < in.n && in.s[in.i] == '"') {
        ElastosBuf v = {0};
        rc = elastos__string(&in, &v);
        if (rc == 0 && elastos__base64(v.data ? v.data : "", v.len, &r->body, &r->body_len) != 0) rc = -1;
        elastos_buf_free(&v);
      } else if (strcmp(key.data, "headers") == 0 && in.i < in.n && in.s[in.i] == '{') {
        /* only content-type is kept */
        in.i++;
        rc = 0;
        elastos__ws(&in);
        if (in.i < in.n && in.s[in.i] == '}') {
          in.i++;
        } else {
          for (;;) {
            ElastosBuf h = {0};
            elastos__ws(&in);
            if (elastos__string(&in, &h) != 0) { elastos_buf_free(&h); rc = -1; break; }
            elastos__ws(&in);
            if (in.i >= in.n || in.s[in.i++] != ':') { elastos_buf_free(&h); rc = -1; break; }
            elastos__ws(&in);
            if (h.data && strcmp(h.data, "content-type") == 0 && r->content_type == NULL && in.i < in.n && in.s[in.i] == '"') {
              ElastosBuf v = {0};
              rc = elastos__string(&in, &v);
              r->content_type = elastos__take(&v);
            } else {
              rc = elastos__skip(&in);
            }
            elastos_buf_free(&h);
            elastos__ws(&in);
            if (rc != 0 || in.i >= in.n) { rc = -1; break; }
            char d = in.s[in.i++];
            if (d == '}') break;
            if (d != ',') { rc = -1; break; }
          }
        }
      } else {
        rc = elastos__skip(&in);
      }
      elastos_buf_free(&key);
      if (rc != 0) break;
      elastos__ws(&in);
      if (in.i >= in.n) break;
      char d = in.s[in.i++];
      if (d == '}') { ok = 0; break; }
      if (d != ',') break;
    }
  }
  free(text);
  if (ok == 0 && r->method != NULL && r->path != NULL) {
    if (r->query == NULL) r->query = strdup("");
    if (r->body == NULL) r->body = (uint8_t *)calloc(1, 1);
    if (r->query != NULL && r->body != NULL) return 0;
  }
  elastos_request_free(r);
  return -1;
}

/*
 * Copies the first value of query parameter name, percent-decoded ("+" is a space), into out
 * (NUL-terminated, cut at cap - 1 bytes). Returns its full decoded length, or -1 when absent.
 */
static inline long elastos_query_param(const char *query, const char *name, char *out, size_t cap) {
  size_t nl = strlen(name);
  const char *p = query;
  while (*p) {
    const char *end = strchr(p, '&');
    if (end == NULL) end = p + strlen(p);
    const char *eq = memchr(p, '=', (size_t)(end - p));
    const char *kend = eq ? eq : end;
    if ((size_t)(kend - p) == nl && memcmp(p, name, nl) == 0) {
      long len = 0;
      for (const char *v = eq ? eq + 1 : end; v < end; v++, len++) {
        char c = *v;
        if (c == '+') c = ' ';
        else if (c == '%' && v + 2 < end && elastos__hex(v[1]) >= 0 && elastos__hex(v[2]) >= 0) {
          c = (char)(elastos__hex(v[1]) * 16 + elastos__hex(v[2]));
          v += 2;
        }
        if (cap > 0 && (size_t)len < cap - 1) out[len] = c;
      }
      if (cap > 0) out[(size_t)len < cap ? (size_t)len : cap - 1] = 0;
      return len;
    }
    p = *end ? end + 1 : end;
  }
  return -1;
}

/*
 * Whether the request matches method and pattern ("/notes/:id"). The ":" segments are copied
 * into params[0..max) (each at most 63 bytes, as they appear in the path).
 */
static inline int elastos_route(const ElastosRequest *r, const char *method, const char *pattern,
                                char (*params)[64], int max) {
  if (strcmp(r->method, method) != 0 && !(strcmp(method, "GET") == 0 && strcmp(r->method, "HEAD") == 0)) return 0;
  const char *p = pattern;
  const char *s = r->path;
  int k = 0;
  for (;;) {
    while (*p == '/') p++;
    while (*s == '/') s++;
    if (*p == 0 || *s == 0) return *p == 0 && *s == 0;
    size_t pl = strcspn(p, "/");
    size_t sl = strcspn(s, "/");
    if (*p == ':') {
      if (k < max && params != NULL) {
        size_t c = sl < 63 ? sl : 63;
        memcpy(params[k], s, c);
        params[k][c] = 0;
      }
      k++;
    } else if (pl != sl || memcmp(p, s, pl) != 0) {
      return 0;
    }
    p += pl;
    s += sl;
  }
}

/* Answers with a body of the given content type. */
static inline void elastos_respond(int status, const char *content_type, const char *body, size_t len) {
  ElastosBuf b = {0};
  elastos_buf_str(&b, "{\"status\":");
  elastos_buf_int(&b, status);
  elastos_buf_str(&b, ",\"headers\":{\"content-type\":");
  elastos_buf_json_string(&b, content_type, strlen(content_type));
  elastos_buf_str(&b, "},\"body\":");
  elastos_buf_json_string(&b, body, len);
  elastos_buf_str(&b, "}");
  if (!b.failed) elastos_output(b.data, b.len);
  elastos_buf_free(&b);
}

static inline void elastos_respond_json(int status, const char *json) {
  elastos_respond(status, "application/json", json, strlen(json));
}

/* {"error": message} */
static inline void elastos_respond_error(int status, const char *message) {
  ElastosBuf b = {0};
  elastos_buf_str(&b, "{\"error\":");
  elastos_buf_json_string(&b, message, strlen(message));
  elastos_buf_str(&b, "}");
  elastos_respond(status, "application/json", b.failed ? "{}" : b.data, b.failed ? 2 : b.len);
  elastos_buf_free(&b);
}

#endif /* ELASTOS_HTTP_H */
