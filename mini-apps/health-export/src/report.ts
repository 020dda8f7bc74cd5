// The result as JSON and CSV, and the import's summary.
import { JsonValue } from "../sdk";
import { Agg, CLASS_NAMES, DayResult, Names } from "./agg";
import { formatDay } from "./bytes";
import { K_UNKNOWN } from "./importer";

function round(x: f64, decimals: i32): f64 {
  const f = Math.pow(10, <f64>decimals);
  return Math.round(x * f) / f;
}

// A rounded number, or null for no data.
function num(x: f64, decimals: i32): JsonValue {
  return isNaN(x) ? JsonValue.nul() : JsonValue.num(round(x, decimals));
}

/** One day as JSON. */
export function dayJson(d: DayResult): JsonValue {
  const works = JsonValue.arr();
  for (let i = 0; i < d.works.length; i++) {
    const w = d.works[i];
    works.push(
      JsonValue.obj()
        .set("type", JsonValue.str(w.name))
        .set("count", num(w.count, 0))
        .set("minutes", num(w.minutes, 1))
        .set("distanceKm", num(w.km, 3))
        .set("kcal", num(w.kcal, 1)),
    );
  }
  const hr = isNaN(d.hrCount)
    ? JsonValue.nul()
    : JsonValue.obj()
        .set("min", num(d.hrMin, 1))
        .set("avg", num(d.hrAvg, 1))
        .set("max", num(d.hrMax, 1))
        .set("count", num(d.hrCount, 0));
  return JsonValue.obj()
    .set("date", JsonValue.str(d.date))
    .set("steps", num(d.steps, 0))
    .set("distanceKm", num(d.km, 3))
    .set("activeKcal", num(d.kcal, 1))
    .set("heartRate", hr)
    .set("restingHeartRate", num(d.rest, 1))
    .set("sleepMinutes", num(d.sleep, 1))
    .set("workouts", works);
}

export function daysJson(days: DayResult[]): JsonValue {
  const out = JsonValue.arr();
  for (let i = 0; i < days.length; i++) out.push(dayJson(days[i]));
  return out;
}

export const CSV_HEADER =
  "date,steps,distance_km,active_kcal,heart_rate_min,heart_rate_avg,heart_rate_max,heart_rate_samples," +
  "resting_heart_rate,sleep_minutes,workouts,workout_minutes,workout_km,workout_kcal,workout_types";

function cell(x: f64, decimals: i32): string {
  return isNaN(x) ? "" : JsonValue.num(round(x, decimals)).toString();
}

// A text cell: quoted when it must be (RFC 4180), and never read as a formula by a spreadsheet.
function textCell(s: string): string {
  if (s.length > 0 && "=+-@".indexOf(s.charAt(0)) >= 0) s = "'" + s;
  if (s.indexOf(",") < 0 && s.indexOf('"') < 0 && s.indexOf("\n") < 0 && s.indexOf("\r") < 0) return s;
  return '"' + s.replaceAll('"', '""') + '"';
}

/** One row per day, CRLF line ends, empty cells for no data. */
export function csv(days: DayResult[]): string {
  const lines = new Array<string>(days.length + 1);
  lines[0] = CSV_HEADER;
  for (let i = 0; i < days.length; i++) {
    const d = days[i];
    let count: f64 = 0, minutes: f64 = 0, km: f64 = 0, kcal: f64 = 0;
    const types = new Array<string>();
    for (let j = 0; j < d.works.length; j++) {
      count += d.works[j].count;
      minutes += d.works[j].minutes;
      km += d.works[j].km;
      kcal += d.works[j].kcal;
      types.push(d.works[j].name);
    }
    const none = d.works.length == 0;
    const row = [
      d.date,
      cell(d.steps, 0),
      cell(d.km, 3),
      cell(d.kcal, 1),
      cell(d.hrMin, 1),
      cell(d.hrAvg, 1),
      cell(d.hrMax, 1),
      cell(d.hrCount, 0),
      cell(d.rest, 1),
      cell(d.sleep, 1),
      none ? "" : cell(count, 0),
      none ? "" : cell(minutes, 1),
      none ? "" : cell(km, 3),
      none ? "" : cell(kcal, 1),
      textCell(types.join(";")),
    ];
    lines[i + 1] = row.join(",");
  }
  return lines.join("\r\n") + "\r\n";
}

// Names with their counts, most first (ties by name). The comparator reads a global: no closures.
let rankTable: Names = new Names();

