// SPDX-License-Identifier: Apache-2.0
// A small, strict JSON value with a bounded parser and an HTML-safe writer.

export enum JsonKind {
  Null,
  Bool,
  Number,
  String,
  Array,
  Object,
}

/** Nesting deeper than this is refused by the parser (hostile input). */
export const MAX_DEPTH: i32 = 64;

/** One JSON value. Objects keep their members in insertion order. */
export class JsonValue {
  kind: JsonKind = JsonKind.Null;
  b: bool = false;
  n: f64 = 0;
  s: string = "";
  items: JsonValue[] = [];
  keys: string[] = [];

  static nul(): JsonValue {
    return new JsonValue();
  }

  static bool(b: bool): JsonValue {
    const v = new JsonValue();
    v.kind = JsonKind.Bool;
    v.b = b;
    return v;
  }

  static num(n: f64): JsonValue {
    const v = new JsonValue();
    v.kind = JsonKind.Number;
    v.n = n;
    return v;
  }

  static str(s: string): JsonValue {
    const v = new JsonValue();
    v.kind = JsonKind.String;
    v.s = s;
    return v;
  }

  static arr(): JsonValue {
    const v = new JsonValue();
    v.kind = JsonKind.Array;
    return v;
  }

  static obj(): JsonValue {
    const v = new JsonValue();
    v.kind = JsonKind.Object;
    return v;
  }

  /** Parses strict JSON (RFC 8259); null if the text is not JSON (see JsonValue.lastError). */
  static parse(text: string): JsonValue | null {
    const p = new Parser(text);
    const v = p.value(0);
    if (v !== null) {
      p.ws();
      if (p.pos != text.length) {
        lastError = "trailing data at " + p.pos.toString();
        return null;
      }
    } else {
      lastError = p.error;
    }
    return v;
  }

  /** Why the last parse failed. */
  static lastError(): string {
    return lastError;
  }

  isNull(): bool {
    return this.kind == JsonKind.Null;
  }
  isString(): bool {
    return this.kind == JsonKind.String;
  }
  isNumber(): bool {
    return this.kind == JsonKind.Number;
  }
  isBool(): bool {
    return this.kind == JsonKind.Bool;
  }
  isArray(): bool {
    return this.kind == JsonKind.Array;
  }
  isObject(): bool {
    return this.kind == JsonKind.Object;
  }

  /** Array length or object member count. */
  get length(): i32 {
    return this.kind == JsonKind.Object ? this.keys.length : this.items.length;
  }

  /** Appends to an array; returns this. */
  push(v: JsonValue): JsonValue {
    this.items.push(v);
    return this;
  }

  /** The i-th array element or object member value. */
  at(i: i32): JsonValue {
    return this.items[i];
  }

  /** Sets an object member (replacing one of the same name); returns this. */
  set(key: string, v: JsonValue): JsonValue {
    const i = this.keys.indexOf(key);
    if (i >= 0) {
      this.items[i] = v;
    } else {
      this.keys.push(key);
      this.items.push(v);
    }
    return this;
  }

  /** An object member, or null when absent (or when this is not an object). */
  get(key: string): JsonValue | null {
    if (this.kind != JsonKind.Object) return null;
    const i = this.keys.indexOf(key);
    return i < 0 ? null : this.items[i];
  }

  has(key: string): bool {
    return this.get(key) !== null;
  }

  /** A string member, or def when absent or not a string. */
  getString(key: string, def: string): string {
    const v = this.get(key);
    return v !== null && v.kind == JsonKind.String ? v.s : def;
  }

  /** A number member, or def. */
  getNumber(key: string, def: f64): f64 {
    const v = this.get(key);
    return v !== null && v.kind == JsonKind.Number ? v.n : def;
  }

  /** A boolean member, or def. */
  getBool(key: string, def: bool): bool {
    const v = this.get(key);
    return v !== null && v.kind == JsonKind.Bool ? v.b : def;
  }

  /** Compact JSON; <, >, &, U+2028 and U+2029 are escaped so it is safe inside HTML. */
  toString(): string {
    const out = new Array<string>();
    write(this, out);
    return out.join("");
  }
}

