// Request body and field checks shared by the owner's and the devices' routes.
import { JsonValue, Request } from "../sdk";

/** Every body this app takes is a small JSON object. */
export const MAX_BODY: i32 = 16 * 1024;

/** The body as a JSON object, or null (wrong content type, not JSON, not an object). */
export function jsonObject(req: Request): JsonValue | null {
  const ct = req.headers.has("content-type") ? req.headers.get("content-type") : "";
  if (ct.length > 0 && !ct.startsWith("application/json")) return null;
  const v = req.json();
  return v !== null && v.isObject() ? v : null;
}

/** The first member name of v not in allowed, or "" when all are known. */
export function unknownField(v: JsonValue, allowed: string[]): string {
  for (let i = 0; i < v.keys.length; i++) {
    if (allowed.indexOf(v.keys[i]) < 0) return v.keys[i];
  }
  return "";
}

/** Whether s has control characters (which no name or path needs). */
export function hasControl(s: string): bool {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029) return true;
  }
  return false;
}

/** A whole number member within [min, max]; i32.MIN_VALUE when present but not one. */
export function intField(v: JsonValue, key: string, def: i32, min: i32, max: i32): i32 {
  const f = v.get(key);
  if (f === null) return def;
  if (!f.isNumber() || f.n != Math.floor(f.n) || f.n < <f64>min || f.n > <f64>max) return i32.MIN_VALUE;
  return <i32>f.n;
}
