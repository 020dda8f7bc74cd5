// What the app keeps in its key/value store:
//   "album"           the album folder path ("/Photos/Holiday")
//   "settings"        {"intervalSeconds","maxEdge"}
//   "pair/<sha256>"   an open pairing code (hash of the code) -> {"expiresAt"}
//   "dev/<id>"        a device -> {"id","name","pairedAt","lastSeen","tokenHash"}
//   "tok/<sha256>"    hash of a device token -> device id (the token itself is never stored)
//   "pairfail"        failed pairing attempts in the current window -> {"since","count"}
import { JsonValue, kv, system } from "../sdk";
import { hex, sha256Hex } from "./sha256";

export const PAIRING_MILLIS: i64 = 10 * 60 * 1000;
export const MAX_OPEN_PAIRINGS: i32 = 5;
export const MAX_DEVICES: i32 = 20;
export const PAIR_FAIL_LIMIT: i32 = 10;
export const PAIR_FAIL_WINDOW: i64 = 10 * 60 * 1000;
// lastSeen is written at most this often, so polling frames do not write on every call.
const SEEN_MILLIS: i64 = 60 * 1000;
// No 0/O, 1/I/L: a code is read off one screen and typed on another.
const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export const CODE_LENGTH: i32 = 8;

/** n bytes from the node's secure random source; aborts rather than go on with fewer. */
export function randomBytes(n: i32): Uint8Array {
  const b = system.random(n);
  assert(b.length == n, "no random bytes from the node");
  return b;
}

/** The JSON stored under key, or null. */
function readJson(key: string): JsonValue | null {
  const raw = kv.getString(key);
  return raw === null ? null : JsonValue.parse(raw);
}

// ---- album and settings ----

export function album(): string | null {
  return kv.getString("album");
}

export function setAlbum(path: string): void {
  kv.putString("album", path);
}

export const MIN_INTERVAL: i32 = 5;
export const MAX_INTERVAL: i32 = 86400;
export const MIN_EDGE: i32 = 64;
export const MAX_EDGE: i32 = 2048;

export class Settings {
  intervalSeconds: i32 = 15;
  maxEdge: i32 = 1280;

  toJson(): JsonValue {
    return JsonValue.obj()
      .set("intervalSeconds", JsonValue.num(this.intervalSeconds))
      .set("maxEdge", JsonValue.num(this.maxEdge));
  }
}

export function settings(): Settings {
  const s = new Settings();
  const v = readJson("settings");
  if (v !== null) {
    s.intervalSeconds = <i32>v.getNumber("intervalSeconds", s.intervalSeconds);
    s.maxEdge = <i32>v.getNumber("maxEdge", s.maxEdge);
  }
  return s;
}

export function saveSettings(s: Settings): void {
  kv.putString("settings", s.toJson().toString());
}

// ---- pairing codes ----

export class Pairing {
  constructor(
    public code: string,
    public expiresAt: i64,
  ) {}
}

function codeKey(code: string): string {
  return "pair/" + sha256Hex(code);
}

/** Drops expired codes; the number still open. */
export function openPairings(now: i64): i32 {
  const keys = kv.list("pair/");
  let open = 0;
  for (let i = 0; i < keys.length; i++) {
    if (expiry(keys[i]) > now) open++;
    else kv.remove(keys[i]);
  }
  return open;
}

function expiry(key: string): i64 {
  const v = readJson(key);
  return v === null ? 0 : <i64>v.getNumber("expiresAt", 0);
}

/** A new single-use code, valid for PAIRING_MILLIS. */
export function newPairing(now: i64): Pairing {
  const chars = new Array<string>();
  // Rejection sampling keeps every character equally likely (248 = 8 * 31).
  while (chars.length < CODE_LENGTH) {
    const b = randomBytes(16);
    for (let i = 0; i < b.length && chars.length < CODE_LENGTH; i++) {
      if (b[i] < 248) chars.push(CODE_ALPHABET.charAt(b[i] % 31));
    }
  }
  const p = new Pairing(chars.join(""), now + PAIRING_MILLIS);
  kv.putString(codeKey(p.code), JsonValue.obj().set("expiresAt", JsonValue.num(<f64>p.expiresAt)).toString());
  return p;
}

/** A code as typed, in canonical form (upper case, no spaces or dashes), or null if malformed. */
export function normalizeCode(s: string): string | null {
  const out = new Array<string>();
  for (let i = 0; i < s.length && i < 64; i++) {
    const c = s.charAt(i).toUpperCase();
    if (c == " " || c == "-") continue;
    if (CODE_ALPHABET.indexOf(c) < 0) return null;
    out.push(c);
  }
  return out.length == CODE_LENGTH ? out.join("") : null;
}

export const PAIRED: i32 = 0;
export const UNKNOWN_CODE: i32 = 1;
export const EXPIRED_CODE: i32 = 2;

