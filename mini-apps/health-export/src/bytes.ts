// Byte-level helpers for the parser: the import works on raw UTF-8 in its read buffer and makes
// strings only for the few names it keeps (types, sources), so a record costs no allocation.

/** A constant as UTF-8 bytes, for comparing with bytes in the buffer. */
export class Lit {
  buf: ArrayBuffer;
  ptr: usize;
  len: i32;
  constructor(public s: string) {
    this.buf = String.UTF8.encode(s);
    this.ptr = changetype<usize>(this.buf);
    this.len = this.buf.byteLength;
  }
}

export function eq(p: usize, n: i32, l: Lit): bool {
  return n == l.len && memory.compare(p, l.ptr, <usize>n) == 0;
}

export function startsWith(p: usize, n: i32, l: Lit): bool {
  return n >= l.len && memory.compare(p, l.ptr, <usize>l.len) == 0;
}

/** Whether l occurs in the n bytes at p. */
export function contains(p: usize, n: i32, l: Lit): bool {
  const first = load<u8>(l.ptr);
  const last = n - l.len;
  for (let i = 0; i <= last; i++) {
    if (load<u8>(p + <usize>i) == first && memory.compare(p + <usize>i, l.ptr, <usize>l.len) == 0) return true;
  }
  return false;
}

/** A cache from raw name bytes to a table id, so a record makes no string. */
export class ByteIndex {
  map: Map<u32, i32> = new Map<u32, i32>();
  keys: Map<i32, Uint8Array> = new Map<i32, Uint8Array>();

  find(p: usize, n: i32, h: u32): i32 {
    if (!this.map.has(h)) return -1;
    const id = this.map.get(h);
    const k = this.keys.get(id);
    return k.length == n && memory.compare(k.dataStart, p, <usize>n) == 0 ? id : -1;
  }

  add(p: usize, n: i32, h: u32, id: i32): void {
    if (this.map.has(h)) return;
    const k = new Uint8Array(n);
    memory.copy(k.dataStart, p, <usize>n);
    this.map.set(h, id);
    this.keys.set(id, k);
  }
}

/** FNV-1a, to find names in small tables. */
export function hash(p: usize, n: i32): u32 {
  let h: u32 = 2166136261;
  for (let i = 0; i < n; i++) h = (h ^ <u32>load<u8>(p + <usize>i)) * 16777619;
  return h;
}

/**
 * A string from bytes that may be anything: invalid UTF-8 becomes U+FFFD and control characters
 * are dropped, so a hostile file cannot put lone surrogates or raw controls into our JSON.
 */
export function safeString(p: usize, n: i32, max: i32 = 200): string {
  const out = new Array<i32>();
  let i = 0;
  while (i < n && out.length < max) {
    const c = <i32>load<u8>(p + <usize>i);
    if (c < 0x80) {
      if (c >= 0x20 && c != 0x7f) out.push(c);
      i++;
      continue;
    }
    let need = 0;
    let cp = 0;
    let min = 0;
    if ((c & 0xe0) == 0xc0) { need = 1; cp = c & 0x1f; min = 0x80; }
    else if ((c & 0xf0) == 0xe0) { need = 2; cp = c & 0x0f; min = 0x800; }
    else if ((c & 0xf8) == 0xf0) { need = 3; cp = c & 0x07; min = 0x10000; }
    else { out.push(0xfffd); i++; continue; }
    let ok = i + need < n;
    let j = 1;
    while (ok && j <= need) {
      const d = <i32>load<u8>(p + <usize>(i + j));
      if ((d & 0xc0) != 0x80) { ok = false; break; }
      cp = (cp << 6) | (d & 0x3f);
      j++;
    }
    if (!ok || cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      out.push(0xfffd);
      i++;
      continue;
    }
    out.push(cp);
    i += need + 1;
  }
  const parts = new Array<string>(out.length);
  for (let k = 0; k < out.length; k++) parts[k] = String.fromCodePoint(out[k]);
  return parts.join("");
}

function digit(p: usize, i: i32): i32 {
  const c = <i32>load<u8>(p + <usize>i) - 0x30;
  return c >= 0 && c <= 9 ? c : -1000000;
}

function num2(p: usize, i: i32): i32 {
  return digit(p, i) * 10 + digit(p, i + 1);
}

const POW10: StaticArray<f64> = [
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
  1e18, 1e19, 1e20, 1e21, 1e22,
];

/**
 * A decimal number ("412", "0.0123", "-1.5e-3"); NaN if the bytes are not one. Correctly rounded
 * for up to 15 significant digits, which is all the Health app writes.
 */
