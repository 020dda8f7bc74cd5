// A streaming, resumable XML tokenizer, just enough for Health exports: prolog, DOCTYPE with an
// internal subset, comments, processing instructions, CDATA, start/end/empty tags, attributes in
// either quote, the five entities and character references. It is fed the read buffer chunk by
// chunk and never holds more than one token (at most CARRY_MAX bytes) across chunks; longer
// tokens are skipped by a byte-level state machine that needs no buffer at all.
//
// Levels: the root <HealthData> is level 1, a Record or Workout level 2, its children level 3.
// It is lenient where a strict parser would give up on a 2 GB file: a malformed tag, an unknown
// entity or an element that is too large is counted as a problem and skipped.
import { safeString } from "./bytes";
import { decodeEntities, takeEntityProblems } from "./entities";

/** The longest token kept whole across chunks; longer ones are skipped. */
export const CARRY_MAX: i32 = 1 << 20;
/** A top-level element (Record, Workout) larger than this is skipped. */
export const MAX_ELEMENT: i32 = 4 << 20;
/** The root element must start within this many bytes. */
export const PROLOG_MAX: i32 = 4 << 20;
/** Elements nested deeper than this are skipped. */
export const MAX_DEPTH: i32 = 64;
export const MAX_ATTRS: i32 = 32;

export const PROLOG: i32 = 0;
export const BODY: i32 = 1;
export const DONE: i32 = 2;
export const FAILED: i32 = 3;

// Token modes: NORMAL, or inside a token too long to keep (resumable across steps).
export const NORMAL: i32 = 0;
const LONG_TAG: i32 = 1;
const LONG_END: i32 = 2;
const LONG_COMMENT: i32 = 3;
const LONG_PI: i32 = 4;
const LONG_CDATA: i32 = 5;
const LONG_JUNK: i32 = 6;

const INCOMPLETE: i32 = -1;

/** The attributes of the current start tag: pointers into the read buffer, entities decoded. */
export class Attrs {
  n: i32 = 0;
  nameAt: StaticArray<usize> = new StaticArray<usize>(MAX_ATTRS);
  nameLen: StaticArray<i32> = new StaticArray<i32>(MAX_ATTRS);
  valAt: StaticArray<usize> = new StaticArray<usize>(MAX_ATTRS);
  valLen: StaticArray<i32> = new StaticArray<i32>(MAX_ATTRS);
  amp: StaticArray<bool> = new StaticArray<bool>(MAX_ATTRS);
}

/** What the parser reports to. */
export abstract class Handler {
  /** The root element; false if it is not one we read. */
  abstract root(name: usize, len: i32): bool;
  /** A start tag at level 2 or deeper; false to skip the element and all it holds. */
  abstract open(level: i32, name: usize, len: i32, a: Attrs, selfClosing: bool): bool;
  /** The end of an element open() kept. */
  abstract close(level: i32): void;
  /** The open top-level element is being skipped (too large or cut off): forget it. */
  abstract drop(): void;
}

@inline function isWs(c: i32): bool {
  return c == 0x20 || c == 0x0a || c == 0x0d || c == 0x09;
}

@inline function isNameStart(c: i32): bool {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c == 0x5f || c == 0x3a || c >= 0x80;
}

@inline function ends(c: i32): bool {
  // What ends a name: white space, / > = < or a quote.
  return isWs(c) || c == 0x2f || c == 0x3e || c == 0x3d || c == 0x3c || c == 0x22 || c == 0x27;
}

@inline function at(p: usize, i: i32): i32 {
  return <i32>load<u8>(p + <usize>i);
}

function has(p: usize, i: i32, end: i32, s: string): bool {
  if (end - i < s.length) return false;
  for (let k = 0; k < s.length; k++) if (at(p, i + k) != s.charCodeAt(k)) return false;
  return true;
}

// The index after the first occurrence of the ASCII sequence s at or after i, or -1.
function after(p: usize, i: i32, end: i32, s: string): i32 {
  const first = s.charCodeAt(0);
  const last = end - s.length;
  for (; i <= last; i++) {
    if (at(p, i) == first && has(p, i, end, s)) return i + s.length;
  }
  return -1;
}

export class Parser {
  // Saved between steps.
  phase: i32 = PROLOG;
  depth: i32 = 0;
  /** The level of the element being skipped with all it holds, or 0. */
  skip: i32 = 0;
  mode: i32 = NORMAL;
  q: i32 = 0;
  p1: i32 = 0;
  p2: i32 = 0;
  malformed: i32 = 0;
  tooLarge: i32 = 0;
  deep: i32 = 0;
  entities: i32 = 0;
  truncated: bool = false;
  error: string = "";

