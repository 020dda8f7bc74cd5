// wx.request through the node: the page's runtime posts {url, method, header, data, timeout}
// and gets WeChat's {statusCode, header, data} back. The node only lets the request out to the
// hosts the manifest lists as net.fetch:<host> (the ported app's "request legal domains").
import { JsonValue, base64Encode, fetch, utf8 } from "../sdk";
import { validUtf8 } from "./utf8";

export const MAX_URL: i32 = 4096;
const METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"];
// Headers the node or the transport sets; WeChat also refuses Referer.
const DROPPED = ["host", "content-length", "connection", "transfer-encoding", "referer", "keep-alive", "upgrade"];

/** A checked request, or the reason it was refused. */
export class Outgoing {
  error: string = "";
  method: string = "GET";
  url: string = "";
  headers: Map<string, string> = new Map<string, string>();
  body: Uint8Array | null = null;
}

function isHttpUrl(u: string): bool {
  const lower = u.toLowerCase();
  const rest = lower.startsWith("https://") ? u.substring(8) : lower.startsWith("http://") ? u.substring(7) : "";
  if (rest.length == 0) return false;
  for (let i = 0; i < u.length; i++) {
    const c = u.charCodeAt(i);
    if (c <= 0x20 || c == 0x7f || c == 0x5c) return false; // no spaces, controls or backslashes
  }
  const slash = rest.indexOf("/");
  const authority = slash < 0 ? rest : rest.substring(0, slash);
  return authority.length > 0 && authority.indexOf("@") < 0;
}

function hasControl(s: string): bool {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c != 0x09) || c == 0x7f) return true;
  }
  return false;
}

/** A string, number or boolean as text (integers without ".0"); null for anything else. */
export function scalarText(item: JsonValue): string | null {
  if (item.isString()) return item.s;
  if (item.isNumber()) return item.n == Math.floor(item.n) ? (<i64>item.n).toString() : item.n.toString();
  if (item.isBool()) return item.b ? "true" : "false";
  return null;
}

/** Checks the runtime's request object. */
export function parse(v: JsonValue | null): Outgoing {
  const o = new Outgoing();
  if (v === null || !v.isObject()) {
    o.error = "the body must be a JSON object";
    return o;
  }
  const url = v.get("url");
  if (url === null || !url.isString() || url.s.length > MAX_URL || !isHttpUrl(url.s)) {
    o.error = "parameter error: url must be an http(s) URL";
    return o;
  }
  o.url = url.s;
  const m = v.get("method");
  if (m !== null && !m.isNull()) {
    if (!m.isString() || !METHODS.includes(m.s.toUpperCase())) {
      o.error = "parameter error: method is not supported";
      return o;
    }
    o.method = m.s.toUpperCase();
  }
  const h = v.get("header");
  if (h !== null && !h.isNull()) {
    if (!h.isObject()) {
      o.error = "parameter error: header must be an object";
      return o;
    }
    if (h.keys.length > 64) {
      o.error = "parameter error: too many headers";
      return o;
    }
    for (let i = 0; i < h.keys.length; i++) {
      const name = h.keys[i].toLowerCase();
      const item = h.items[i];
      const text = scalarText(item);
      if (text === null) continue;
      const value = <string>text;
      if (name.length == 0 || name.length > 256 || value.length > 8192 || hasControl(name) || hasControl(value) || name.includes(":")) {
        o.error = "parameter error: bad header " + (name.length > 64 ? name.substring(0, 64) : name);
        return o;
      }
      if (DROPPED.includes(name)) continue;
      o.headers.set(name, value);
    }
  }
  const data = v.get("data");
  if (data !== null && !data.isNull() && o.method != "GET" && o.method != "HEAD") {
    if (data.isString()) {
      o.body = utf8(data.s);
    } else {
      o.body = utf8(data.toString());
      if (!o.headers.has("content-type")) o.headers.set("content-type", "application/json");
    }
  }
  return o;
}

/** Performs the request; the WeChat answer, or null when nothing came back (see failed()). */
export function perform(o: Outgoing): JsonValue | null {
  const r = fetch(o.method, o.url, o.headers, o.body);
  if (r.status <= 0) return null;
  const out = JsonValue.obj()
    .set("statusCode", JsonValue.num(<f64>r.status))
    // The SDK's fetch hands back the status and the body only, not the response headers.
    .set("header", JsonValue.obj());
  if (validUtf8(r.body)) {
    out.set("data", JsonValue.str(r.text()));
  } else {
    out.set("dataBase64", JsonValue.str(base64Encode(r.body)));
  }
  return out;
}
