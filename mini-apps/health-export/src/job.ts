// The import job: started by POST /import, advanced by POST /import/step, one bounded slice of the
// file per call (each call has a deadline and a memory cap; the file may be 3 GB). Between steps
// everything lives in kv: the parser's position and state and the aggregates, in one value so a
// step that dies half-way changes nothing.
import { files, JsonValue, kv } from "../sdk";
import { Agg, resolve } from "./agg";
import { readAgg, Reader, writeAgg, writeResult, Writer } from "./codec";
import { Importer } from "./importer";
import { blockAlloc, blockFree, kvGetBlock, kvGetText, kvPutBlock, kvPutText, readInto } from "./io";
import { summaryJson } from "./report";
import { Job } from "./state";
export { DEFAULT_BUDGET } from "./state";
import { CARRY_MAX, DONE, FAILED, Parser } from "./xml";

export const MIN_BUDGET: i32 = 64 << 10;
export const MAX_BUDGET: i32 = 64 << 20;
/** Bytes read per host call. */
export const CHUNK: i32 = 1 << 20;
/** Where an export.xml taken out of a zip is put while it is read. */
export const WORK_FILE = "work/export.xml";

export const K_JOB = "job";
export const K_STATUS = "status";
export const K_LOCK = "step-lock";
export const K_RESULT = "result";
export const K_SUMMARY = "summary";

// One buffer for the whole instance: a carried-over token plus one chunk.
const buffer = new Uint8Array(CARRY_MAX + CHUNK);

function writeJob(w: Writer, json: string, agg: Agg | null): void {
  w.str(json);
  if (agg !== null) writeAgg(w, agg);
}

/** Saves the job (with the aggregates while it runs) and its public status. */
function save(job: Job, agg: Agg | null): void {
  // Written twice: once to count the bytes, once into a kernel block of that size.
  const json = job.toJson().toString();
  const count = new Writer(0);
  writeJob(count, json, agg);
  const block = blockAlloc(count.n);
  const w = new Writer(block);
  writeJob(w, json, agg);
  w.flush();
  kvPutBlock(K_JOB, block);
  blockFree(block);
  kvPutText(K_STATUS, job.status().toString());
}

/** The job, or null when there is none. */
export function load(): Job | null {
  const block = kvGetBlock(K_JOB);
  if (block == 0) return null;
  const r = new Reader(block);
  const v = JsonValue.parse(r.str());
  blockFree(block);
  if (!r.ok || v === null || !v.isObject()) return null;
  return Job.fromJson(v);
}

/** The public status without reading the aggregates. */
export function status(): JsonValue {
  const s = kvGetText(K_STATUS);
  if (s !== null) {
    const v = JsonValue.parse(s);
    if (v !== null) return v;
  }
  return JsonValue.obj().set("state", JsonValue.str("idle"));
}

// The unzipped copy always goes; the upload only after a good import, if asked.
function cleanUp(job: Job, done: bool): void {
  if (job.unzipped) files.remove(job.source);
  if (done && job.removeSource) files.remove(job.path);
}

function failed(job: Job, message: string): JsonValue {
  job.state = "failed";
  job.error = message;
  cleanUp(job, false);
  save(job, null);
  return job.status();
}

/** Forgets a job in progress (and its unzipped copy). */
export function cancel(): void {
  const job = load();
  if (job !== null && job.state == "running" && job.unzipped) files.remove(job.source);
  kv.remove(K_JOB);
  kv.remove(K_STATUS);
  kv.remove(K_LOCK);
}

// A zip's end-of-central-directory record must be in its last 64 KiB: without one the node's
// unzip would refuse the file, so say so ourselves.
function looksLikeZip(path: string, size: f64): bool {
  const head = new Uint8Array(4);
  if (readInto(path, 0, 4, head.dataStart) < 4) return false;
  if (head[0] != 0x50 || head[1] != 0x4b || head[2] != 3 || head[3] != 4) return false;
  const n = <i32>Math.min(size, 65557);
  const tail = new Uint8Array(n);
  const got = readInto(path, <u64>(size - <f64>n), n, tail.dataStart);
  for (let i = got - 22; i >= 0; i--) {
    if (tail[i] == 0x50 && tail[i + 1] == 0x4b && tail[i + 2] == 5 && tail[i + 3] == 6) return true;
  }
  return false;
}

/** Starts an import of path (already checked by the caller); the job's status. */
export function start(path: string, budget: i32, removeSource: bool): JsonValue {
  cancel();
  const job = new Job();
  job.path = path;
  job.source = path;
  job.budget = <f64>budget;
  job.removeSource = removeSource;
  const size = <f64>files.size(path);
  job.size = size;
  if (size == 0) return failed(job, "the file is empty");
  if (path.toLowerCase().endsWith(".zip")) {
    if (!looksLikeZip(path, size)) return failed(job, "not a zip file");
    const entries = files.zipEntries(path);
    let entry = "";
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      // apple_health_export/export.xml, never export_cda.xml (clinical documents) beside it.
      if (e == "export.xml" || e.endsWith("/export.xml")) {
        if (entry.length == 0 || e.length < entry.length) entry = e;
      }
    }
    if (entry.length == 0) return failed(job, "not a Health export: the zip holds no export.xml");
    const n = files.unzip(path, entry, WORK_FILE);
    if (n < 0) return failed(job, "could not unpack " + entry + " from the zip");
    job.source = WORK_FILE;
    job.unzipped = true;
    job.size = <f64>files.size(WORK_FILE);
    if (job.size <= 0) return failed(job, "the export.xml in the zip is empty");
  }
  save(job, new Agg());
  return job.status();
}

