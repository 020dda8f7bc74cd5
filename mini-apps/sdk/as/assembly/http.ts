// SPDX-License-Identifier: Apache-2.0
// The HTTP side of a mini-app: the node turns a request to /apps/<id>/api/... into a
// call of the app's "handle" export with a JSON envelope, and expects one back.
//   in:  {"method","path","query","headers":{...},"body":"<base64>"}
//   out: {"status","headers":{...},"body":"<text>"} or {"status","headers","bodyBase64"}
import { Host } from "@extism/as-pdk";
import { input_length } from "@extism/as-pdk/lib/env";
import { base64Decode, base64Encode } from "./base64";
import { fromUtf8, utf8 } from "./host";
import { JsonValue } from "./json";

/** One request to the app's API. */
export class Request {
  method: string = "GET";
  /** The path below /apps/<id>/api, starting with "/". */
  path: string = "/";
  /** The raw query string, without "?". */
  query: string = "";
  headers: Map<string, string> = new Map<string, string>();
  body: Uint8Array = new Uint8Array(0);
  /** Values of the route's ":name" segments. */
  params: Map<string, string> = new Map<string, string>();

  /** Parses the node's request envelope; null if it is malformed. */
  static fromEnvelope(text: string): Request | null {
    const v = JsonValue.parse(text);
    if (v === null || !v.isObject()) return null;
    const r = new Request();
    r.method = v.getString("method", "GET");
    r.path = v.getString("path", "/");
    r.query = v.getString("query", "");
    const h = v.get("headers");
    if (h !== null && h.isObject()) {
      for (let i = 0; i < h.keys.length; i++) {
        if (h.items[i].isString()) r.headers.set(h.keys[i].toLowerCase(), h.items[i].s);
      }
    }
    const body = base64Decode(v.getString("body", ""));
    if (body === null) return null;
    r.body = body;
    return r;
  }

  /** The body as UTF-8 text. */
  text(): string {
    return fromUtf8(this.body);
  }

  /** The body as JSON, or null if it is not JSON. */
  json(): JsonValue | null {
    return JsonValue.parse(this.text());
  }

  /** A route parameter ("" if the route has none of that name). */
  param(name: string): string {
    return this.params.has(name) ? this.params.get(name) : "";
  }

  /** The first value of a query parameter, percent-decoded; null if absent. */
  queryParam(name: string): string | null {
    if (this.query.length == 0) return null;
    const pairs = this.query.split("&");
    for (let i = 0; i < pairs.length; i++) {
      const eq = pairs[i].indexOf("=");
      const k = urlDecode(eq < 0 ? pairs[i] : pairs[i].substring(0, eq));
      if (k == name) return eq < 0 ? "" : urlDecode(pairs[i].substring(eq + 1));
    }
    return null;
  }
}

/** Percent-decoding of a URL component ("+" is a space); bad escapes are kept as they are. */
export function urlDecode(s: string): string {
  if (s.indexOf("%") < 0 && s.indexOf("+") < 0) return s;
  const bytes = new Array<u8>();
  const raw = utf8(s);
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c == 0x2b) {
      bytes.push(0x20);
    } else if (c == 0x25 && i + 2 < raw.length && hexVal(raw[i + 1]) >= 0 && hexVal(raw[i + 2]) >= 0) {
      bytes.push(<u8>((hexVal(raw[i + 1]) << 4) | hexVal(raw[i + 2])));
      i += 2;
    } else {
      bytes.push(c);
    }
  }
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = bytes[i];
  return fromUtf8(out);
}

