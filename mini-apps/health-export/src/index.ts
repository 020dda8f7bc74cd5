// Health Export: imports the Health app's "Export All Health Data" (export.zip or export.xml, up
// to a few GB) in bounded steps and keeps daily aggregates.
//   POST   /import        {"path":"inbox/export.zip","budget"?,"removeSource"?} starts a job
//   POST   /import/step   parses the next slice; the job's status
//   GET    /import        the job's status ({"state":"idle"} without one)
//   GET    /days?from=YYYY-MM-DD&to=YYYY-MM-DD   per-day aggregates
//   GET    /summary       date range, records by type, sources, workouts, warnings
//   GET    /export.csv    one row per day (also ?from&to)
//   GET    /export.json   the same days as /days
//   DELETE /data          forgets the aggregates and any job
import { files, JsonValue, Request, Response, Router } from "../sdk";
import { DayResult } from "./agg";
import { parseDay } from "./bytes";
import { readResult, Reader } from "./codec";
import { blockFree, kvGetBlock, kvGetText } from "./io";
import * as job from "./job";
import { csv, daysJson, emptySummary } from "./report";

// The node's output cap is 4 MiB; refuse rather than be cut off.
const MAX_ANSWER: i32 = 3 << 20;

function jsonBody(req: Request): JsonValue | null {
  const ct = req.headers.has("content-type") ? req.headers.get("content-type") : "";
  if (ct.length > 0 && !ct.startsWith("application/json")) return null;
  return req.json();
}

/** Why path is not an acceptable upload path, or "". */
function pathProblem(path: string): string {
  if (!path.startsWith("inbox/")) return "path must be a file in inbox/, such as inbox/export.zip";
  if (path.length > 512) return "path too long";
  const parts = path.split("/");
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p.length == 0 || p == "." || p == "..") return "bad path";
  }
  for (let i = 0; i < path.length; i++) {
    const c = path.charCodeAt(i);
    if (c < 0x20 || c == 0x7f || c == 0x5c || c == 0x3a) return "bad character in path";
  }
  const lower = path.toLowerCase();
  if (!lower.endsWith(".zip") && !lower.endsWith(".xml")) return "the file must be a .zip or an .xml export";
  return "";
}

// The budget member of a request: 0 when absent, -1 when bad.
function budgetOf(v: JsonValue): i32 {
  const b = v.get("budget");
  if (b === null) return 0;
  if (!b.isNumber() || b.n != Math.floor(b.n) || b.n < <f64>job.MIN_BUDGET || b.n > <f64>job.MAX_BUDGET) return -1;
  return <i32>b.n;
}

const BAD_BUDGET = "budget must be a whole number of bytes from 65536 to 67108864";

function startImport(req: Request): Response {
  const v = jsonBody(req);
  if (v === null || !v.isObject()) return Response.error(400, "the body must be a JSON object (application/json)");
  const pathV = v.get("path");
  if (pathV === null || !pathV.isString()) return Response.error(400, "path is required");
  const path = pathV.s;
  const problem = pathProblem(path);
  if (problem.length > 0) return Response.error(400, problem);
  let budget = budgetOf(v);
  if (budget < 0) return Response.error(400, BAD_BUDGET);
  if (budget == 0) budget = job.DEFAULT_BUDGET;
  const rs = v.get("removeSource");
  if (rs !== null && !rs.isBool()) return Response.error(400, "removeSource must be true or false");
  if (files.size(path) < 0) return Response.error(404, "no such file: " + path);
  return Response.json(job.start(path, budget, rs !== null && rs.b));
}

// The body is optional: {"budget": bytes} sets the budget for this step and the next ones, so a
// client can size steps by how long they take.
function importStep(req: Request): Response {
  let budget = 0;
  if (req.body.length > 0) {
    const v = jsonBody(req);
    if (v === null || !v.isObject()) return Response.error(400, "the body must be empty or a JSON object");
    budget = budgetOf(v);
    if (budget < 0) return Response.error(400, BAD_BUDGET);
  }
  const s = job.step(budget);
  if (s === null) return Response.error(409, "no import to continue: POST /import first");
  // How much linear memory this instance holds after the step: it must stay flat.
  s.set("memoryBytes", JsonValue.num(<f64>(<i64>memory.size() << 16)));
  return Response.json(s);
}

function importStatus(req: Request): Response {
  return Response.json(job.status());
}

// The days in the query's range; an error message in rangeError when the query is bad.
let rangeError = "";

function daysOf(req: Request): DayResult[] | null {
  rangeError = "";
  let from = 0;
  let to = 65535;
  const f = req.queryParam("from");
  const t = req.queryParam("to");
  if (f !== null && f.length > 0) {
    from = parseDay(f);
    if (from < 0) rangeError = "from must be a date YYYY-MM-DD";
  }
  if (t !== null && t.length > 0) {
    to = parseDay(t);
    if (to < 0) rangeError = "to must be a date YYYY-MM-DD";
  }
  if (rangeError.length == 0 && from > to) rangeError = "from is after to";
  if (rangeError.length > 0) return null;
  const block = kvGetBlock(job.K_RESULT);
  if (block == 0) return new Array<DayResult>();
  const days = readResult(new Reader(block), from, to);
  blockFree(block);
  if (days === null) rangeError = "the stored result is damaged: import again";
  return days;
}

function answer(body: string, contentType: string): Response {
  if (body.length > MAX_ANSWER) return Response.error(413, "too many days for one answer: ask for a shorter range");
  const r = Response.text(body);
  r.header("content-type", contentType);
  r.header("cache-control", "no-store");
  return r;
}

function days(req: Request): Response {
  const d = daysOf(req);
  if (d === null) return Response.error(rangeError.startsWith("the stored") ? 500 : 400, rangeError);
  return answer(daysJson(d).toString(), "application/json");
}

function exportCsv(req: Request): Response {
  const d = daysOf(req);
  if (d === null) return Response.error(rangeError.startsWith("the stored") ? 500 : 400, rangeError);
  return answer(csv(d), "text/csv; charset=utf-8");
}

function summary(req: Request): Response {
  const s = kvGetText(job.K_SUMMARY);
  if (s !== null) {
    const v = JsonValue.parse(s);
    if (v !== null) return Response.json(v);
  }
  return Response.json(emptySummary());
}

function wipe(req: Request): Response {
  job.wipe();
  return Response.text("", 204);
}

const router = new Router()
  .post("/import", startImport)
  .post("/import/step", importStep)
  .get("/import", importStatus)
  .get("/days", days)
  .get("/summary", summary)
  .get("/export.csv", exportCsv)
  .get("/export.json", days)
  .delete("/data", wipe);
router.maxBodyBytes = 64 * 1024;

export function handle(): i32 {
  return router.serve();
}