export function parseNumber(p: usize, n: i32): f64 {
  let i = 0;
  let neg = false;
  if (n > 0 && (load<u8>(p) == 0x2d || load<u8>(p) == 0x2b)) {
    neg = load<u8>(p) == 0x2d;
    i = 1;
  }
  let mant: u64 = 0;
  let digits = 0;
  let exp = 0;
  let any = false;
  while (i < n) {
    const c = <i32>load<u8>(p + <usize>i) - 0x30;
    if (c < 0 || c > 9) break;
    any = true;
    if (digits < 18) { mant = mant * 10 + <u64>c; if (mant > 0) digits++; } else exp++;
    i++;
  }
  if (i < n && load<u8>(p + <usize>i) == 0x2e) {
    i++;
    while (i < n) {
      const c = <i32>load<u8>(p + <usize>i) - 0x30;
      if (c < 0 || c > 9) break;
      any = true;
      if (digits < 18) { mant = mant * 10 + <u64>c; if (mant > 0) digits++; exp--; }
      i++;
    }
  }
  if (!any) return NaN;
  if (i < n && (load<u8>(p + <usize>i) | 0x20) == 0x65) {
    i++;
    let eneg = false;
    if (i < n && (load<u8>(p + <usize>i) == 0x2d || load<u8>(p + <usize>i) == 0x2b)) {
      eneg = load<u8>(p + <usize>i) == 0x2d;
      i++;
    }
    let e = 0;
    let edigits = 0;
    while (i < n) {
      const c = <i32>load<u8>(p + <usize>i) - 0x30;
      if (c < 0 || c > 9) break;
      if (e < 10000) e = e * 10 + c;
      edigits++;
      i++;
    }
    if (edigits == 0) return NaN;
    exp += eneg ? -e : e;
  }
  if (i != n) return NaN;
  let v: f64;
  if (mant == 0) v = 0;
  else if (exp == 0) v = <f64>mant;
  else if (exp < 0 && exp >= -22 && mant < (<u64>1 << 53)) v = <f64>mant / POW10[-exp];
  else if (exp > 0 && exp <= 22 && mant < (<u64>1 << 53)) v = <f64>mant * POW10[exp];
  else v = <f64>mant * Math.pow(10, <f64>exp);
  if (!isFinite(v)) return NaN;
  return neg ? -v : v;
}

/** Days since 1970-01-01 of a civil date (proleptic Gregorian). */
export function daysFromCivil(y: i32, m: i32, d: i32): i32 {
  y -= m <= 2 ? 1 : 0;
  const era = (y >= 0 ? y : y - 399) / 400;
  const yoe = y - era * 400;
  const doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(y: i32, m: i32): i32 {
  if (m == 2) return (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
  return m == 4 || m == 6 || m == 9 || m == 11 ? 30 : 31;
}

/** "YYYY-MM-DD" of a day number. */
export function formatDay(day: i32): string {
  const z = day + 719468;
  const era = (z >= 0 ? z : z - 146096) / 146097;
  const doe = z - era * 146097;
  const yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const mp = (5 * doy + 2) / 153;
  const d = doy - (153 * mp + 2) / 5 + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return y.toString().padStart(4, "0") + "-" + m.toString().padStart(2, "0") + "-" + d.toString().padStart(2, "0");
}

/** The day number of "YYYY-MM-DD", or -1. */
export function parseDay(s: string): i32 {
  if (s.length != 10) return -1;
  const b = String.UTF8.encode(s);
  const p = changetype<usize>(b);
  if (b.byteLength != 10 || load<u8>(p + 4) != 0x2d || load<u8>(p + 7) != 0x2d) return -1;
  const y = num2(p, 0) * 100 + num2(p, 2);
  const m = num2(p, 5);
  const d = num2(p, 8);
  if (y < 1970 || y > 2149 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return -1;
  return daysFromCivil(y, m, d);
}

// The last parsed timestamp (globals: AssemblyScript has no tuples, and this runs per record).
export let tDay: i32 = 0;
export let tHour: i32 = 0;
export let tEpoch: i64 = 0;
/** Local seconds since 1970 as written (tEpoch plus the offset). */
export let tLocal: i64 = 0;

/**
 * Parses "2024-03-05 07:12:44 +0100" into tDay/tHour (the LOCAL date and hour as written, which
 * is what the Health app shows) and tEpoch (UTC seconds, for durations across offset changes).
 * Also takes "T" for the space, "+01:00", "Z" or no offset (UTC). False if it is not a date
 * between 1970 and 2149.
 */
export function parseTime(p: usize, n: i32): bool {
  if (n < 19) return false;
  if (load<u8>(p + 4) != 0x2d || load<u8>(p + 7) != 0x2d) return false;
  const sep = load<u8>(p + 10);
  if (sep != 0x20 && sep != 0x54) return false;
  if (load<u8>(p + 13) != 0x3a || load<u8>(p + 16) != 0x3a) return false;
  const y = num2(p, 0) * 100 + num2(p, 2);
  const mo = num2(p, 5);
  const d = num2(p, 8);
  const h = num2(p, 11);
  const mi = num2(p, 14);
  const s = num2(p, 17);
  if (y < 1970 || y > 2149 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return false;
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 60) return false;
  let i = 19;
  while (i < n && load<u8>(p + <usize>i) == 0x20) i++;
  let off = 0;
  if (i < n) {
    const c = load<u8>(p + <usize>i);
    if (c == 0x5a && i + 1 == n) {
      off = 0;
    } else if (c == 0x2b || c == 0x2d) {
      let oh: i32, om: i32;
      if (n - i == 5) { oh = num2(p, i + 1); om = num2(p, i + 3); }
      else if (n - i == 6 && load<u8>(p + <usize>(i + 3)) == 0x3a) { oh = num2(p, i + 1); om = num2(p, i + 4); }
      else return false;
      if (oh < 0 || oh > 18 || om < 0 || om > 59) return false;
      off = (oh * 60 + om) * 60;
      if (c == 0x2d) off = -off;
    } else return false;
  }
  tDay = daysFromCivil(y, mo, d);
  tHour = h;
  tLocal = <i64>tDay * 86400 + <i64>(h * 3600 + mi * 60 + s);
  tEpoch = tLocal - <i64>off;
  return true;
}
