// The aggregates an import builds, sized by days of data rather than by records, and their
// resolution into one row per day.
//
// Cumulative types (steps, distance, active energy) are kept per (type, local day, local hour of
// the record's start) and per source class, because iPhone and Apple Watch both count the same
// walk: a day's total is the sum over its hours of the highest-priority class present in that
// hour (watch, then phone, then other apps), never the sum of both. Sleep is kept the same way per
// night and hour of the night (18:00 to 18:00), so a watch's night and another app's overlapping
// one are not added up, while a nap the watch missed still counts.
import { formatDay } from "./bytes";

export const WATCH: i32 = 0;
export const PHONE: i32 = 1;
export const OTHER: i32 = 2;
export const CLASS_NAMES: string[] = ["watch", "phone", "other"];

export const STEPS: i32 = 0;
export const DISTANCE: i32 = 1;
export const ENERGY: i32 = 2;
/** Minutes asleep, per night (the day it ends) and hour of the night: bucket 0 is 18:00-19:00 the evening before. */
export const SLEEP: i32 = 3;

// Caps that keep memory flat whatever the file holds (a hostile file can spread records over a
// century): 24,000 hour rows are 16 years of all four hour-kept types.
export const MAX_HOUR_ROWS: i32 = 24000;
export const MAX_DAY_ROWS: i32 = 40000;
export const MAX_WORK_ROWS: i32 = 40000;
export const MAX_NAMES: i32 = 500;

/** One hour-kept type on one local day: per hour, the sum of each source class. */
export class HourRow {
  v: StaticArray<f64> = new StaticArray<f64>(72);
  /** Per hour, bit c set when class c has a record there (a recorded 0 still counts). */
  mask: StaticArray<u8> = new StaticArray<u8>(24);
  constructor(public key: u32) {}
}

/** Per local day: heart rate and resting heart rate. */
export class DayRow {
  hrMin: f64 = Infinity;
  hrMax: f64 = -Infinity;
  hrSum: f64 = 0;
  hrCount: f64 = 0;
  restSum: f64 = 0;
  restCount: f64 = 0;
  constructor(public day: i32) {}
}

/** Workouts of one activity type on one local day. */
export class WorkRow {
  count: f64 = 0;
  minutes: f64 = 0;
  km: f64 = 0;
  kcal: f64 = 0;
  constructor(public key: u32) {}
}

/** A small table of names (record types, sources, workout types) with a count each. */
export class Names {
  names: string[] = [];
  counts: f64[] = [];
  /** Per name: its kind (record types), its source class (sources). */
  tags: i32[] = [];
  index: Map<string, i32> = new Map<string, i32>();

  /** The id of name (added with tag if new), or -1 when the table is full. */
  id(name: string, tag: i32): i32 {
    if (this.index.has(name)) return this.index.get(name);
    if (this.names.length >= MAX_NAMES) return -1;
    const i = this.names.length;
    this.names.push(name);
    this.counts.push(0);
    this.tags.push(tag);
    this.index.set(name, i);
    return i;
  }
}

export class Agg {
  hours: Map<u32, HourRow> = new Map<u32, HourRow>();
  days: Map<i32, DayRow> = new Map<i32, DayRow>();
  works: Map<u32, WorkRow> = new Map<u32, WorkRow>();
  types: Names = new Names();
  sources: Names = new Names();
  workTypes: Names = new Names();
  records: f64 = 0;
  skipped: f64 = 0;
  unknownRecords: f64 = 0;
  otherElements: f64 = 0;
  badValues: f64 = 0;
  overflow: f64 = 0;
  exportDate: string = "";
  // The last row used: records come in runs of one type and day.
  lastKey: u32 = 0xffffffff;
  lastRow: HourRow | null = null;

  /** Adds v of a cumulative type at (day, hour) for a source class; false if over the caps. */
  addHour(type: i32, day: i32, hour: i32, cls: i32, v: f64): bool {
    const key = (<u32>type << 16) | <u32>day;
    let row = this.lastRow;
    if (key != this.lastKey || row === null) {
      if (this.hours.has(key)) {
        row = this.hours.get(key);
      } else {
        if (this.hours.size >= MAX_HOUR_ROWS) return false;
        row = new HourRow(key);
        this.hours.set(key, row);
      }
      this.lastKey = key;
      this.lastRow = row;
    }
    const r = row as HourRow;
    const i = hour * 3 + cls;
    unchecked((r.v[i] += v));
    unchecked((r.mask[hour] = <u8>(<i32>unchecked(r.mask[hour]) | (1 << cls))));
    return true;
  }

