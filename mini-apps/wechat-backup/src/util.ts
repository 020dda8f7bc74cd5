// Small helpers shared by the parsers and the archive: hashing, wall-clock times, escaping.
//
// Times are the exports' wall-clock times (the tools print local time without a zone), kept as
// seconds since 1970-01-01 00:00:00 of that wall clock, so every format agrees on them.

/** FNV-1a 64 over the UTF-16 code units of s (after a separator code unit, if not 0), continuing from h. */
export function fnv(s: string, h: u64 = 0xcbf29ce484222325, sep: u32 = 0): u64 {
  if (sep != 0) {
    h ^= <u64>sep;
    h *= 0x100000001b3;
  }
  for (let i = 0; i < s.length; i++) {
    h ^= <u64>s.charCodeAt(i);
    h *= 0x100000001b3;
  }
  return h;
}

export function hex64(v: u64): string {
  return v.toString(16).padStart(16, "0");
}

/** Parses 16 hex digits; 0 when malformed (no real key is 0 in practice). */
export function parseHex64(s: string): u64 {
  if (s.length != 16) return 0;
  let v: u64 = 0;
  for (let i = 0; i < 16; i++) {
    const c = s.charCodeAt(i);
    let d = -1;
    if (c >= 0x30 && c <= 0x39) d = c - 0x30;
    else if (c >= 0x61 && c <= 0x66) d = c - 0x61 + 10;
    if (d < 0) return 0;
    v = (v << 4) | <u64>d;
  }
  return v;
}

// Howard Hinnant's days_from_civil / civil_from_days.
export function daysFromCivil(y: i32, m: i32, d: i32): i64 {
  y -= m <= 2 ? 1 : 0;
  const era = (y >= 0 ? y : y - 399) / 400;
  const yoe = y - era * 400;
  const doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return <i64>era * 146097 + <i64>doe - 719468;
}

class Civil {
  constructor(
    public y: i32,
    public m: i32,
    public d: i32,
  ) {}
}

function civilFromDays(z0: i64): Civil {
  const z = z0 + 719468;
  const era = (z >= 0 ? z : z - 146096) / 146097;
  const doe = <i32>(z - era * 146097);
  const yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const mp = (5 * doy + 2) / 153;
  const d = doy - (153 * mp + 2) / 5 + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return new Civil(<i32>(<i64>yoe + era * 400) + (m <= 2 ? 1 : 0), m, d);
}

function daysInMonth(y: i32, m: i32): i32 {
  if (m == 2) return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28;
  return m == 4 || m == 6 || m == 9 || m == 11 ? 30 : 31;
}

// WeChat dates back to 2011; anything far outside is a broken field, not a message.
export const MIN_YEAR: i32 = 1990;
export const MAX_YEAR: i32 = 2100;

function digitsAt(s: string, pos: i32, minLen: i32, maxLen: i32): i32 {
  // Returns the number read and leaves its length in lastLen; -1 when there are too few digits.
  let v = 0;
  let n = 0;
  while (pos + n < s.length && n < maxLen) {
    const c = s.charCodeAt(pos + n);
    if (c < 0x30 || c > 0x39) break;
    v = v * 10 + (c - 0x30);
    n++;
  }
  lastLen = n;
  return n < minLen ? -1 : v;
}
let lastLen = 0;

/**
 * Seconds of a wall-clock time "YYYY-MM-DD HH:MM[:SS][ AM|PM]" (also "/" between date parts and
 * "T" before the time); -1 when it is not one or names no real moment.
 */
