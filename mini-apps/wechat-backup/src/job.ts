// The import job: one file at a time, read in steps that each fit a call's deadline and memory.
//   job        the job's state (JSON, below)
//   job/p/<n>  problems n*100 .. n*100+99 (JSON array); only the first MAX_PROBLEMS are kept
// A step reads at most `budget` bytes from the saved offset in CHUNK-sized ranges, line by
// line, hands lines to the format's parser and files the messages; it stops only between
// records, so the saved offset is always the start of a record (or of a line being skipped).
import { files, JsonValue, kv } from "../sdk";
import { addOwnerNames, ownerNames } from "./archive";
import { indexOfNewline } from "./bytes";
import { makeParser } from "./formats/detect";
import { Ctx, MAX_PROBLEMS, MAX_RECORD, Parser, Problem } from "./parse";

/**
 * Bytes a step reads by default: about half a second in V8 (test/big.test.mjs), leaving room in
 * the 5 s deadline for a slower NAS CPU, GraalWasm's warm-up and the host calls (README).
 */
export const DEFAULT_BUDGET: i64 = 4 << 20;
export const MIN_BUDGET: i64 = 256;
export const MAX_BUDGET: i64 = 16 << 20;
const CHUNK: i64 = 1 << 20;
const MAX_LINE: i32 = MAX_RECORD;
const PROBLEM_CHUNK: i32 = 100;

export class Job {
  path: string = "";
  format: string = "";
  chat: string = "";
  chatId: string = "";
  size: i64 = 0;
  offset: i64 = 0;
  line: i32 = 1;
  skipping: bool = false;
  imported: i64 = 0;
  duplicates: i64 = 0;
  problems: i32 = 0;
  state: string = "running";
  error: string = "";
  budget: i64 = DEFAULT_BUDGET;
  tz: i32 = 480;
  parser: JsonValue = JsonValue.obj();

  percent(): i32 {
    if (this.state == "done") return 100;
    if (this.size <= 0) return 0;
    return <i32>((this.offset * 100) / this.size);
  }

  toJson(full: bool): JsonValue {
    const v = JsonValue.obj()
      .set("state", JsonValue.str(this.state))
      .set("path", JsonValue.str(this.path))
      .set("format", JsonValue.str(this.format))
      .set("chat", JsonValue.str(this.chat))
      .set("chatId", JsonValue.str(this.chatId))
      .set("offset", JsonValue.num(<f64>this.offset))
      .set("size", JsonValue.num(<f64>this.size))
      .set("line", JsonValue.num(this.line))
      .set("imported", JsonValue.num(<f64>this.imported))
      .set("duplicates", JsonValue.num(<f64>this.duplicates))
      .set("problems", JsonValue.num(this.problems))
      .set("percent", JsonValue.num(this.percent()));
    if (this.error.length > 0) v.set("error", JsonValue.str(this.error));
    if (full) {
      v.set("skipping", JsonValue.bool(this.skipping))
        .set("budget", JsonValue.num(<f64>this.budget))
        .set("tz", JsonValue.num(this.tz))
        .set("parser", this.parser);
    }
    return v;
  }

  save(): void {
    kv.putString("job", this.toJson(true).toString());
  }

  static load(): Job | null {
    const s = kv.getString("job");
    if (s === null) return null;
    const v = JsonValue.parse(s);
    if (v === null) return null;
    const j = new Job();
    j.path = v.getString("path", "");
    j.format = v.getString("format", "");
    j.chat = v.getString("chat", "");
    j.chatId = v.getString("chatId", "");
    j.size = <i64>v.getNumber("size", 0);
    j.offset = <i64>v.getNumber("offset", 0);
    j.line = <i32>v.getNumber("line", 1);
    j.skipping = v.getBool("skipping", false);
    j.imported = <i64>v.getNumber("imported", 0);
    j.duplicates = <i64>v.getNumber("duplicates", 0);
    j.problems = <i32>v.getNumber("problems", 0);
    j.state = v.getString("state", "failed");
    j.error = v.getString("error", "");
    j.budget = <i64>v.getNumber("budget", <f64>DEFAULT_BUDGET);
    j.tz = <i32>v.getNumber("tz", 480);
    const p = v.get("parser");
    j.parser = p !== null && p.isObject() ? p : JsonValue.obj();
    return j;
  }
}