  day(day: i32): DayRow | null {
    if (this.days.has(day)) return this.days.get(day);
    if (this.days.size >= MAX_DAY_ROWS) return null;
    const row = new DayRow(day);
    this.days.set(day, row);
    return row;
  }

  work(day: i32, type: i32): WorkRow | null {
    const key = (<u32>day << 9) | <u32>type;
    if (this.works.has(key)) return this.works.get(key);
    if (this.works.size >= MAX_WORK_ROWS) return null;
    const row = new WorkRow(key);
    this.works.set(key, row);
    return row;
  }
}

/** Workouts of one type in a day's result. */
export class WorkSum {
  count: f64 = 0;
  minutes: f64 = 0;
  km: f64 = 0;
  kcal: f64 = 0;
  constructor(public name: string) {}
}

/** One day of the result; NaN where there is no data. */
export class DayResult {
  steps: f64 = NaN;
  km: f64 = NaN;
  kcal: f64 = NaN;
  hrMin: f64 = NaN;
  hrAvg: f64 = NaN;
  hrMax: f64 = NaN;
  hrCount: f64 = NaN;
  rest: f64 = NaN;
  sleep: f64 = NaN;
  works: WorkSum[] = [];
  constructor(public day: i32) {}

  get date(): string {
    return formatDay(this.day);
  }
}

// The value of the highest-priority class with a record in the hour, or NaN.
function pick(r: HourRow, hour: i32): f64 {
  const m = <i32>unchecked(r.mask[hour]);
  for (let c = 0; c < 3; c++) if ((m & (1 << c)) != 0) return unchecked(r.v[hour * 3 + c]);
  return NaN;
}

/** Resolves the aggregates into one row per day with data, in date order. */
export function resolve(a: Agg): DayResult[] {
  const set = new Set<i32>();
  const hk = a.hours.keys();
  for (let i = 0; i < hk.length; i++) set.add(<i32>(hk[i] & 0xffff));
  const dk = a.days.keys();
  for (let i = 0; i < dk.length; i++) set.add(dk[i]);
  const wk = a.works.keys();
  for (let i = 0; i < wk.length; i++) set.add(<i32>(wk[i] >> 9));
  const days = set.values();
  days.sort((x: i32, y: i32): i32 => x - y);
  const byDay = new Map<i32, DayResult>();
  const out = new Array<DayResult>(days.length);
  for (let i = 0; i < days.length; i++) {
    out[i] = new DayResult(days[i]);
    byDay.set(days[i], out[i]);
  }
  const rows = a.hours.values();
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    let total: f64 = 0;
    let any = false;
    for (let h = 0; h < 24; h++) {
      const v = pick(r, h);
      if (!isNaN(v)) {
        total += v;
        any = true;
      }
    }
    if (!any) continue;
    const d = byDay.get(<i32>(r.key & 0xffff));
    const type = <i32>(r.key >> 16);
    if (type == STEPS) d.steps = total;
    else if (type == DISTANCE) d.km = total;
    else if (type == ENERGY) d.kcal = total;
    else d.sleep = total;
  }
  const drows = a.days.values();
  for (let i = 0; i < drows.length; i++) {
    const r = drows[i];
    const d = byDay.get(r.day);
    if (r.hrCount > 0) {
      d.hrMin = r.hrMin;
      d.hrMax = r.hrMax;
      d.hrAvg = r.hrSum / r.hrCount;
      d.hrCount = r.hrCount;
    }
    if (r.restCount > 0) d.rest = r.restSum / r.restCount;
  }
  const wrows = a.works.values();
  for (let i = 0; i < wrows.length; i++) {
    const r = wrows[i];
    const d = byDay.get(<i32>(r.key >> 9));
    const t = <i32>(r.key & 0x1ff);
    const s = new WorkSum(t < a.workTypes.names.length ? a.workTypes.names[t] : "Other");
    s.count = r.count;
    s.minutes = r.minutes;
    s.km = r.km;
    s.kcal = r.kcal;
    d.works.push(s);
  }
  for (let i = 0; i < out.length; i++) {
    out[i].works.sort((x: WorkSum, y: WorkSum): i32 => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  }
  return out;
}
