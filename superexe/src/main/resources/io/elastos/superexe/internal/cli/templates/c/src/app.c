/*
 * __APP_NAME__: the HTTP API of the app. The node calls the exported "handle" for every
 * request to /apps/__APP_ID__/api/...
 *   GET /hello?name=Ada -> {"message":"Hello, Ada!","visits":N}
 */
#include "elastos_http.h"

static void hello(const ElastosRequest *req) {
  char name[128];
  long n = elastos_query_param(req->query, "name", name, sizeof name);
  if (n > 100) {
    elastos_respond_error(400, "name is longer than 100 characters");
    return;
  }
  if (n <= 0) {
    strcpy(name, "world");
    n = 5;
  }
  /* the visit counter lives in the app's own key/value store (capability storage.kv) */
  long visits = 0;
  char *before = (char *)elastos_load_alloc(elastos_kv_get(elastos_alloc_str("visits")), NULL);
  if (before != NULL) {
    visits = strtol(before, NULL, 10);
    free(before);
  }
  visits++;
  ElastosBuf count = {0};
  elastos_buf_int(&count, visits);
  elastos_kv_put(elastos_alloc_str("visits"), elastos_alloc_bytes(count.data, count.len));

  ElastosBuf json = {0};
  ElastosBuf message = {0};
  elastos_buf_str(&message, "Hello, ");
  elastos_buf_add(&message, name, (size_t)n);
  elastos_buf_str(&message, "!");
  elastos_buf_str(&json, "{\"message\":");
  elastos_buf_json_string(&json, message.data, message.len);
  elastos_buf_str(&json, ",\"visits\":");
  elastos_buf_str(&json, count.data);
  elastos_buf_str(&json, "}");
  elastos_respond_json(200, json.data);
  elastos_buf_free(&json);
  elastos_buf_free(&message);
  elastos_buf_free(&count);
}

ELASTOS_EXPORT("handle") int32_t handle(void) {
  ElastosRequest req;
  if (elastos_request_read(&req) != 0) {
    elastos_respond_error(400, "malformed request envelope");
    return 0;
  }
  if (elastos_route(&req, "GET", "/hello", NULL, 0)) {
    hello(&req);
  } else if (elastos_route(&req, "POST", "/hello", NULL, 0) ||
             elastos_route(&req, "PUT", "/hello", NULL, 0) ||
             elastos_route(&req, "DELETE", "/hello", NULL, 0)) {
    elastos_respond_error(405, "method not allowed");
  } else {
    elastos_respond_error(404, "no such route");
  }
  elastos_request_free(&req);
  return 0;
}