function hexVal(c: u8): i32 {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

/** The app's answer. */
export class Response {
  status: i32 = 200;
  headers: Map<string, string> = new Map<string, string>();
  body: string = "";
  bytes: Uint8Array | null = null;

  /** A text answer (text/plain unless another content type is set). */
  static text(body: string, status: i32 = 200): Response {
    const r = new Response();
    r.status = status;
    r.body = body;
    r.headers.set("content-type", "text/plain; charset=utf-8");
    return r;
  }

  /** A JSON answer. */
  static json(v: JsonValue, status: i32 = 200): Response {
    const r = new Response();
    r.status = status;
    r.body = v.toString();
    r.headers.set("content-type", "application/json");
    return r;
  }

  /** A binary answer. */
  static binary(bytes: Uint8Array, contentType: string, status: i32 = 200): Response {
    const r = new Response();
    r.status = status;
    r.bytes = bytes;
    r.headers.set("content-type", contentType);
    return r;
  }

  /** {"error": message} with the status. */
  static error(status: i32, message: string): Response {
    return Response.json(JsonValue.obj().set("error", JsonValue.str(message)), status);
  }

  /** Sets a header (only content-type, cache-control, etag, last-modified and content-language pass the node). */
  header(name: string, value: string): Response {
    this.headers.set(name.toLowerCase(), value);
    return this;
  }

  /** The envelope the node expects. */
  toEnvelope(): string {
    const h = JsonValue.obj();
    const keys = this.headers.keys();
    for (let i = 0; i < keys.length; i++) h.set(keys[i], JsonValue.str(this.headers.get(keys[i])));
    const v = JsonValue.obj().set("status", JsonValue.num(<f64>this.status)).set("headers", h);
    const b = this.bytes;
    if (b !== null) {
      v.set("bodyBase64", JsonValue.str(base64Encode(b)));
    } else {
      v.set("body", JsonValue.str(this.body));
    }
    return v.toString();
  }
}

/** A request handler: a top-level function (AssemblyScript has no closures). */
export type Handler = (req: Request) => Response;

class Route {
  constructor(
    public method: string,
    public segments: string[],
    public handler: Handler,
  ) {}
}

function split(path: string): string[] {
  const parts = path.split("/");
  const out = new Array<string>();
  for (let i = 0; i < parts.length; i++) if (parts[i].length > 0) out.push(parts[i]);
  return out;
}

/**
 * Routes requests by method and path pattern: "/notes", "/notes/:id" (":id" matches one
 * segment, percent-decoded into req.params). Unknown paths answer 404, known paths with
 * another method 405.
 */
export class Router {
  routes: Route[] = [];
  /**
   * Requests with a larger body are answered 413 before anything is parsed (the node allows
   * 4 MiB; parsing that much takes most of a call's deadline).
   */
  maxBodyBytes: i32 = 1 << 20;

  add(method: string, pattern: string, h: Handler): Router {
    this.routes.push(new Route(method, split(pattern), h));
    return this;
  }
  get(pattern: string, h: Handler): Router {
    return this.add("GET", pattern, h);
  }
  post(pattern: string, h: Handler): Router {
    return this.add("POST", pattern, h);
  }
  put(pattern: string, h: Handler): Router {
    return this.add("PUT", pattern, h);
  }
  delete(pattern: string, h: Handler): Router {
    return this.add("DELETE", pattern, h);
  }

  /** Routes one request. */
  handle(req: Request): Response {
    const path = split(req.path);
    let pathMatched = false;
    for (let i = 0; i < this.routes.length; i++) {
      const r = this.routes[i];
      const params = match(r.segments, path);
      if (params === null) continue;
      pathMatched = true;
      if (r.method == req.method || (r.method == "GET" && req.method == "HEAD")) {
        req.params = params;
        return r.handler(req);
      }
    }
    return pathMatched
      ? Response.error(405, "method not allowed")
      : Response.error(404, "no such route: " + req.path);
  }

  /**
   * Serves the current call: reads the request envelope from the input, routes it, writes the
   * response envelope. Export it as the app's "handle":
   *   export function handle(): i32 { return router.serve(); }
   */
  serve(): i32 {
    // base64 makes the body 4/3 larger; the rest of the envelope is small.
    if (input_length() > <u64>(this.maxBodyBytes / 3) * 4 + 65536) {
      Host.output(utf8(Response.error(413, "request body too large").toEnvelope()));
      return 0;
    }
    const req = Request.fromEnvelope(fromUtf8(Host.input()));
    const res = req === null ? Response.error(400, "malformed request envelope") : this.handle(req);
    Host.output(utf8(res.toEnvelope()));
    return 0;
  }
}

function match(pattern: string[], path: string[]): Map<string, string> | null {
  if (pattern.length != path.length) return null;
  const params = new Map<string, string>();
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i];
    if (p.startsWith(":")) {
      params.set(p.substring(1), urlDecode(path[i]));
    } else if (p != path[i]) {
      return null;
    }
  }
  return params;
}