let lastError = "";

function write(v: JsonValue, out: string[]): void {
  switch (v.kind) {
    case JsonKind.Null:
      out.push("null");
      break;
    case JsonKind.Bool:
      out.push(v.b ? "true" : "false");
      break;
    case JsonKind.Number:
      out.push(numberText(v.n));
      break;
    case JsonKind.String:
      out.push(quote(v.s));
      break;
    case JsonKind.Array: {
      out.push("[");
      for (let i = 0; i < v.items.length; i++) {
        if (i > 0) out.push(",");
        write(v.items[i], out);
      }
      out.push("]");
      break;
    }
    default: {
      out.push("{");
      for (let i = 0; i < v.keys.length; i++) {
        if (i > 0) out.push(",");
        out.push(quote(v.keys[i]));
        out.push(":");
        write(v.items[i], out);
      }
      out.push("}");
    }
  }
}

function numberText(n: f64): string {
  if (!isFinite(n)) return "null";
  if (n == Math.floor(n) && Math.abs(n) < 9007199254740992.0) return (<i64>n).toString();
  return n.toString();
}

const HEX = "0123456789abcdef";

/** A JSON string literal for s. */
export function quote(s: string): string {
  const out = new Array<string>();
  out.push('"');
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let esc: string | null = null;
    if (c == 0x22) esc = '\\"';
    else if (c == 0x5c) esc = "\\\\";
    else if (c == 0x0a) esc = "\\n";
    else if (c == 0x0d) esc = "\\r";
    else if (c == 0x09) esc = "\\t";
    else if (c < 0x20 || c == 0x3c || c == 0x3e || c == 0x26 || c == 0x2028 || c == 0x2029) {
      esc =
        "\\u" +
        HEX.charAt((c >> 12) & 15) +
        HEX.charAt((c >> 8) & 15) +
        HEX.charAt((c >> 4) & 15) +
        HEX.charAt(c & 15);
    }
    if (esc !== null) {
      if (i > start) out.push(s.substring(start, i));
      out.push(esc);
      start = i + 1;
    }
  }
  if (start < s.length) out.push(s.substring(start));
  out.push('"');
  return out.join("");
}

class Parser {
  pos: i32 = 0;
  error: string = "";

  constructor(public text: string) {}

  fail(msg: string): JsonValue | null {
    if (this.error.length == 0) this.error = msg + " at " + this.pos.toString();
    return null;
  }

