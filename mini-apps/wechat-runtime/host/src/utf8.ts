// Byte-level helpers: strict UTF-8 validation and percent-encoding, so hostile keys and
// response bodies never reach fromUtf8 as invalid sequences.

/** Whether the bytes are valid UTF-8 (no overlongs, no surrogates, at most U+10FFFF). */
export function validUtf8(b: Uint8Array): bool {
  let i = 0;
  const n = b.length;
  while (i < n) {
    const c = <u32>b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let need = 0;
    let min: u32 = 0;
    let cp: u32 = 0;
    if (c >= 0xc2 && c <= 0xdf) {
      need = 1;
      min = 0x80;
      cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      min = 0x800;
      cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      min = 0x10000;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + need >= n) return false;
    for (let j = 1; j <= need; j++) {
      const d = <u32>b[i + j];
      if ((d & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += need + 1;
  }
  return true;
}

function hexVal(c: u8): i32 {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

/** Percent-decodes a URL path segment into bytes ("+" stays "+"); null for a bad escape. */
export function percentDecode(s: string): Uint8Array | null {
  const raw = Uint8Array.wrap(String.UTF8.encode(s));
  const out = new Uint8Array(raw.length);
  let n = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c == 0x25) {
      if (i + 2 >= raw.length) return null;
      const h = hexVal(raw[i + 1]);
      const l = hexVal(raw[i + 2]);
      if (h < 0 || l < 0) return null;
      out[n++] = <u8>((h << 4) | l);
      i += 2;
    } else {
      out[n++] = c;
    }
  }
  return out.subarray(0, n);
}

const HEX = "0123456789ABCDEF";

/** Percent-encodes every byte but A-Z a-z 0-9 - _ . ~ (the canonical form of a storage key). */
export function percentEncode(b: Uint8Array): string {
  let out = "";
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    const plain =
      (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) ||
      c == 0x2d || c == 0x5f || c == 0x2e || c == 0x7e;
    if (plain) {
      out += String.fromCharCode(c);
    } else {
      out += "%" + HEX.charAt(c >> 4) + HEX.charAt(c & 15);
    }
  }
  return out;
}

/** Lower-case hex of the bytes (temp file names, multipart boundaries). */
export function hexOf(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i++) s += (b[i] < 16 ? "0" : "") + b[i].toString(16);
  return s;
}
