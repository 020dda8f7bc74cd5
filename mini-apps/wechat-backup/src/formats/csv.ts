// RFC 4180 CSV, record by record: quoted fields may hold commas, "" and line breaks. Python's
// csv.writer (WeChatMsg) ends rows with \r\n and keeps line breaks inside quotes as they were.
// A row is checked as a whole before it is used; a broken row is reported and skipped.
import { JsonValue } from "../../sdk";
import { trimCr } from "../bytes";
import { Ctx, MAX_RECORD, Parser } from "../parse";

const FIELD_START: i32 = 0;
const UNQUOTED: i32 = 1;
const QUOTED: i32 = 2;
const QUOTE_SEEN: i32 = 3; // a quote inside a quoted field: closes it, or starts ""

/** Runs the CSV state machine over buf[s, e); returns the state after it (bad quoting sets badQuote). */
function scan(buf: Uint8Array, s: i32, e: i32, state: i32): i32 {
  const stop = e < buf.length ? e : buf.length;
  for (let i = s; i < stop; i++) {
    const c = unchecked(buf[i]);
    if (state == QUOTED) {
      if (c == 0x22) state = QUOTE_SEEN;
    } else if (state == FIELD_START) {
      state = c == 0x22 ? QUOTED : c == 0x2c ? FIELD_START : UNQUOTED;
    } else if (state == UNQUOTED) {
      if (c == 0x2c) state = FIELD_START;
      else if (c == 0x22) badQuote = true;
    } else {
      // QUOTE_SEEN
      if (c == 0x22) state = QUOTED;
      else if (c == 0x2c) state = FIELD_START;
      else {
        badQuote = true;
        state = UNQUOTED;
      }
    }
  }
  return state;
}
let badQuote = false;

/** The fields of a complete record buf[s, e); null when its quoting is broken. */
export function fields(ctx: Ctx, s: i32, e: i32): string[] | null {
  const out = new Array<string>();
  const buf = ctx.buf;
  let i = s;
  while (true) {
    if (i < e && buf[i] == 0x22) {
      // Quoted: up to the closing quote, "" inside.
      let j = i + 1;
      let escaped = false;
      while (true) {
        if (j >= e) return null;
        if (buf[j] == 0x22) {
          if (j + 1 < e && buf[j + 1] == 0x22) {
            escaped = true;
            j += 2;
            continue;
          }
          break;
        }
        j++;
      }
      let v = ctx.text(i + 1, j);
      if (escaped) v = v.replaceAll('""', '"');
      if (v.indexOf("\r\n") >= 0) v = v.replaceAll("\r\n", "\n");
      out.push(v);
      i = j + 1;
      if (i < e && buf[i] != 0x2c) return null;
    } else {
      let j = i;
      while (j < e && buf[j] != 0x2c) {
        if (buf[j] == 0x22) return null;
        j++;
      }
      out.push(ctx.text(i, j));
      i = j;
    }
    if (i >= e) break;
    i++; // the comma
    if (i == e) {
      out.push("");
      break;
    }
  }
  return out;
}

/** Handles one complete row: the header first, then data rows. */
export class CsvRows {
  row(ctx: Ctx, f: string[], line: i32, s: i32, e: i32): void {}
  /** "" when the header row is acceptable, else why not (the import fails). */
  header(f: string[]): string {
    return "";
  }
  save(state: JsonValue): void {}
  load(state: JsonValue): void {}
}

export class CsvParser extends Parser {
  state: i32 = FIELD_START;
  recStart: i64 = -1;
  recLine: i32 = 0;
  secondStart: i64 = -1; // where to read again if the record turns out broken
  bad: bool = false;
  headerSeen: bool = false;
  fatal: string = "";

  constructor(public rows: CsvRows) {
    super();
  }

  line(ctx: Ctx, s: i32, e: i32, abs: i64, no: i32): void {
    const end = trimCr(ctx.buf, s, e);
    if (this.recStart < 0) {
      if (end == s) return; // blank line between rows
      this.recStart = abs;
      this.recLine = no;
      this.secondStart = -1;
      this.bad = false;
      this.state = FIELD_START;
    } else {
      if (this.secondStart < 0) this.secondStart = abs;
      if (abs + <i64>(end - s) - this.recStart > MAX_RECORD) {
        const rs = ctx.at(this.recStart);
        ctx.problem(this.recLine, "unterminated quoted field or row over 64 KiB; skipped this line", rs, ctx.at(this.secondStart));
        ctx.rewind(this.secondStart, this.recLine + 1);
        this.drop();
        return;
      }
      // The line break belongs to the quoted field.
    }
    badQuote = false;
    this.state = scan(ctx.buf, s, end, this.state);
    if (badQuote) this.bad = true;
    if (this.state == QUOTED) return;
    this.finish(ctx, ctx.at(this.recStart), end);
  }

  finish(ctx: Ctx, s: i32, e: i32): void {
    const line = this.recLine;
    this.drop();
    ctx.checkUtf8(line, s, e);
    let f: string[] | null = this.bad ? null : fields(ctx, s, e);
    if (f === null) {
      ctx.problem(line, "bad quoting; row skipped", s, e);
      return;
    }
    if (!this.headerSeen) {
      this.headerSeen = true;
      if (f.length > 0 && f[0].startsWith("\uFEFF")) f[0] = f[0].substring(1);
      this.fatal = this.rows.header(f);
      return;
    }
    this.rows.row(ctx, f, line, s, e);
  }

  flush(ctx: Ctx): void {
    if (this.recStart < 0) return;
    // End of file inside a quoted field: report the first line and read on after it.
    const rs = ctx.at(this.recStart);
    if (this.secondStart >= 0) {
      ctx.problem(this.recLine, "unterminated quoted field; skipped this line", rs, ctx.at(this.secondStart));
      ctx.rewind(this.secondStart, this.recLine + 1);
      this.drop();
    } else {
      ctx.problem(this.recLine, "unterminated quoted field at the end of the file", rs, ctx.buf.length);
      this.drop();
    }
  }

  error(): string {
    return this.fatal;
  }
  openStart(): i64 {
    return this.recStart;
  }
  openLine(): i32 {
    return this.recLine;
  }
  drop(): void {
    this.recStart = -1;
    this.secondStart = -1;
    this.bad = false;
    this.state = FIELD_START;
  }

  save(state: JsonValue): void {
    state.set("headerSeen", JsonValue.bool(this.headerSeen));
    this.rows.save(state);
  }
  load(state: JsonValue): void {
    this.headerSeen = state.getBool("headerSeen", false);
    this.rows.load(state);
  }
}

/** Field i of a row, or "" when the row has no such field. */
export function at(f: string[], i: i32): string {
  return i >= 0 && i < f.length ? unchecked(f[i]) : "";
}

/** Column positions by header name. */
export class Columns {
  names: string[] = [];

  constructor(names: string[]) {
    for (let i = 0; i < names.length; i++) this.names.push(names[i].trim());
  }

  has(name: string): bool {
    return this.names.includes(name);
  }

  index(name: string): i32 {
    return this.names.indexOf(name);
  }

  get(f: string[], name: string): string {
    return at(f, this.names.indexOf(name));
  }

  toJson(): JsonValue {
    const a = JsonValue.arr();
    for (let i = 0; i < this.names.length; i++) a.push(JsonValue.str(this.names[i]));
    return a;
  }

  static fromJson(v: JsonValue | null): Columns {
    const names = new Array<string>();
    if (v !== null && v.isArray()) for (let i = 0; i < v.length; i++) names.push(v.at(i).s);
    return new Columns(names);
  }
}