function byCount(a: i32, b: i32): i32 {
  const t = rankTable;
  const c = t.counts[b] - t.counts[a];
  if (c != 0) return c > 0 ? 1 : -1;
  return t.names[a] < t.names[b] ? -1 : t.names[a] > t.names[b] ? 1 : 0;
}

function ranked(t: Names): i32[] {
  const ids = new Array<i32>(t.names.length);
  for (let i = 0; i < ids.length; i++) ids[i] = i;
  rankTable = t;
  ids.sort(byCount);
  return ids;
}

/** The summary saved when an import is done. */
export function summaryJson(path: string, problems: f64, warnings: JsonValue, agg: Agg, days: DayResult[]): JsonValue {
  const types = JsonValue.arr();
  let unknownTypes = 0;
  const t = ranked(agg.types);
  for (let i = 0; i < t.length; i++) {
    const known = agg.types.tags[t[i]] != K_UNKNOWN;
    if (!known) unknownTypes++;
    types.push(
      JsonValue.obj()
        .set("type", JsonValue.str(agg.types.names[t[i]]))
        .set("records", JsonValue.num(agg.types.counts[t[i]]))
        .set("known", JsonValue.bool(known)),
    );
  }
  const sources = JsonValue.arr();
  const s = ranked(agg.sources);
  for (let i = 0; i < s.length; i++) {
    sources.push(
      JsonValue.obj()
        .set("name", JsonValue.str(agg.sources.names[s[i]]))
        .set("kind", JsonValue.str(CLASS_NAMES[agg.sources.tags[s[i]]]))
        .set("records", JsonValue.num(agg.sources.counts[s[i]])),
    );
  }
  // Workout totals per activity over all days.
  const wt = new Map<string, f64[]>();
  for (let i = 0; i < days.length; i++) {
    for (let j = 0; j < days[i].works.length; j++) {
      const w = days[i].works[j];
      if (!wt.has(w.name)) wt.set(w.name, [0, 0, 0, 0]);
      const a = wt.get(w.name);
      a[0] += w.count;
      a[1] += w.minutes;
      a[2] += w.km;
      a[3] += w.kcal;
    }
  }
  const names = wt.keys().sort();
  const workouts = JsonValue.arr();
  for (let i = 0; i < names.length; i++) {
    const a = wt.get(names[i]);
    workouts.push(
      JsonValue.obj()
        .set("type", JsonValue.str(names[i]))
        .set("count", num(a[0], 0))
        .set("minutes", num(a[1], 1))
        .set("distanceKm", num(a[2], 3))
        .set("kcal", num(a[3], 1)),
    );
  }
  return JsonValue.obj()
    .set("file", JsonValue.str(path))
    .set("exportDate", agg.exportDate.length > 0 ? JsonValue.str(agg.exportDate) : JsonValue.nul())
    .set("from", days.length > 0 ? JsonValue.str(formatDay(days[0].day)) : JsonValue.nul())
    .set("to", days.length > 0 ? JsonValue.str(formatDay(days[days.length - 1].day)) : JsonValue.nul())
    .set("days", JsonValue.num(days.length))
    .set("records", JsonValue.num(agg.records))
    .set("skipped", JsonValue.num(agg.skipped))
    .set("problems", JsonValue.num(problems))
    .set("unknownTypes", JsonValue.num(unknownTypes))
    .set("unknownRecords", JsonValue.num(agg.unknownRecords))
    .set("otherElements", JsonValue.num(agg.otherElements))
    .set("types", types)
    .set("sources", sources)
    .set("workoutTypes", workouts)
    .set("warnings", warnings);
}

/** The summary before any import. */
export function emptySummary(): JsonValue {
  return JsonValue.obj()
    .set("file", JsonValue.nul())
    .set("exportDate", JsonValue.nul())
    .set("from", JsonValue.nul())
    .set("to", JsonValue.nul())
    .set("days", JsonValue.num(0))
    .set("records", JsonValue.num(0))
    .set("skipped", JsonValue.num(0))
    .set("problems", JsonValue.num(0))
    .set("unknownTypes", JsonValue.num(0))
    .set("unknownRecords", JsonValue.num(0))
    .set("otherElements", JsonValue.num(0))
    .set("types", JsonValue.arr())
    .set("sources", JsonValue.arr())
    .set("workoutTypes", JsonValue.arr())
    .set("warnings", JsonValue.arr());
}