  // Per step.
  /** File offset of the buffer's first byte. */
  base: u64 = 0;
  /** Stop at the first resumable point at or after this file offset. */
  limit: u64 = U64.MAX_VALUE;
  stopped: bool = false;
  stopAt: u64 = 0;
  topStart: u64 = 0;
  attrs: Attrs = new Attrs();

  constructor(public h: Handler) {}

  fail(msg: string): void {
    this.phase = FAILED;
    this.error = msg;
  }

  /**
   * Parses end bytes at buf; eof says no more follow. Returns how many bytes were consumed: the
   * rest is an incomplete token to be fed again with the next chunk after it.
   */
  feed(buf: usize, end: i32, eof: bool): i32 {
    let pos = 0;
    while (this.phase < DONE) {
      if (this.mode != NORMAL) {
        pos = this.scanLong(buf, pos, end);
        if (this.mode != NORMAL) {
          if (eof) this.endOfFile();
          else if (this.phase == PROLOG && this.base + <u64>end > <u64>PROLOG_MAX) {
            this.fail("not a Health export: no <HealthData> element in the first 4 MiB");
          } else if (this.base + <u64>end >= this.limit && this.resumable()) this.stop(end);
          return end;
        }
        if (this.afterToken(pos)) return pos;
        continue;
      }
      if (this.phase == PROLOG) {
        // Before the root only white space (and a byte-order mark) may stand between tokens.
        while (pos < end) {
          const c = at(buf, pos);
          if (c == 0x3c) break;
          if (this.base + <u64>pos == 0 && c == 0xef && end >= 3 && at(buf, 1) == 0xbb && at(buf, 2) == 0xbf) {
            pos += 3;
            continue;
          }
          if (!isWs(c)) {
            this.fail("not an XML file: it starts with something other than a tag");
            return pos;
          }
          pos++;
        }
      } else {
        while (pos < end && load<u8>(buf + <usize>pos) != 0x3c) pos++;
      }
      if (pos >= end) {
        if (eof) this.endOfFile();
        return end;
      }
      const r = this.token(buf, pos, end, eof);
      if (this.phase >= DONE) return r < 0 ? end : r;
      if (r == INCOMPLETE) {
        if (eof) {
          this.endOfFile();
          return end;
        }
        if (end - pos < CARRY_MAX) return pos;
        pos = this.goLong(buf, pos, end);
        continue;
      }
      pos = r;
      if (this.afterToken(pos)) return pos;
    }
    return pos;
  }

  /** Whether a step may end here and the next one resume: between top-level elements or while skipping one. */
  resumable(): bool {
    return this.phase == BODY && (this.depth == 1 || (this.skip != 0 && this.skip <= 2));
  }

  stop(pos: i32): void {
    this.stopped = true;
    this.stopAt = this.base + <u64>pos;
  }

  // Checks after each complete token; true when the step must end here.
  afterToken(pos: i32): bool {
    if (this.phase >= DONE) return true;
    const off = this.base + <u64>pos;
    if (this.phase == PROLOG) {
      if (off > <u64>PROLOG_MAX) this.fail("not a Health export: no <HealthData> element in the first 4 MiB");
      return this.phase >= DONE;
    }
    if (this.depth >= 2 && (this.skip == 0 || this.skip > 2) && off - this.topStart > <u64>MAX_ELEMENT) {
      // A runaway element (deep nesting, endless children): skip it rather than hold a step.
      this.h.drop();
      this.skip = 2;
      this.tooLarge++;
    }
    if (off >= this.limit && this.resumable()) {
      this.stop(pos);
      return true;
    }
    return false;
  }

  endOfFile(): void {
    this.mode = NORMAL;
    if (this.phase == PROLOG) {
      this.fail("not a Health export: there is no <HealthData> element");
    } else if (this.phase == BODY) {
      // Cut off: keep what was complete, drop the element in progress.
      if (this.depth >= 2) this.h.drop();
      this.truncated = true;
      this.phase = DONE;
    }
  }

