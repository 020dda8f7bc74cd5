// XML entity and character reference decoding for attribute values, in place in the read buffer.

// Problems (unknown entities, invalid references) since the last takeEntityProblems().
let entityProblems: i32 = 0;

/** The problems the decodes found since the last call. */
export function takeEntityProblems(): i32 {
  const n = entityProblems;
  entityProblems = 0;
  return n;
}

@inline function at(p: usize, i: i32): i32 {
  return <i32>load<u8>(p + <usize>i);
}

function has(p: usize, i: i32, end: i32, s: string): bool {
  if (end - i < s.length) return false;
  for (let k = 0; k < s.length; k++) if (at(p, i + k) != s.charCodeAt(k)) return false;
  return true;
}

/**
 * Decodes entities and character references in place (the result is never longer); returns the
 * new length. Unknown entities stay as written; they and invalid references are counted in
 * entityProblems.
 */
export function decodeEntities(p: usize, n: i32): i32 {
  let r = 0;
  let w = 0;
  while (r < n) {
    const c = at(p, r);
    if (c != 0x26) {
      store<u8>(p + <usize>(w++), <u8>c);
      r++;
      continue;
    }
    let e = r + 1;
    while (e < n && e - r <= 12 && at(p, e) != 0x3b) e++;
    if (e >= n || at(p, e) != 0x3b) {
      entityProblems++;
      store<u8>(p + <usize>(w++), <u8>c);
      r++;
      continue;
    }
    let ch = -1;
    if (has(p, r, e + 1, "&amp;")) ch = 0x26;
    else if (has(p, r, e + 1, "&lt;")) ch = 0x3c;
    else if (has(p, r, e + 1, "&gt;")) ch = 0x3e;
    else if (has(p, r, e + 1, "&quot;")) ch = 0x22;
    else if (has(p, r, e + 1, "&apos;")) ch = 0x27;
    else if (at(p, r + 1) == 0x23) ch = charRef(p, r + 2, e);
    if (ch == -1) {
      entityProblems++;
      while (r <= e) store<u8>(p + <usize>(w++), load<u8>(p + <usize>(r++)));
      continue;
    }
    w = putUtf8(p, w, ch);
    r = e + 1;
  }
  return w;
}

// The code point of "#65" / "#x41" (between i and e); U+FFFD for an invalid one, -1 if it is not a number.
function charRef(p: usize, i: i32, e: i32): i32 {
  let hex = false;
  if (i < e && (at(p, i) | 0x20) == 0x78) {
    hex = true;
    i++;
  }
  if (i >= e) return -1;
  let v = 0;
  for (; i < e; i++) {
    const c = at(p, i);
    let d = -1;
    if (c >= 0x30 && c <= 0x39) d = c - 0x30;
    else if (hex && (c | 0x20) >= 0x61 && (c | 0x20) <= 0x66) d = (c | 0x20) - 0x61 + 10;
    if (d < 0) return -1;
    v = v * (hex ? 16 : 10) + d;
    if (v > 0x10ffff) v = 0x110000;
  }
  if ((v < 0x20 && v != 9 && v != 10 && v != 13) || (v >= 0xd800 && v <= 0xdfff) || v > 0x10ffff || v == 0xfffe || v == 0xffff) {
    entityProblems++;
    return 0xfffd;
  }
  return v;
}

function putUtf8(p: usize, w: i32, cp: i32): i32 {
  if (cp < 0x80) {
    store<u8>(p + <usize>w, <u8>cp);
    return w + 1;
  }
  if (cp < 0x800) {
    store<u8>(p + <usize>w, <u8>(0xc0 | (cp >> 6)));
    store<u8>(p + <usize>w + 1, <u8>(0x80 | (cp & 0x3f)));
    return w + 2;
  }
  if (cp < 0x10000) {
    store<u8>(p + <usize>w, <u8>(0xe0 | (cp >> 12)));
    store<u8>(p + <usize>w + 1, <u8>(0x80 | ((cp >> 6) & 0x3f)));
    store<u8>(p + <usize>w + 2, <u8>(0x80 | (cp & 0x3f)));
    return w + 3;
  }
  store<u8>(p + <usize>w, <u8>(0xf0 | (cp >> 18)));
  store<u8>(p + <usize>w + 1, <u8>(0x80 | ((cp >> 12) & 0x3f)));
  store<u8>(p + <usize>w + 2, <u8>(0x80 | ((cp >> 6) & 0x3f)));
  store<u8>(p + <usize>w + 3, <u8>(0x80 | (cp & 0x3f)));
  return w + 4;
}
