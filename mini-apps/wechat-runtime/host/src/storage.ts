// wx storage kept in the app's own kv store, with WeChat's limits enforced again here (the
// runtime in the page enforces them first): 1 MB per item, 10 MB per app, counted as the
// runtime counts them (UTF-8 bytes of the key plus the stored value).
//   kv "s/<key, percent-encoded>" -> the value the runtime stored (a string, as sent)
//   kv "m/total"                  -> bytes in use (keys + values)
import { kv, fromUtf8 } from "../sdk";
import { percentDecode, percentEncode, validUtf8 } from "./utf8";

export const MAX_ITEM_BYTES: i32 = 1024 * 1024;
export const MAX_TOTAL_BYTES: i32 = 10 * 1024 * 1024;
/** Not a WeChat limit (it has none for keys): a bound on hostile input. */
export const MAX_KEY_BYTES: i32 = 4096;

export const ITEM_MESSAGE = "exceed storage item max length";
export const TOTAL_MESSAGE = "exceed storage max size 10Mb";

const PREFIX = "s/";
const TOTAL = "m/total";

/** A storage key: its text, its UTF-8 size, and its name in kv. */
export class Key {
  constructor(
    public text: string,
    public bytes: i32,
    public kvName: string,
  ) {}
}

/**
 * The key named by a raw (still percent-encoded) path segment, or null when it is not a valid
 * key: a bad escape, bytes that are not UTF-8, empty, or longer than MAX_KEY_BYTES.
 */
export function keyFromSegment(segment: string): Key | null {
  const b = percentDecode(segment);
  if (b === null || b.length == 0 || b.length > MAX_KEY_BYTES || !validUtf8(b)) return null;
  return new Key(fromUtf8(b), b.length, PREFIX + percentEncode(b));
}

function keyFromKv(name: string): string | null {
  const b = percentDecode(name.substring(PREFIX.length));
  return b === null || !validUtf8(b) ? null : fromUtf8(b);
}

/** Bytes in use; recounted from the entries when the counter is missing. */
export function total(): i32 {
  const s = kv.getString(TOTAL);
  if (s !== null) return I32.parseInt(s);
  let n = 0;
  const names = kv.list(PREFIX);
  for (let i = 0; i < names.length; i++) {
    const key = keyFromKv(names[i]);
    const v = kv.get(names[i]);
    if (key !== null && v !== null) n += String.UTF8.byteLength(key) + v.length;
  }
  kv.putString(TOTAL, n.toString());
  return n;
}

export function get(key: Key): Uint8Array | null {
  return kv.get(key.kvName);
}

/** Stores value under key: "" when stored, else the WeChat message of the limit it breaks. */
export function put(key: Key, value: Uint8Array): string {
  if (value.length > MAX_ITEM_BYTES) return ITEM_MESSAGE;
  const old = kv.get(key.kvName);
  const before = total();
  const next = before - (old === null ? 0 : key.bytes + old.length) + key.bytes + value.length;
  if (next > MAX_TOTAL_BYTES) return TOTAL_MESSAGE;
  kv.put(key.kvName, value);
  kv.putString(TOTAL, next.toString());
  return "";
}

export function remove(key: Key): void {
  const old = kv.get(key.kvName);
  if (old === null) return;
  const next = total() - key.bytes - old.length;
  kv.remove(key.kvName);
  kv.putString(TOTAL, (next < 0 ? 0 : next).toString());
}

export function clear(): void {
  const names = kv.list(PREFIX);
  for (let i = 0; i < names.length; i++) kv.remove(names[i]);
  kv.putString(TOTAL, "0");
}

/** The stored keys, in kv order. */
export function keys(): string[] {
  const names = kv.list(PREFIX);
  const out = new Array<string>();
  for (let i = 0; i < names.length; i++) {
    const k = keyFromKv(names[i]);
    if (k !== null) out.push(k);
  }
  return out;
}