/** Uses up a code (it is gone afterwards either way): PAIRED, UNKNOWN_CODE or EXPIRED_CODE. */
export function takePairing(code: string, now: i64): i32 {
  const key = codeKey(code);
  const exp = expiry(key);
  if (exp == 0) return UNKNOWN_CODE;
  kv.remove(key);
  return exp > now ? PAIRED : EXPIRED_CODE;
}

// ---- failed pairing attempts (global: the node does not tell the app a client address) ----

class FailWindow {
  since: i64 = 0;
  count: i32 = 0;
}

// The current window of failures; a window older than PAIR_FAIL_WINDOW counts as none.
function failures(now: i64): FailWindow {
  const w = new FailWindow();
  w.since = now;
  const v = readJson("pairfail");
  if (v !== null && now - <i64>v.getNumber("since", 0) < PAIR_FAIL_WINDOW) {
    w.since = <i64>v.getNumber("since", 0);
    w.count = <i32>v.getNumber("count", 0);
  }
  return w;
}

export function pairingLocked(now: i64): bool {
  return failures(now).count >= PAIR_FAIL_LIMIT;
}

export function recordPairFailure(now: i64): void {
  const w = failures(now);
  const v = JsonValue.obj().set("since", JsonValue.num(<f64>w.since)).set("count", JsonValue.num(w.count + 1));
  kv.putString("pairfail", v.toString());
}

/** The owner making a new code lifts a lock-out, so a stranger cannot block pairing for good. */
export function clearPairFailures(): void {
  kv.remove("pairfail");
}

// ---- devices ----

export class Device {
  id: string = "";
  name: string = "";
  pairedAt: i64 = 0;
  lastSeen: i64 = 0;
  tokenHash: string = "";

  toJson(withHash: bool): JsonValue {
    const v = JsonValue.obj()
      .set("id", JsonValue.str(this.id))
      .set("name", JsonValue.str(this.name))
      .set("pairedAt", JsonValue.num(<f64>this.pairedAt))
      .set("lastSeen", JsonValue.num(<f64>this.lastSeen));
    if (withHash) v.set("tokenHash", JsonValue.str(this.tokenHash));
    return v;
  }

  static fromJson(v: JsonValue): Device {
    const d = new Device();
    d.id = v.getString("id", "");
    d.name = v.getString("name", "");
    d.pairedAt = <i64>v.getNumber("pairedAt", 0);
    d.lastSeen = <i64>v.getNumber("lastSeen", 0);
    d.tokenHash = v.getString("tokenHash", "");
    return d;
  }
}

// Ids and tokens are lowercase hex of a fixed length; anything else names no key.
function isHex(s: string, length: i32): bool {
  if (s.length != length) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return true;
}

export function device(id: string): Device | null {
  if (!isHex(id, 16)) return null;
  const v = readJson("dev/" + id);
  return v === null ? null : Device.fromJson(v);
}

function saveDevice(d: Device): void {
  kv.putString("dev/" + d.id, d.toJson(true).toString());
}

export function devices(): Device[] {
  const keys = kv.list("dev/");
  const out = new Array<Device>();
  for (let i = 0; i < keys.length; i++) {
    const d = device(keys[i].substring(4));
    if (d !== null) out.push(d);
  }
  out.sort((a, b) => (a.pairedAt < b.pairedAt ? -1 : a.pairedAt > b.pairedAt ? 1 : 0));
  return out;
}

export function deviceCount(): i32 {
  return kv.list("dev/").length;
}

/** A paired device and the token it is told once. */
export class NewDevice {
  constructor(
    public device: Device,
    public token: string,
  ) {}
}

/** Pairs a device: a fresh 32-byte token, of which only the SHA-256 is kept. */
export function addDevice(name: string, now: i64): NewDevice {
  const d = new Device();
  d.id = hex(randomBytes(8));
  d.name = name;
  d.pairedAt = now;
  d.lastSeen = now;
  const token = hex(randomBytes(32));
  d.tokenHash = sha256Hex(token);
  saveDevice(d);
  kv.putString("tok/" + d.tokenHash, d.id);
  return new NewDevice(d, token);
}

/** The device a token belongs to, or null for a malformed, unknown or revoked token. */
export function deviceByToken(token: string): Device | null {
  if (!isHex(token, 64)) return null;
  const h = sha256Hex(token);
  const id = kv.getString("tok/" + h);
  if (id === null) return null;
  const d = device(id);
  // Both records must agree: a half-finished revoke still locks the device out.
  return d !== null && d.tokenHash == h ? d : null;
}

/** Notes that the device called, at most once a minute. */
export function touch(d: Device, now: i64): void {
  if (now - d.lastSeen < SEEN_MILLIS) return;
  d.lastSeen = now;
  saveDevice(d);
}

/** Revokes a device: its token stops working with the next call. */
export function removeDevice(id: string): bool {
  const d = device(id);
  if (d === null) return false;
  // The device record goes first: deviceByToken needs both.
  kv.remove("dev/" + id);
  kv.remove("tok/" + d.tokenHash);
  return true;
}
