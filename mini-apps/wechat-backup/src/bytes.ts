// Byte-level text handling: the exports are read as raw bytes in chunks, and every record is
// checked for valid UTF-8 before it becomes a string (AssemblyScript's decoder does not replace
// bad sequences, it garbles them).

/** Length of the valid UTF-8 sequence at i (1-4), or 0 if the bytes there are not one. */
function seqLen(b: Uint8Array, i: i32, end: i32): i32 {
  const c = <u32>unchecked(b[i]);
  if (c < 0x80) return 1;
  let n = 0;
  let min: u32 = 0;
  let cp: u32 = 0;
  if (c >= 0xc2 && c <= 0xdf) {
    n = 2;
    cp = c & 0x1f;
    min = 0x80;
  } else if (c >= 0xe0 && c <= 0xef) {
    n = 3;
    cp = c & 0x0f;
    min = 0x800;
  } else if (c >= 0xf0 && c <= 0xf4) {
    n = 4;
    cp = c & 0x07;
    min = 0x10000;
  } else {
    return 0;
  }
  if (i + n > end) return 0;
  for (let k = 1; k < n; k++) {
    const t = <u32>unchecked(b[i + k]);
    if ((t & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (t & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return n;
}

/** Whether b[start, end) is valid UTF-8. */
export function validUtf8(b: Uint8Array, start: i32, end: i32): bool {
  if (start < 0 || end > b.length) return false;
  let i = start;
  while (i < end) {
    // ASCII fast path, 4 bytes at a time.
    while (i + 4 <= end && (load<u32>(b.dataStart + <usize>i) & 0x80808080) == 0) i += 4;
    if (i >= end) break;
    const n = seqLen(b, i, end);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

/** b[start, end) as a string, which must be valid UTF-8. */
export function decode(b: Uint8Array, start: i32, end: i32): string {
  if (end <= start) return "";
  return String.UTF8.decodeUnsafe(b.dataStart + <usize>start, <usize>(end - start));
}

/** b[start, end) as a string with every invalid sequence replaced by U+FFFD. */
export function decodeLossy(b: Uint8Array, start: i32, end: i32): string {
  if (validUtf8(b, start, end)) return decode(b, start, end);
  const out = new Array<string>();
  let run = start;
  let i = start;
  while (i < end) {
    const n = seqLen(b, i, end);
    if (n > 0) {
      i += n;
      continue;
    }
    if (i > run) out.push(decode(b, run, i));
    out.push("\uFFFD");
    i++;
    run = i;
  }
  if (end > run) out.push(decode(b, run, end));
  return out.join("");
}

/**
 * Whether invalid UTF-8 looks like GBK/GB18030 (the encoding Excel and older Chinese tools save
 * in): mostly byte pairs with a lead of 0x81-0xFE and a trail of 0x40-0xFE.
 */
export function looksGbk(b: Uint8Array, start: i32, end: i32): bool {
  let pairs = 0;
  let bad = 0;
  let i = start;
  while (i < end) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    if (c >= 0x81 && c <= 0xfe && i + 1 < end && b[i + 1] >= 0x40 && b[i + 1] <= 0xfe && b[i + 1] != 0x7f) {
      pairs++;
      i += 2;
    } else {
      bad++;
      i++;
    }
  }
  return pairs > 0 && bad * 4 <= pairs;
}

/** Index of the next \n in b[from, end), or -1. */
export function indexOfNewline(b: Uint8Array, from: i32, end: i32): i32 {
  const base = b.dataStart;
  const stop = end < b.length ? end : b.length;
  for (let i = from; i < stop; i++) if (load<u8>(base + <usize>i) == 0x0a) return i;
  return -1;
}

/** Whether b[start, end) contains the ASCII text s. */
export function containsAscii(b: Uint8Array, start: i32, end: i32, s: string): bool {
  const n = s.length;
  if (n == 0) return true;
  const first = <u8>s.charCodeAt(0);
  for (let i = start; i + n <= end; i++) {
    if (b[i] != first) continue;
    let k = 1;
    while (k < n && <i32>b[i + k] == s.charCodeAt(k)) k++;
    if (k == n) return true;
  }
  return false;
}

/** Whether b[start, end) is only spaces, tabs and \r. */
export function isBlank(b: Uint8Array, start: i32, end: i32): bool {
  for (let i = start; i < end; i++) {
    const c = b[i];
    if (c != 0x20 && c != 0x09 && c != 0x0d) return false;
  }
  return true;
}

/** The end of b[start, end) without a trailing \r. */
export function trimCr(b: Uint8Array, start: i32, end: i32): i32 {
  return end > start && b[end - 1] == 0x0d ? end - 1 : end;
}
