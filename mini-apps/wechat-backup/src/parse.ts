// What every format parser sees: the bytes of the file window, one physical line at a time, and
// a context to hand messages and problems to. Records may span lines; a parser keeps one record
// "open" until it knows where the record ends, and the import step only ever stops before an
// open record, so the next step reads it again from its first line.
import { JsonValue } from "../sdk";
import { decode, decodeLossy, looksGbk, validUtf8 } from "./bytes";
import { Msg } from "./model";
import { clip } from "./util";
import { Writer } from "./writer";

/** A record (one message, however many lines) may be at most this long. */
export const MAX_RECORD: i32 = 64 * 1024;
/** Problems kept per import (all are counted). */
export const MAX_PROBLEMS: i32 = 1000;

export class Problem {
  constructor(
    public line: i32,
    public reason: string,
    public text: string,
  ) {}

  toJson(): JsonValue {
    return JsonValue.obj()
      .set("line", JsonValue.num(this.line))
      .set("reason", JsonValue.str(this.reason))
      .set("text", JsonValue.str(this.text));
  }
}

export class Ctx {
  buf: Uint8Array = new Uint8Array(0);
  /** File offset of buf[0]. */
  bufStart: i64 = 0;
  /** The chat of this import (formats that hold one chat). */
  chatId: string = "";
  chatName: string = "";
  /** Minutes east of UTC of the exporting device, for Unix timestamps (CreateTime). */
  tz: i32 = 480;
  me: string[] = [];
  learned: string[] = [];
  problems: Problem[] = [];
  /** Problems found before this step, for the total. */
  problemCount: i32 = 0;
  writer: Writer = new Writer();
  /** Set by a parser to read again from an earlier line (file offset, line number). */
  rewindAbs: i64 = -1;
  rewindLine: i32 = 0;

  /** Index into buf of a file offset. */
  at(abs: i64): i32 {
    return <i32>(abs - this.bufStart);
  }

  problem(line: i32, reason: string, s: i32, e: i32): void {
    this.problemCount++;
    if (this.problemCount > MAX_PROBLEMS) return; // counted, not kept
    // The sample is the first 80 characters of the line the problem is on.
    let end = e;
    for (let i = s; i < e; i++) {
      if (this.buf[i] == 0x0a || this.buf[i] == 0x0d) {
        end = i;
        break;
      }
    }
    if (end - s > 400) end = s + 400;
    this.problems.push(new Problem(line, reason, clip(decodeLossy(this.buf, s, end), 80)));
  }

  /** Whether the current record holds invalid UTF-8 (then text() replaces it). */
  lossy: bool = false;

  /** Checks a record's bytes before decoding them; reports bad UTF-8 once per record. */
  checkUtf8(line: i32, s: i32, e: i32): void {
    this.lossy = !validUtf8(this.buf, s, e);
    if (!this.lossy) return;
    const why = looksGbk(this.buf, s, e)
      ? "not UTF-8 (looks like GBK/GB18030; save the export as UTF-8); kept with U+FFFD"
      : "invalid UTF-8; kept with U+FFFD";
    this.problem(line, why, s, e);
  }

  /** b[s, e) as text; invalid UTF-8 (already reported by checkUtf8) becomes U+FFFD. */
  text(s: i32, e: i32): string {
    return this.lossy ? decodeLossy(this.buf, s, e) : decode(this.buf, s, e);
  }

  isMe(name: string): bool {
    return this.me.includes(name);
  }

  learnMe(name: string): void {
    if (name.length > 0 && !this.me.includes(name)) {
      this.me.push(name);
      this.learned.push(name);
    }
  }

  add(m: Msg): void {
    if (m.chat.length == 0) m.chat = this.chatId;
    this.writer.add(m);
  }

  rewind(abs: i64, line: i32): void {
    this.rewindAbs = abs;
    this.rewindLine = line;
  }
}

/** A format parser. State that outlives a step goes through save/load. */
export class Parser {
  /** One physical line: buf[s, e) without its \n, starting at file offset abs, numbered no. */
  line(ctx: Ctx, s: i32, e: i32, abs: i64, no: i32): void {}
  /** Ends the open record (end of file, or an overlong line follows). */
  flush(ctx: Ctx): void {}
  /** File offset of the open record's first line; -1 when none is open. */
  openStart(): i64 {
    return -1;
  }
  openLine(): i32 {
    return 0;
  }
  /** Forgets the open record (the step stops before it). */
  drop(): void {}
  /** Why the whole file cannot be read in this format ("" while it can). */
  error(): string {
    return "";
  }
  save(state: JsonValue): void {}
  load(state: JsonValue): void {}
}

export const LINE_START: i32 = 1; // the line begins a record
export const LINE_MORE: i32 = 0; // the line continues the open record
export const LINE_END: i32 = 2; // the line ends the records (closes the open one, is skipped)
export const LINE_SKIP: i32 = 3; // the line belongs to no record

/**
 * Formats where a record is a first line plus continuation lines, ended by the next first line:
 * subclasses say what a line is (kind) and turn a record's bytes into messages (emit).
 */
export class RecordParser extends Parser {
  recStart: i64 = -1;
  recLine: i32 = 0;
  recEnd: i64 = -1;
  /** Dropping the rest of a record that grew past MAX_RECORD. */
  cut: bool = false;

  kind(ctx: Ctx, s: i32, e: i32, no: i32): i32 {
    return LINE_SKIP;
  }

  /** buf[s, e) holds the record's lines, \n between them. */
  emit(ctx: Ctx, s: i32, e: i32, no: i32): void {}

  /** A line outside any record that is not expected there. */
  stray(ctx: Ctx, s: i32, e: i32, no: i32): void {}

  line(ctx: Ctx, s: i32, e: i32, abs: i64, no: i32): void {
    const k = this.kind(ctx, s, e, no);
    if (k == LINE_MORE && this.recStart >= 0) {
      if (this.cut) return;
      if (abs + <i64>(e - s) - this.recStart > MAX_RECORD) {
        ctx.problem(this.recLine, "message longer than 64 KiB; the rest was cut", ctx.at(this.recStart), ctx.at(this.recEnd));
        this.cut = true;
        return;
      }
      this.recEnd = abs + <i64>(e - s);
      return;
    }
    this.flush(ctx);
    if (k == LINE_START) {
      this.recStart = abs;
      this.recLine = no;
      this.recEnd = abs + <i64>(e - s);
    } else if (k == LINE_MORE) {
      this.stray(ctx, s, e, no);
    }
  }

  flush(ctx: Ctx): void {
    if (this.recStart < 0) return;
    const s = ctx.at(this.recStart);
    const e = ctx.at(this.recEnd);
    ctx.checkUtf8(this.recLine, s, e);
    this.emit(ctx, s, e, this.recLine);
    this.drop();
  }

  openStart(): i64 {
    return this.recStart;
  }
  openLine(): i32 {
    return this.recLine;
  }
  drop(): void {
    this.recStart = -1;
    this.recEnd = -1;
    this.cut = false;
  }
}

/** The lines of a record's text, without \r. */
export function splitLines(text: string): string[] {
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.endsWith("\r")) lines[i] = l.substring(0, l.length - 1);
  }
  return lines;
}