export function parseDateTime(raw: string): i64 {
  const s = raw.trim();
  let p = 0;
  const y = digitsAt(s, p, 4, 4);
  if (y < 0) return -1;
  p += lastLen;
  if (p >= s.length || (s.charCodeAt(p) != 0x2d && s.charCodeAt(p) != 0x2f)) return -1;
  const sep = s.charCodeAt(p++);
  const mo = digitsAt(s, p, 1, 2);
  if (mo < 0) return -1;
  p += lastLen;
  if (p >= s.length || s.charCodeAt(p) != sep) return -1;
  p++;
  const d = digitsAt(s, p, 1, 2);
  if (d < 0) return -1;
  p += lastLen;
  let h = 0;
  let mi = 0;
  let se = 0;
  if (p < s.length) {
    const c = s.charCodeAt(p);
    if (c != 0x20 && c != 0x54) return -1;
    p++;
    h = digitsAt(s, p, 1, 2);
    if (h < 0) return -1;
    p += lastLen;
    if (p >= s.length || s.charCodeAt(p) != 0x3a) return -1;
    p++;
    mi = digitsAt(s, p, 2, 2);
    if (mi < 0) return -1;
    p += lastLen;
    if (p < s.length && s.charCodeAt(p) == 0x3a) {
      p++;
      se = digitsAt(s, p, 2, 2);
      if (se < 0) return -1;
      p += lastLen;
    }
    const rest = s.substring(p).trim().toUpperCase();
    if (rest == "AM" || rest == "PM") {
      if (h < 1 || h > 12) return -1;
      if (rest == "AM" && h == 12) h = 0;
      else if (rest == "PM" && h != 12) h += 12;
    } else if (rest.length > 0) {
      return -1;
    }
  }
  if (y < MIN_YEAR || y > MAX_YEAR || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return -1;
  if (h > 23 || mi > 59 || se > 59) return -1;
  return daysFromCivil(y, mo, d) * 86400 + <i64>(h * 3600 + mi * 60 + se);
}

/** Seconds of the start of a day "YYYY-MM-DD"; -1 if malformed. */
export function parseDate(s: string): i64 {
  if (s.length != 10) return -1;
  return parseDateTime(s);
}

/** Whether seconds lie in the years a chat message can have. */
export function plausible(t: i64): bool {
  return t >= daysFromCivil(MIN_YEAR, 1, 1) * 86400 && t < daysFromCivil(MAX_YEAR + 1, 1, 1) * 86400;
}

function pad2(n: i32): string {
  return n < 10 ? "0" + n.toString() : n.toString();
}

/** "YYYY-MM-DD HH:MM:SS". */
export function formatTime(t: i64): string {
  const days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  const secs = <i32>(t - days * 86400);
  const c = civilFromDays(days);
  return (
    c.y.toString() + "-" + pad2(c.m) + "-" + pad2(c.d) + " " +
    pad2(secs / 3600) + ":" + pad2((secs / 60) % 60) + ":" + pad2(secs % 60)
  );
}

/** "YYYYMM": the month bucket of a time. */
export function monthOf(t: i64): string {
  const days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  const c = civilFromDays(days);
  return c.y.toString() + pad2(c.m);
}

/** The first second of a "YYYYMM" month. */
export function monthStart(month: string): i64 {
  const y = I32.parseInt(month.substring(0, 4));
  const m = I32.parseInt(month.substring(4, 6));
  return daysFromCivil(y, m, 1) * 86400;
}

/** The month after a "YYYYMM" month. */
export function nextMonth(month: string): string {
  let y = I32.parseInt(month.substring(0, 4));
  let m = I32.parseInt(month.substring(4, 6)) + 1;
  if (m > 12) {
    m = 1;
    y++;
  }
  return y.toString() + pad2(m);
}

/** Backslash escapes for tab-separated storage lines: \\ \t \n \r. */
export function esc(s: string): string {
  let need = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c == 0x5c || c == 0x09 || c == 0x0a || c == 0x0d) {
      need = true;
      break;
    }
  }
  if (!need) return s;
  const out = new Array<string>();
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let r = "";
    if (c == 0x5c) r = "\\\\";
    else if (c == 0x09) r = "\\t";
    else if (c == 0x0a) r = "\\n";
    else if (c == 0x0d) r = "\\r";
    else continue;
    if (i > start) out.push(s.substring(start, i));
    out.push(r);
    start = i + 1;
  }
  if (start < s.length) out.push(s.substring(start));
  return out.join("");
}

export function unesc(s: string): string {
  if (s.indexOf("\\") < 0) return s;
  const out = new Array<string>();
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) != 0x5c || i + 1 >= s.length) continue;
    if (i > start) out.push(s.substring(start, i));
    const c = s.charCodeAt(i + 1);
    out.push(c == 0x74 ? "\t" : c == 0x6e ? "\n" : c == 0x72 ? "\r" : String.fromCharCode(c));
    i++;
    start = i + 1;
  }
  if (start < s.length) out.push(s.substring(start));
  return out.join("");
}

