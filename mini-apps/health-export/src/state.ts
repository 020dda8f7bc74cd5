// An import job's state between steps, and the status the API shows of it.
import { JsonValue } from "../sdk";

/** Bytes parsed per step unless the import asks for another budget. */
export const DEFAULT_BUDGET: i32 = 32 << 20;

export class Job {
  state: string = "running";
  path: string = "";
  source: string = "";
  unzipped: bool = false;
  removeSource: bool = false;
  size: f64 = 0;
  offset: f64 = 0;
  budget: f64 = <f64>DEFAULT_BUDGET;
  error: string = "";
  steps: f64 = 0;
  retries: f64 = 0;
  records: f64 = 0;
  skipped: f64 = 0;
  badValues: f64 = 0;
  overflow: f64 = 0;
  // The parser between steps (see Parser).
  phase: f64 = 0;
  depth: f64 = 0;
  skip: f64 = 0;
  mode: f64 = 0;
  q: f64 = 0;
  p1: f64 = 0;
  p2: f64 = 0;
  malformed: f64 = 0;
  tooLarge: f64 = 0;
  deep: f64 = 0;
  entities: f64 = 0;
  truncated: bool = false;

  toJson(): JsonValue {
    const o = JsonValue.obj()
      .set("state", JsonValue.str(this.state))
      .set("path", JsonValue.str(this.path))
      .set("source", JsonValue.str(this.source))
      .set("unzipped", JsonValue.bool(this.unzipped))
      .set("removeSource", JsonValue.bool(this.removeSource))
      .set("error", JsonValue.str(this.error))
      .set("truncated", JsonValue.bool(this.truncated));
    const names = NUMBERS;
    const values = this.numbers();
    for (let i = 0; i < names.length; i++) o.set(names[i], JsonValue.num(values[i]));
    return o;
  }

  numbers(): f64[] {
    return [
      this.size, this.offset, this.budget, this.steps, this.retries, this.records, this.skipped,
      this.badValues, this.overflow, this.phase, this.depth, this.skip, this.mode, this.q, this.p1,
      this.p2, this.malformed, this.tooLarge, this.deep, this.entities,
    ];
  }

  static fromJson(v: JsonValue): Job {
    const j = new Job();
    j.state = v.getString("state", "failed");
    j.path = v.getString("path", "");
    j.source = v.getString("source", "");
    j.unzipped = v.getBool("unzipped", false);
    j.removeSource = v.getBool("removeSource", false);
    j.error = v.getString("error", "");
    j.truncated = v.getBool("truncated", false);
    const n = new Array<f64>(NUMBERS.length);
    for (let i = 0; i < NUMBERS.length; i++) n[i] = v.getNumber(NUMBERS[i], 0);
    j.size = n[0]; j.offset = n[1]; j.budget = n[2]; j.steps = n[3]; j.retries = n[4];
    j.records = n[5]; j.skipped = n[6]; j.badValues = n[7]; j.overflow = n[8]; j.phase = n[9];
    j.depth = n[10]; j.skip = n[11]; j.mode = n[12]; j.q = n[13]; j.p1 = n[14]; j.p2 = n[15];
    j.malformed = n[16]; j.tooLarge = n[17]; j.deep = n[18]; j.entities = n[19];
    return j;
  }

  problems(): f64 {
    return this.malformed + this.tooLarge + this.deep + this.entities + this.badValues + this.overflow;
  }

  warnings(): JsonValue {
    const w = JsonValue.arr();
    if (this.truncated) {
      w.push(JsonValue.str("the file ends before </HealthData>: it may be cut off; what came before the cut was imported"));
    }
    note(w, this.badValues, "record(s) with a bad date, value or unit were skipped");
    note(w, this.malformed, "malformed tag(s) were skipped");
    note(w, this.tooLarge, "element(s) or tag(s) larger than the limits (1 MiB per tag, 4 MiB per record) were skipped");
    note(w, this.deep, "element(s) nested deeper than 64 levels were skipped");
    note(w, this.entities, "unknown or invalid entity reference(s) were kept as written");
    note(w, this.overflow, "record(s) beyond the app's limits (days or names) were skipped");
    note(w, this.retries, "time(s) a step did not finish in time, so the step size was halved");
    return w;
  }

  /** What GET /import and the step answer. */
  status(): JsonValue {
    const pct = this.state == "done" ? 100.0 : this.size > 0 ? Math.floor((this.offset * 1000) / this.size) / 10 : 0;
    const o = JsonValue.obj()
      .set("state", JsonValue.str(this.state))
      .set("path", JsonValue.str(this.path))
      .set("offset", JsonValue.num(this.offset))
      .set("size", JsonValue.num(this.size))
      .set("records", JsonValue.num(this.records))
      .set("skipped", JsonValue.num(this.skipped))
      .set("problems", JsonValue.num(this.problems()))
      .set("percent", JsonValue.num(pct))
      .set("steps", JsonValue.num(this.steps))
      .set("warnings", this.warnings());
    if (this.error.length > 0) o.set("error", JsonValue.str(this.error));
    return o;
  }
}

const NUMBERS: string[] = [
  "size", "offset", "budget", "steps", "retries", "records", "skipped", "badValues", "overflow",
  "phase", "depth", "skip", "mode", "q", "p1", "p2", "malformed", "tooLarge", "deep", "entities",
];

function note(w: JsonValue, n: f64, what: string): void {
  if (n > 0) w.push(JsonValue.str(JsonValue.num(n).toString() + " " + what));
}