class Loaded {
  constructor(
    public job: Job,
    public agg: Agg | null,
  ) {}
}

// The job and, while it runs, its aggregates.
function loadAll(): Loaded | null {
  const block = kvGetBlock(K_JOB);
  if (block == 0) return null;
  const r = new Reader(block);
  const v = JsonValue.parse(r.str());
  if (!r.ok || v === null || !v.isObject()) {
    blockFree(block);
    return null;
  }
  const job = Job.fromJson(v);
  const agg = job.state == "running" ? readAgg(r) : null;
  blockFree(block);
  return new Loaded(job, agg);
}

/** Runs one step of the job (with a new budget unless 0); null when there is no job. */
export function step(budget: i32): JsonValue | null {
  // What an earlier call of this instance left (its aggregates) goes before we load ours.
  __collect();
  const loaded = loadAll();
  if (loaded === null) return null;
  const job = loaded.job;
  if (job.state != "running") return job.status();
  const a = loaded.agg;
  if (a === null) return failed(job, "the saved import state is damaged: start the import again");
  const agg = a as Agg;

  if (budget > 0) job.budget = <f64>budget;
  // A lock left at this offset means the last step here died (deadline): take smaller steps.
  const here = (<u64>job.offset).toString();
  const lock = kvGetText(K_LOCK);
  if (lock !== null && lock == here) {
    job.budget = Math.max(<f64>MIN_BUDGET, Math.floor(job.budget / 2));
    job.retries++;
  }
  kvPutText(K_LOCK, here);

  const imp = new Importer(agg);
  const p = new Parser(imp);
  p.phase = <i32>job.phase;
  p.depth = <i32>job.depth;
  p.skip = <i32>job.skip;
  p.mode = <i32>job.mode;
  p.q = <i32>job.q;
  p.p1 = <i32>job.p1;
  p.p2 = <i32>job.p2;
  p.malformed = <i32>job.malformed;
  p.tooLarge = <i32>job.tooLarge;
  p.deep = <i32>job.deep;
  p.entities = <i32>job.entities;
  p.truncated = job.truncated;

  const start = <u64>job.offset;
  const size = <u64>job.size;
  p.base = start;
  p.limit = start + <u64>job.budget;
  const buf = buffer.dataStart;
  let off = start;
  let carry = 0;
  while (true) {
    const n = readInto(job.source, off, CHUNK, buf + <usize>carry);
    off += <u64>n;
    const end = carry + n;
    const eof = n == 0 || off >= size;
    const used = p.feed(buf, end, eof);
    if (p.phase >= DONE || p.stopped) break;
    if (eof) {
      p.endOfFile();
      break;
    }
    carry = end - used;
    memory.copy(buf, buf + <usize>used, <usize>carry);
    p.base += <u64>used;
  }

  job.steps++;
  job.phase = p.phase;
  job.depth = p.depth;
  job.skip = p.skip;
  job.mode = p.mode;
  job.q = p.q;
  job.p1 = p.p1;
  job.p2 = p.p2;
  job.malformed = p.malformed;
  job.tooLarge = p.tooLarge;
  job.deep = p.deep;
  job.entities = p.entities;
  job.truncated = p.truncated;
  job.records = agg.records;
  job.skipped = agg.skipped;
  job.badValues = agg.badValues;
  job.overflow = agg.overflow;

  let out: JsonValue;
  if (p.phase == FAILED) {
    out = failed(job, p.error);
  } else if (p.phase == DONE) {
    job.offset = job.size;
    job.state = "done";
    finish(job, agg);
    cleanUp(job, true);
    save(job, null);
    out = job.status();
  } else {
    job.offset = <f64>p.stopAt;
    save(job, agg);
    out = job.status();
  }
  kv.remove(K_LOCK);
  return out;
}

// Resolves the aggregates into the per-day result and the summary; they replace the last import's.
function finish(job: Job, agg: Agg): void {
  const days = resolve(agg);
  const count = new Writer(0);
  writeResult(count, days);
  const block = blockAlloc(count.n);
  const w = new Writer(block);
  writeResult(w, days);
  w.flush();
  kvPutBlock(K_RESULT, block);
  blockFree(block);
  kvPutText(K_SUMMARY, summaryJson(job.path, job.problems(), job.warnings(), agg, days).toString());
}

/** Forgets all imported data and any job. */
export function wipe(): void {
  cancel();
  kv.remove(K_RESULT);
  kv.remove(K_SUMMARY);
  files.remove(WORK_FILE);
}
