// SPDX-License-Identifier: Apache-2.0
// Standard base64 (RFC 4648, with padding), as the node uses for request bodies.

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

export function base64Encode(b: Uint8Array): string {
  const out = new Array<string>();
  let i = 0;
  for (; i + 3 <= b.length; i += 3) {
    const n = (<u32>b[i] << 16) | (<u32>b[i + 1] << 8) | <u32>b[i + 2];
    out.push(
      ALPHABET.charAt((n >> 18) & 63) +
        ALPHABET.charAt((n >> 12) & 63) +
        ALPHABET.charAt((n >> 6) & 63) +
        ALPHABET.charAt(n & 63),
    );
  }
  const rest = b.length - i;
  if (rest == 1) {
    const n = <u32>b[i] << 16;
    out.push(ALPHABET.charAt((n >> 18) & 63) + ALPHABET.charAt((n >> 12) & 63) + "==");
  } else if (rest == 2) {
    const n = (<u32>b[i] << 16) | (<u32>b[i + 1] << 8);
    out.push(
      ALPHABET.charAt((n >> 18) & 63) +
        ALPHABET.charAt((n >> 12) & 63) +
        ALPHABET.charAt((n >> 6) & 63) +
        "=",
    );
  }
  return out.join("");
}

function sextet(c: i32): i32 {
  if (c >= 0x41 && c <= 0x5a) return c - 0x41;
  if (c >= 0x61 && c <= 0x7a) return c - 0x61 + 26;
  if (c >= 0x30 && c <= 0x39) return c - 0x30 + 52;
  if (c == 0x2b) return 62;
  if (c == 0x2f) return 63;
  return -1;
}

/** Decodes padded base64; null if the text is not valid base64. */
export function base64Decode(s: string): Uint8Array | null {
  if (s.length % 4 != 0) return null;
  let pad = 0;
  if (s.length > 0 && s.charCodeAt(s.length - 1) == 0x3d) pad++;
  if (s.length > 1 && s.charCodeAt(s.length - 2) == 0x3d) pad++;
  const out = new Uint8Array((s.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < s.length; i += 4) {
    let n: u32 = 0;
    for (let j = 0; j < 4; j++) {
      const c = s.charCodeAt(i + j);
      let d = 0;
      if (c == 0x3d && i + 4 == s.length && j >= 4 - pad) {
        d = 0;
      } else {
        d = sextet(c);
        if (d < 0) return null;
      }
      n = (n << 6) | <u32>d;
    }
    if (o < out.length) out[o++] = <u8>(n >> 16);
    if (o < out.length) out[o++] = <u8>(n >> 8);
    if (o < out.length) out[o++] = <u8>n;
  }
  return out;
}