/** Removes the job and its problem list. */
export function clearJob(): void {
  kv.remove("job");
  const keys = kv.list("job/p/");
  for (let i = 0; i < keys.length; i++) kv.remove(keys[i]);
}

function parseArray(s: string | null): JsonValue | null {
  if (s === null) return null;
  const v = JsonValue.parse(s);
  return v !== null && v.isArray() ? v : null;
}

/** Appends problems to the kept list (the first MAX_PROBLEMS of the job). */
export function storeProblems(before: i32, list: Problem[]): void {
  let stored = before < MAX_PROBLEMS ? before : MAX_PROBLEMS;
  let chunk: JsonValue | null = null;
  let chunkNo = -1;
  for (let i = 0; i < list.length && stored < MAX_PROBLEMS; i++) {
    const no = stored / PROBLEM_CHUNK;
    if (no != chunkNo) {
      if (chunk !== null) kv.putString("job/p/" + chunkNo.toString(), chunk.toString());
      chunkNo = no;
      const old = parseArray(kv.getString("job/p/" + no.toString()));
      chunk = old !== null ? old : JsonValue.arr();
    }
    (chunk as JsonValue).push(list[i].toJson());
    stored++;
  }
  if (chunk !== null) kv.putString("job/p/" + chunkNo.toString(), chunk.toString());
}

export function problemList(): JsonValue {
  const out = JsonValue.arr();
  const keys = kv.list("job/p/");
  // Keys sort as text ("job/p/10" before "job/p/2"), so read them by number.
  for (let n = 0; n < keys.length; n++) {
    const v = parseArray(kv.getString("job/p/" + n.toString()));
    if (v === null) continue;
    for (let i = 0; i < v.length; i++) out.push(v.at(i));
  }
  return out;
}

function readMore(ctx: Ctx, path: string, keepFrom: i64, budget: i64): bool {
  // Small budgets (tests) read small chunks, so lines and records cross chunks and steps.
  const size = budget < CHUNK ? (budget < 4096 ? 4096 : budget) : CHUNK;
  const chunk = files.readRange(path, <u64>(ctx.bufStart + <i64>ctx.buf.length), <u64>size);
  const drop = ctx.at(keepFrom);
  const rest = ctx.buf.length - drop;
  const nb = new Uint8Array(rest + chunk.length);
  if (rest > 0) nb.set(ctx.buf.subarray(drop), 0);
  nb.set(chunk, rest);
  ctx.buf = nb;
  ctx.bufStart = keepFrom;
  return chunk.length > 0;
}