  ws(): void {
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      if (c != 0x20 && c != 0x0a && c != 0x0d && c != 0x09) break;
      this.pos++;
    }
  }

  peek(): i32 {
    return this.pos < this.text.length ? this.text.charCodeAt(this.pos) : -1;
  }

  value(depth: i32): JsonValue | null {
    if (depth >= MAX_DEPTH) return this.fail("nesting too deep");
    this.ws();
    const c = this.peek();
    if (c == 0x7b) return this.object(depth);
    if (c == 0x5b) return this.array(depth);
    if (c == 0x22) {
      const s = this.string();
      return s === null ? null : JsonValue.str(s);
    }
    if (c == 0x74) return this.literal("true", JsonValue.bool(true));
    if (c == 0x66) return this.literal("false", JsonValue.bool(false));
    if (c == 0x6e) return this.literal("null", JsonValue.nul());
    if (c == 0x2d || (c >= 0x30 && c <= 0x39)) return this.number();
    return this.fail(c < 0 ? "unexpected end" : "unexpected character");
  }

  literal(word: string, v: JsonValue): JsonValue | null {
    if (this.text.substr(this.pos, word.length) != word) return this.fail("bad literal");
    this.pos += word.length;
    return v;
  }

  digits(): i32 {
    const from = this.pos;
    while (this.peek() >= 0x30 && this.peek() <= 0x39) this.pos++;
    return this.pos - from;
  }

  number(): JsonValue | null {
    const from = this.pos;
    if (this.peek() == 0x2d) this.pos++;
    if (this.peek() == 0x30) {
      this.pos++;
    } else if (this.digits() == 0) {
      return this.fail("bad number");
    }
    if (this.peek() == 0x2e) {
      this.pos++;
      if (this.digits() == 0) return this.fail("bad number");
    }
    if (this.peek() == 0x65 || this.peek() == 0x45) {
      this.pos++;
      if (this.peek() == 0x2b || this.peek() == 0x2d) this.pos++;
      if (this.digits() == 0) return this.fail("bad number");
    }
    return JsonValue.num(parseFloat(this.text.substring(from, this.pos)));
  }

  hex4(): i32 {
    if (this.pos + 4 > this.text.length) return -1;
    let v = 0;
    for (let i = 0; i < 4; i++) {
      const c = this.text.charCodeAt(this.pos + i);
      let d = -1;
      if (c >= 0x30 && c <= 0x39) d = c - 0x30;
      else if (c >= 0x61 && c <= 0x66) d = c - 0x61 + 10;
      else if (c >= 0x41 && c <= 0x46) d = c - 0x41 + 10;
      if (d < 0) return -1;
      v = (v << 4) | d;
    }
    this.pos += 4;
    return v;
  }

  string(): string | null {
    this.pos++; // opening quote
    const out = new Array<string>();
    let start = this.pos;
    while (true) {
      if (this.pos >= this.text.length) {
        this.fail("unterminated string");
        return null;
      }
      const c = this.text.charCodeAt(this.pos);
      if (c == 0x22) break;
      if (c < 0x20) {
        this.fail("control character in string");
        return null;
      }
      if (c != 0x5c) {
        this.pos++;
        continue;
      }
      if (this.pos > start) out.push(this.text.substring(start, this.pos));
      this.pos++;
      const e = this.peek();
      this.pos++;
      if (e == 0x22) out.push('"');
      else if (e == 0x5c) out.push("\\");
      else if (e == 0x2f) out.push("/");
      else if (e == 0x62) out.push("\b");
      else if (e == 0x66) out.push("\f");
      else if (e == 0x6e) out.push("\n");
      else if (e == 0x72) out.push("\r");
      else if (e == 0x74) out.push("\t");
      else if (e == 0x75) {
        const u = this.hex4();
        if (u < 0) {
          this.fail("bad \\u escape");
          return null;
        }
        out.push(String.fromCharCode(u));
      } else {
        this.fail("bad escape");
        return null;
      }
      start = this.pos;
    }
    if (this.pos > start) out.push(this.text.substring(start, this.pos));
    this.pos++; // closing quote
    return out.join("");
  }

  array(depth: i32): JsonValue | null {
    this.pos++;
    const a = JsonValue.arr();
    this.ws();
    if (this.peek() == 0x5d) {
      this.pos++;
      return a;
    }
    while (true) {
      const v = this.value(depth + 1);
      if (v === null) return null;
      a.push(v);
      this.ws();
      const c = this.peek();
      this.pos++;
      if (c == 0x5d) return a;
      if (c != 0x2c) {
        this.pos--;
        return this.fail("expected , or ]");
      }
    }
  }

  object(depth: i32): JsonValue | null {
    this.pos++;
    const o = JsonValue.obj();
    const seen = new Set<string>();
    this.ws();
    if (this.peek() == 0x7d) {
      this.pos++;
      return o;
    }
    while (true) {
      this.ws();
      if (this.peek() != 0x22) return this.fail("expected a member name");
      const k = this.string();
      if (k === null) return null;
      if (seen.has(k)) return this.fail("duplicate member");
      seen.add(k);
      this.ws();
      if (this.peek() != 0x3a) return this.fail("expected :");
      this.pos++;
      const v = this.value(depth + 1);
      if (v === null) return null;
      o.keys.push(k);
      o.items.push(v);
      this.ws();
      const c = this.peek();
      this.pos++;
      if (c == 0x7d) return o;
      if (c != 0x2c) {
        this.pos--;
        return this.fail("expected , or }");
      }
    }
  }
}