/** Decodes the HTML entities the exporters write (&amp; &lt; &gt; &quot; &#39; &nbsp; &#N; &#xH;). */
export function htmlDecode(s: string): string {
  if (s.indexOf("&") < 0) return s;
  const out = new Array<string>();
  let start = 0;
  let i = s.indexOf("&");
  while (i >= 0) {
    const semi = s.indexOf(";", i);
    if (semi < 0 || semi - i > 10) {
      i = s.indexOf("&", i + 1);
      continue;
    }
    const name = s.substring(i + 1, semi);
    let r: string | null = null;
    if (name == "amp") r = "&";
    else if (name == "lt") r = "<";
    else if (name == "gt") r = ">";
    else if (name == "quot") r = '"';
    else if (name == "apos" || name == "#39") r = "'";
    else if (name == "nbsp") r = " ";
    else if (name.startsWith("#")) {
      const hex = name.startsWith("#x") || name.startsWith("#X");
      const num = hex ? I32.parseInt(name.substring(2), 16) : I32.parseInt(name.substring(1), 10);
      if (num > 0 && num <= 0x10ffff && !(num >= 0xd800 && num <= 0xdfff)) r = String.fromCodePoint(num);
    }
    if (r !== null) {
      if (i > start) out.push(s.substring(start, i));
      out.push(r);
      start = semi + 1;
      i = s.indexOf("&", semi + 1);
    } else {
      i = s.indexOf("&", i + 1);
    }
  }
  if (start < s.length) out.push(s.substring(start));
  return out.join("");
}

/** Removes <...> tags (and CDATA markers) from markup-bearing text. */
export function stripTags(s: string): string {
  if (s.indexOf("<") < 0) return s;
  let t = s.replaceAll("<![CDATA[", "").replaceAll("]]>", "");
  const out = new Array<string>();
  let start = 0;
  let i = t.indexOf("<");
  while (i >= 0) {
    const close = t.indexOf(">", i);
    if (close < 0) break;
    if (i > start) out.push(t.substring(start, i));
    start = close + 1;
    i = t.indexOf("<", start);
  }
  if (start < t.length) out.push(t.substring(start));
  return out.join("");
}

/** The text of the first <tag>...</tag> in an XML snippet, or "". */
export function xmlElement(s: string, tag: string): string {
  const open = s.indexOf("<" + tag + ">");
  if (open < 0) return "";
  const from = open + tag.length + 2;
  const end = s.indexOf("</" + tag + ">", from);
  if (end < 0) return "";
  return htmlDecode(s.substring(from, end).replaceAll("<![CDATA[", "").replaceAll("]]>", "")).trim();
}

/** The value of the first name="..." attribute in a markup snippet, or "". */
export function attr(s: string, name: string): string {
  let i = s.indexOf(name + '="');
  while (i > 0) {
    const c = s.charCodeAt(i - 1);
    if (c == 0x20 || c == 0x09 || c == 0x0a) break; // a whole attribute name, not a suffix
    i = s.indexOf(name + '="', i + 1);
  }
  if (i < 0) return "";
  const from = i + name.length + 2;
  const end = s.indexOf('"', from);
  return end < 0 ? "" : htmlDecode(s.substring(from, end));
}

/** At most n characters of s, not splitting a surrogate pair. */
export function clip(s: string, n: i32): string {
  if (s.length <= n) return s;
  let end = n;
  const c = s.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return s.substring(0, end);
}

/**
 * One CSV field. Quoted when it holds a comma, quote or line break. A field that a spreadsheet
 * would run as a formula (= + - @ tab or CR first, after any apostrophes) gets an apostrophe in
 * front; the backup-csv import takes it off again.
 */
export function csvField(s: string): string {
  let v = s;
  let i = 0;
  while (i < v.length && v.charCodeAt(i) == 0x27) i++;
  if (i < v.length) {
    const c = v.charCodeAt(i);
    if (c == 0x3d || c == 0x2b || c == 0x2d || c == 0x40 || c == 0x09 || c == 0x0d) v = "'" + v;
  }
  let quote = false;
  for (let k = 0; k < v.length; k++) {
    const c = v.charCodeAt(k);
    if (c == 0x2c || c == 0x22 || c == 0x0a || c == 0x0d) {
      quote = true;
      break;
    }
  }
  return quote ? '"' + v.replaceAll('"', '""') + '"' : v;
}

/** Undoes csvField's formula guard. */
export function unguard(s: string): string {
  let i = 0;
  while (i < s.length && s.charCodeAt(i) == 0x27) i++;
  if (i == 0 || i >= s.length) return s;
  const c = s.charCodeAt(i);
  return c == 0x3d || c == 0x2b || c == 0x2d || c == 0x40 || c == 0x09 || c == 0x0d ? s.substring(1) : s;
}