  // One token at pos ('<'): its end, or INCOMPLETE.
  token(p: usize, pos: i32, end: i32, eof: bool): i32 {
    if (end - pos < 2) return INCOMPLETE;
    const c1 = at(p, pos + 1);
    if (c1 == 0x2f) {
      const e = after(p, pos + 2, end, ">");
      if (e < 0) return INCOMPLETE;
      this.endTag();
      return e;
    }
    if (c1 == 0x3f) {
      const e = after(p, pos + 2, end, "?>");
      return e < 0 ? INCOMPLETE : e;
    }
    if (c1 == 0x21) {
      if (end - pos < 9 && !eof) return INCOMPLETE;
      let e: i32;
      if (has(p, pos, end, "<!--")) {
        e = after(p, pos + 4, end, "-->");
      } else if (has(p, pos, end, "<![CDATA[")) {
        e = after(p, pos + 9, end, "]]>");
      } else if (has(p, pos, end, "<!DOCTYPE") && this.phase == PROLOG) {
        e = this.doctype(p, pos + 9, end);
        if (e < 0 && end - pos >= CARRY_MAX) this.fail("not a Health export: its DOCTYPE is longer than 1 MiB");
      } else {
        e = after(p, pos + 2, end, ">");
        if (e >= 0) this.junk();
      }
      return e < 0 ? INCOMPLETE : e;
    }
    return this.startTag(p, pos, end);
  }

  junk(): void {
    if (this.phase == PROLOG) this.fail("not an XML file: a malformed tag before the root element");
    else this.malformed++;
  }

  // The internal subset may hold quoted '>' and ']' and comments; returns the end or -1.
  doctype(p: usize, i: i32, end: i32): i32 {
    let q = 0;
    let subset = false;
    while (i < end) {
      const c = at(p, i);
      if (q != 0) {
        if (c == q) q = 0;
      } else if (c == 0x22 || c == 0x27) {
        q = c;
      } else if (subset) {
        if (c == 0x3c && has(p, i, end, "<!--")) {
          const e = after(p, i + 4, end, "-->");
          if (e < 0) return -1;
          i = e;
          continue;
        }
        if (c == 0x5d) subset = false;
      } else if (c == 0x5b) {
        subset = true;
      } else if (c == 0x3e) {
        return i + 1;
      }
      i++;
    }
    return -1;
  }

  startTag(p: usize, pos: i32, end: i32): i32 {
    let i = pos + 1;
    if (!isNameStart(at(p, i))) {
      // A lone '<' in text: not a tag.
      if (this.phase == PROLOG) this.fail("not an XML file");
      else this.malformed++;
      return pos + 1;
    }
    const name = p + <usize>i;
    while (i < end && !ends(at(p, i))) i++;
    const nameLen = i - pos - 1;
    const a = this.attrs;
    a.n = 0;
    let selfClosing = false;
    while (true) {
      while (i < end && isWs(at(p, i))) i++;
      if (i >= end) return INCOMPLETE;
      let c = at(p, i);
      if (c == 0x3e) {
        i++;
        break;
      }
      if (c == 0x2f) {
        if (i + 1 >= end) return INCOMPLETE;
        if (at(p, i + 1) == 0x3e) {
          selfClosing = true;
          i += 2;
          break;
        }
        return this.badTag(p, i, end);
      }
      const an = i;
      while (i < end && !ends(at(p, i))) i++;
      if (i >= end) return INCOMPLETE;
      const anLen = i - an;
      while (i < end && isWs(at(p, i))) i++;
      if (i >= end) return INCOMPLETE;
      if (anLen == 0 || at(p, i) != 0x3d) return this.badTag(p, i, end);
      i++;
      while (i < end && isWs(at(p, i))) i++;
      if (i >= end) return INCOMPLETE;
      const q = at(p, i);
      if (q != 0x22 && q != 0x27) return this.badTag(p, i, end);
      i++;
      const vs = i;
      let amp = false;
      while (i < end) {
        c = at(p, i);
        if (c == q) break;
        if (c == 0x26) amp = true;
        i++;
      }
      if (i >= end) return INCOMPLETE;
      if (a.n < MAX_ATTRS) {
        const k = a.n++;
        unchecked((a.nameAt[k] = p + <usize>an));
        unchecked((a.nameLen[k] = anLen));
        unchecked((a.valAt[k] = p + <usize>vs));
        unchecked((a.valLen[k] = i - vs));
        unchecked((a.amp[k] = amp));
      }
      i++;
    }
    // The tag is complete: only now decode entities in place (a re-parse must see the original).
    for (let k = 0; k < a.n; k++) {
      if (unchecked(a.amp[k])) unchecked((a.valLen[k] = decodeEntities(unchecked(a.valAt[k]), unchecked(a.valLen[k]))));
    }
    this.entities += takeEntityProblems();
    this.startAction(name, nameLen, selfClosing, pos);
    return i;
  }

  // A malformed start tag: skip to its '>' and guess from "/>" whether it holds content.
  badTag(p: usize, i: i32, end: i32): i32 {
    const e = after(p, i, end, ">");
    if (e < 0) return INCOMPLETE;
    if (this.phase == PROLOG) {
      this.fail("not a Health export: a malformed tag before <HealthData>");
      return e;
    }
    this.malformed++;
    if (at(p, e - 2) != 0x2f) {
      this.depth++;
      if (this.skip == 0) this.skip = this.depth;
    }
    return e;
  }