/** Runs one step of the job and saves it. */
export function step(job: Job): void {
  if (job.state != "running") return;
  const size = files.size(job.path);
  if (size < 0) {
    job.state = "failed";
    job.error = "the file " + job.path + " is gone";
    job.save();
    return;
  }
  job.size = size;
  const ctx = new Ctx();
  ctx.chatId = job.chatId;
  ctx.chatName = job.chat;
  ctx.tz = job.tz;
  ctx.me = ownerNames();
  ctx.problemCount = job.problems;
  const parser: Parser = makeParser(job.format);
  parser.load(job.parser);

  const stepStart = job.offset;
  let cur = job.offset;
  let line = job.line;
  let skipping = job.skipping;
  let eof = false;
  let done = false;
  ctx.bufStart = cur;
  while (true) {
    const i = ctx.at(cur);
    const nl = indexOfNewline(ctx.buf, i, ctx.buf.length);
    // Read on when no whole line is left (or, skipping, when nothing is left to skip).
    if (nl < 0 && !eof && (skipping ? i >= ctx.buf.length : ctx.buf.length - i <= MAX_LINE)) {
      const open = parser.openStart();
      if (!readMore(ctx, job.path, open >= 0 && open < cur ? open : cur, job.budget)) eof = true;
      continue;
    }
    if (cur == 0 && ctx.buf.length >= 3 && ctx.buf[0] == 0xef && ctx.buf[1] == 0xbb && ctx.buf[2] == 0xbf) {
      cur = 3; // UTF-8 byte order mark
      continue;
    }
    if (skipping) {
      // Discarding the rest of an overlong line, possibly across steps.
      if (nl < 0) {
        cur = ctx.bufStart + <i64>ctx.buf.length;
        if (eof) {
          done = true;
          break;
        }
      } else {
        cur = ctx.bufStart + <i64>nl + 1;
        line++;
        skipping = false;
      }
      if (cur - stepStart >= job.budget) break;
      continue;
    }
    if (nl < 0 && i >= ctx.buf.length) {
      // End of file.
      parser.flush(ctx);
      if (ctx.rewindAbs >= 0) {
        cur = ctx.rewindAbs;
        line = ctx.rewindLine;
        ctx.rewindAbs = -1;
        continue;
      }
      done = true;
      break;
    }
    const end = nl < 0 ? ctx.buf.length : nl;
    if (end - i > MAX_LINE) {
      parser.flush(ctx);
      if (ctx.rewindAbs >= 0) {
        cur = ctx.rewindAbs;
        line = ctx.rewindLine;
        ctx.rewindAbs = -1;
        continue;
      }
      ctx.problem(line, "line longer than 64 KiB; skipped", i, i + 400);
      if (nl < 0) {
        skipping = true;
        cur = ctx.bufStart + <i64>ctx.buf.length;
      } else {
        cur = ctx.bufStart + <i64>nl + 1;
        line++;
      }
      if (cur - stepStart >= job.budget && parser.openStart() < 0) break;
      continue;
    }
    parser.line(ctx, i, end, cur, line);
    if (ctx.rewindAbs >= 0) {
      cur = ctx.rewindAbs;
      line = ctx.rewindLine;
      ctx.rewindAbs = -1;
      continue;
    }
    if (parser.error().length > 0) {
      job.state = "failed";
      job.error = parser.error();
      break;
    }
    cur = nl < 0 ? ctx.bufStart + <i64>ctx.buf.length : ctx.bufStart + <i64>nl + 1;
    line++;
    if (cur - stepStart >= job.budget) {
      const open = parser.openStart();
      if (open < 0) break;
      if (open > stepStart) {
        // Stop before the open record; the next step reads it again from its first line.
        cur = open;
        line = parser.openLine();
        parser.drop();
        break;
      }
    }
  }
  ctx.writer.finish();
  if (done && job.imported + job.duplicates + <i64>ctx.writer.imported + <i64>ctx.writer.duplicates == 0) {
    // Nothing at all is more likely the wrong file or format than an empty chat.
    const why = job.format == "wechatexporter-html"
      ? "no messages found (WechatExporter's \"load asynchronously\" pages keep them in script files, which are not read)"
      : "no messages found; is this a " + job.format + " file?";
    ctx.problems.push(new Problem(line, why, ""));
    ctx.problemCount++;
  }
  addOwnerNames(ctx.learned);
  storeProblems(job.problems, ctx.problems);
  job.offset = cur;
  job.line = line;
  job.skipping = skipping;
  job.imported += ctx.writer.imported;
  job.duplicates += ctx.writer.duplicates;
  job.problems = ctx.problemCount;
  if (done && job.state == "running") {
    job.state = "done";
    job.offset = size;
  }
  job.parser = JsonValue.obj();
  parser.save(job.parser);
  job.save();
}