  startAction(name: usize, nameLen: i32, selfClosing: bool, pos: i32): void {
    if (this.phase == PROLOG) {
      if (!this.h.root(name, nameLen)) {
        this.fail("not a Health export: the root element is <" + safeString(name, nameLen, 60) + ">, not <HealthData>");
        return;
      }
      this.phase = BODY;
      if (selfClosing) this.phase = DONE;
      else this.depth = 1;
      return;
    }
    const level = this.depth + 1;
    // Counted once per descent past the limit, even inside skipped content.
    if (level == MAX_DEPTH + 1) this.deep++;
    if (this.skip != 0) {
      if (!selfClosing) this.depth++;
      return;
    }
    if (level > MAX_DEPTH) {
      if (!selfClosing) {
        this.depth++;
        this.skip = this.depth;
      }
      return;
    }
    const keep = this.h.open(level, name, nameLen, this.attrs, selfClosing);
    if (!selfClosing) {
      this.depth++;
      if (level == 2) this.topStart = this.base + <u64>pos;
      if (!keep) this.skip = this.depth;
    }
  }

  endTag(): void {
    if (this.phase == PROLOG) {
      this.fail("not a Health export: an end tag before <HealthData>");
      return;
    }
    const level = this.depth;
    if (this.skip != 0) {
      if (level == this.skip) this.skip = 0;
    } else {
      this.h.close(level);
    }
    this.depth--;
    if (this.depth <= 0) {
      this.depth = 0;
      this.phase = DONE;
    }
  }

  // A token longer than CARRY_MAX: switch to scanning it byte by byte; returns where to go on.
  goLong(p: usize, pos: i32, end: i32): i32 {
    const c1 = at(p, pos + 1);
    let from = pos + 2;
    this.q = 0;
    this.p1 = 0;
    this.p2 = 0;
    if (c1 == 0x2f) this.mode = LONG_END;
    else if (c1 == 0x3f) this.mode = LONG_PI;
    else if (has(p, pos, end, "<!--")) { this.mode = LONG_COMMENT; from = pos + 4; }
    else if (has(p, pos, end, "<![CDATA[")) { this.mode = LONG_CDATA; from = pos + 9; }
    else if (c1 == 0x21) this.mode = LONG_JUNK;
    else { this.mode = LONG_TAG; from = pos + 1; }
    if (this.phase == PROLOG) {
      if (this.mode == LONG_TAG) this.fail("not a Health export: the first tag is longer than 1 MiB");
      else if (this.mode == LONG_END || this.mode == LONG_JUNK) this.fail("not an XML file");
      return end;
    }
    if (this.depth >= 2 && (this.skip == 0 || this.skip > 2)) {
      // Inside a top-level element: skip all of it, so a step can end inside the long token.
      this.h.drop();
      this.skip = 2;
      this.tooLarge++;
    } else if (this.mode == LONG_TAG && this.skip == 0) {
      this.tooLarge++;
    }
    return from;
  }

  // Scans a long token from i; its end (mode back to NORMAL) or end.
  scanLong(p: usize, i: i32, end: i32): i32 {
    const mode = this.mode;
    let q = this.q;
    let p1 = this.p1;
    let p2 = this.p2;
    while (i < end) {
      const c = at(p, i++);
      let done = false;
      if (mode == LONG_TAG) {
        if (q != 0) {
          if (c == q) q = 0;
        } else if (c == 0x22 || c == 0x27) {
          q = c;
        } else if (c == 0x3e) {
          done = true;
        }
      } else if (mode == LONG_COMMENT) {
        done = c == 0x3e && p1 == 0x2d && p2 == 0x2d;
      } else if (mode == LONG_CDATA) {
        done = c == 0x3e && p1 == 0x5d && p2 == 0x5d;
      } else if (mode == LONG_PI) {
        done = c == 0x3e && p1 == 0x3f;
      } else {
        done = c == 0x3e;
      }
      if (done) {
        this.mode = NORMAL;
        if (mode == LONG_TAG) {
          if (p1 != 0x2f) {
            this.depth++;
            if (this.skip == 0) this.skip = this.depth;
          }
        } else if (mode == LONG_END) {
          this.endTag();
        } else if (mode == LONG_JUNK) {
          this.malformed++;
        }
        return i;
      }
      p2 = p1;
      p1 = c;
    }
    this.q = q;
    this.p1 = p1;
    this.p2 = p2;
    return end;
  }
}
