// What the records of a Health export mean: turns the parser's elements into aggregates.
// A top-level element is committed only when it is complete (at "/>" or its end tag), so a file
// cut off in the middle of one counts only what was whole.
import { Agg, DISTANCE, ENERGY, OTHER, PHONE, SLEEP, STEPS, WATCH } from "./agg";
import { ByteIndex, contains, eq, hash, Lit, parseNumber, parseTime, safeString, startsWith, tDay, tEpoch, tHour, tLocal } from "./bytes";
import { toBpm, toKcal, toKm, toMinutes } from "./units";
import { Attrs, Handler } from "./xml";

// Record kinds.
export const K_UNKNOWN: i32 = 0;
const K_STEPS: i32 = 1;
const K_DISTANCE: i32 = 2;
const K_ENERGY: i32 = 3;
const K_HR: i32 = 4;
const K_REST: i32 = 5;
const K_SLEEP: i32 = 6;

const HEALTH_DATA = new Lit("HealthData");
const RECORD = new Lit("Record");
const WORKOUT = new Lit("Workout");
const WORKOUT_STATS = new Lit("WorkoutStatistics");
const EXPORT_DATE = new Lit("ExportDate");
const ME = new Lit("Me");

const A_TYPE = new Lit("type");
const A_UNIT = new Lit("unit");
const A_VALUE = new Lit("value");
const A_SOURCE = new Lit("sourceName");
const A_DEVICE = new Lit("device");
const A_START = new Lit("startDate");
const A_END = new Lit("endDate");
const A_ACTIVITY = new Lit("workoutActivityType");
const A_DURATION = new Lit("duration");
const A_DURATION_UNIT = new Lit("durationUnit");
const A_DISTANCE = new Lit("totalDistance");
const A_DISTANCE_UNIT = new Lit("totalDistanceUnit");
const A_ENERGY = new Lit("totalEnergyBurned");
const A_ENERGY_UNIT = new Lit("totalEnergyBurnedUnit");
const A_SUM = new Lit("sum");

const WATCH_WORD = new Lit("Watch");
const IPHONE_WORD = new Lit("iPhone");
const DISTANCE_PREFIX = new Lit("HKQuantityTypeIdentifierDistance");
const ACTIVE_ENERGY = new Lit("HKQuantityTypeIdentifierActiveEnergyBurned");
const ACTIVITY_PREFIX = "HKWorkoutActivityType";

const ASLEEP: Lit[] = [
  new Lit("HKCategoryValueSleepAnalysisAsleep"),
  new Lit("HKCategoryValueSleepAnalysisAsleepUnspecified"),
  new Lit("HKCategoryValueSleepAnalysisAsleepCore"),
  new Lit("HKCategoryValueSleepAnalysisAsleepDeep"),
  new Lit("HKCategoryValueSleepAnalysisAsleepREM"),
];
const AWAKE = new Lit("HKCategoryValueSleepAnalysisAwake");

/** Sleep ending at or after this local hour counts for the next day's night. */
export const NIGHT_CUTOFF_HOUR: i32 = 18;

/** The kind of a record type name. */
export function kindOf(type: string): i32 {
  if (type == "HKQuantityTypeIdentifierStepCount") return K_STEPS;
  if (type == "HKQuantityTypeIdentifierDistanceWalkingRunning") return K_DISTANCE;
  if (type == "HKQuantityTypeIdentifierActiveEnergyBurned") return K_ENERGY;
  if (type == "HKQuantityTypeIdentifierHeartRate") return K_HR;
  if (type == "HKQuantityTypeIdentifierRestingHeartRate") return K_REST;
  if (type == "HKCategoryTypeIdentifierSleepAnalysis") return K_SLEEP;
  return K_UNKNOWN;
}

export class Importer extends Handler {
  agg: Agg;
  typeIndex: ByteIndex = new ByteIndex();
  sourceIndex: ByteIndex = new ByteIndex();
  workIndex: ByteIndex = new ByteIndex();

  // The open top-level element (0 none, 1 record, 2 workout) and what it will add.
  pending: i32 = 0;
  pKind: i32 = 0;
  pDay: i32 = 0;
  pHour: i32 = 0;
  pClass: i32 = 0;
  pValue: f64 = 0;
  pWorkType: i32 = 0;
  pMinutes: f64 = 0;
  pKm: f64 = NaN;
  pKcal: f64 = NaN;
  pStatKm: f64 = 0;
  pStatKcal: f64 = 0;
  pSource: i32 = -1;
  pSleepMode: i32 = 0;
  pFrom: i64 = 0;
  pTo: i64 = 0;
  pWindow: i64 = 0;

  // Where the attributes we look at are in the current tag (-1: absent).
  aType: i32 = -1;
  aUnit: i32 = -1;
  aValue: i32 = -1;
  aSource: i32 = -1;
  aDevice: i32 = -1;
  aStart: i32 = -1;
  aEnd: i32 = -1;

  constructor(agg: Agg) {
    super();
    this.agg = agg;
  }

  root(name: usize, len: i32): bool {
    return eq(name, len, HEALTH_DATA);
  }

  open(level: i32, name: usize, len: i32, a: Attrs, selfClosing: bool): bool {
    if (level == 2) {
      this.pending = 0;
      let keep = false;
      if (eq(name, len, RECORD)) keep = this.record(a);
      else if (eq(name, len, WORKOUT)) keep = this.workout(a);
      else if (eq(name, len, EXPORT_DATE)) this.exportDate(a);
      else if (!eq(name, len, ME)) {
        // ActivitySummary, Correlation (its Records also stand at the top level), ClinicalRecord…
        this.agg.otherElements++;
        this.agg.skipped++;
      }
      if (keep && selfClosing) this.commit();
      return keep;
    }
    if (level == 3 && this.pending == 2 && eq(name, len, WORKOUT_STATS)) this.statistics(a);
    // Deeper content (MetadataEntry, WorkoutActivity, routes…) adds nothing.
    return false;
  }

  close(level: i32): void {
    if (level == 2 && this.pending != 0) this.commit();
  }

  drop(): void {
    if (this.pending != 0) this.agg.skipped++;
    this.pending = 0;
  }

  find(a: Attrs): void {
    this.aType = this.aUnit = this.aValue = this.aSource = this.aDevice = this.aStart = this.aEnd = -1;
    for (let i = 0; i < a.n; i++) {
      const p = unchecked(a.nameAt[i]);
      const n = unchecked(a.nameLen[i]);
      // Dispatch on length and first letter before comparing bytes.
      const c = load<u8>(p);
      if (n == 4 && c == 0x74 && eq(p, n, A_TYPE)) this.aType = i;
      else if (n == 4 && c == 0x75 && eq(p, n, A_UNIT)) this.aUnit = i;
      else if (n == 5 && eq(p, n, A_VALUE)) this.aValue = i;
      else if (n == 10 && eq(p, n, A_SOURCE)) this.aSource = i;
      else if (n == 6 && eq(p, n, A_DEVICE)) this.aDevice = i;
      else if (n == 9 && eq(p, n, A_START)) this.aStart = i;
      else if (n == 7 && eq(p, n, A_END)) this.aEnd = i;
    }
  }

  bad(): bool {
    this.agg.badValues++;
    this.agg.skipped++;
    return false;
  }

  // The id of the record type, counting the record under it.
  typeId(a: Attrs): i32 {
    if (this.aType < 0) return -1;
    const p = a.valAt[this.aType];
    const n = a.valLen[this.aType];
    const h = hash(p, n);
    let id = this.typeIndex.find(p, n, h);
    if (id < 0) {
      const name = safeString(p, n, 120);
      id = this.agg.types.id(name, kindOf(name));
      if (id < 0) return -1;
      this.typeIndex.add(p, n, h, id);
    }
    this.agg.types.counts[id] += 1;
    return id;
  }

  // The source class of the current tag (watch, phone or other) and its source's id.
  classify(a: Attrs): i32 {
    let dev = -1;
    if (this.aDevice >= 0) {
      const p = a.valAt[this.aDevice];
      const n = a.valLen[this.aDevice];
      if (contains(p, n, WATCH_WORD)) dev = WATCH;
      else if (contains(p, n, IPHONE_WORD)) dev = PHONE;
    }
    let src = -1;
    this.pSource = -1;
    if (this.aSource >= 0) {
      const p = a.valAt[this.aSource];
      const n = a.valLen[this.aSource];
      if (contains(p, n, WATCH_WORD)) src = WATCH;
      else if (contains(p, n, IPHONE_WORD)) src = PHONE;
      const cls = dev == WATCH || src == WATCH ? WATCH : dev == PHONE || src == PHONE ? PHONE : OTHER;
      const h = hash(p, n);
      let id = this.sourceIndex.find(p, n, h);
      if (id < 0) {
        id = this.agg.sources.id(safeString(p, n, 120), cls);
        if (id >= 0) this.sourceIndex.add(p, n, h, id);
      }
      this.pSource = id;
      return cls;
    }
    return dev == WATCH ? WATCH : dev == PHONE ? PHONE : OTHER;
  }

  record(a: Attrs): bool {
    this.find(a);
    const id = this.typeId(a);
    if (id < 0) {
      if (this.aType < 0) return this.bad();
      this.agg.overflow++;
      this.agg.skipped++;
      return false;
    }
    const kind = this.agg.types.tags[id];
    if (kind == K_UNKNOWN) {
      this.agg.unknownRecords++;
      this.agg.skipped++;
      return false;
    }
    if (this.aStart < 0 || this.aEnd < 0 || this.aValue < 0) return this.bad();
    if (!parseTime(a.valAt[this.aEnd], a.valLen[this.aEnd])) return this.bad();
    // A night is the morning it ends on; sleep ending in the evening (from 18:00) leads into the
    // next morning's night, so a night that starts before midnight is not split in two.
    const night = tHour >= NIGHT_CUTOFF_HOUR ? tDay + 1 : tDay;
    const endEpoch = tEpoch;
    const endOffset = tLocal - tEpoch;
    if (!parseTime(a.valAt[this.aStart], a.valLen[this.aStart])) return this.bad();
    const vp = a.valAt[this.aValue];
    const vn = a.valLen[this.aValue];
    this.pKind = kind;
    this.pDay = tDay;
    this.pHour = tHour;
    this.pClass = this.classify(a);
    if (kind == K_SLEEP) {
      // Asleep adds minutes; Awake is the source's word for those minutes (it still takes the
      // hour from lower-priority sources); In Bed is another measure and takes part in nothing.
      let mode = eq(vp, vn, AWAKE) ? 1 : 0;
      for (let i = 0; i < ASLEEP.length; i++) if (eq(vp, vn, ASLEEP[i])) mode = 2;
      if (endEpoch < tEpoch || endEpoch - tEpoch > 7 * 86400 || night > 65535) return this.bad();
      this.pDay = night;
      this.pSleepMode = mode;
      this.pFrom = tEpoch;
      this.pTo = endEpoch;
      // The night's first hour, 18:00 the evening before, in the end's offset.
      this.pWindow = <i64>(night - 1) * 86400 + 18 * 3600 - endOffset;
    } else {
      const v = parseNumber(vp, vn);
      if (isNaN(v) || v < 0) return this.bad();
      let f: f64 = 1;
      const up = this.aUnit >= 0 ? a.valAt[this.aUnit] : 0;
      const un = this.aUnit >= 0 ? a.valLen[this.aUnit] : 0;
      if (kind == K_DISTANCE) f = toKm(up, un);
      else if (kind == K_ENERGY) f = toKcal(up, un);
      else if (kind == K_HR || kind == K_REST) f = toBpm(up, un);
      if (isNaN(f)) return this.bad();
      this.pValue = v * f;
    }
    this.pending = 1;
    return true;
  }

  workout(a: Attrs): bool {
    this.find(a);
    let pAct: usize = 0, nAct = -1, pDur: usize = 0, nDur = -1, pDurU: usize = 0, nDurU = 0;
    let pDist: usize = 0, nDist = -1, pDistU: usize = 0, nDistU = 0, pEn: usize = 0, nEn = -1, pEnU: usize = 0, nEnU = 0;
    for (let i = 0; i < a.n; i++) {
      const p = a.nameAt[i];
      const n = a.nameLen[i];
      if (eq(p, n, A_ACTIVITY)) { pAct = a.valAt[i]; nAct = a.valLen[i]; }
      else if (eq(p, n, A_DURATION)) { pDur = a.valAt[i]; nDur = a.valLen[i]; }
      else if (eq(p, n, A_DURATION_UNIT)) { pDurU = a.valAt[i]; nDurU = a.valLen[i]; }
      else if (eq(p, n, A_DISTANCE)) { pDist = a.valAt[i]; nDist = a.valLen[i]; }
      else if (eq(p, n, A_DISTANCE_UNIT)) { pDistU = a.valAt[i]; nDistU = a.valLen[i]; }
      else if (eq(p, n, A_ENERGY)) { pEn = a.valAt[i]; nEn = a.valLen[i]; }
      else if (eq(p, n, A_ENERGY_UNIT)) { pEnU = a.valAt[i]; nEnU = a.valLen[i]; }
    }
    if (nAct < 0 || this.aStart < 0 || this.aEnd < 0) return this.bad();
    if (!parseTime(a.valAt[this.aEnd], a.valLen[this.aEnd])) return this.bad();
    const endEpoch = tEpoch;
    if (!parseTime(a.valAt[this.aStart], a.valLen[this.aStart])) return this.bad();
    this.pDay = tDay;
    let minutes = <f64>(endEpoch - tEpoch) / 60.0;
    if (nDur >= 0) minutes = parseNumber(pDur, nDur) * (nDurU > 0 ? toMinutes(pDurU, nDurU) : 1);
    if (isNaN(minutes) || minutes < 0) return this.bad();
    this.pMinutes = minutes;
    this.pKm = nDist >= 0 ? parseNumber(pDist, nDist) * toKm(pDistU, nDistU) : NaN;
    this.pKcal = nEn >= 0 ? parseNumber(pEn, nEn) * toKcal(pEnU, nEnU) : NaN;
    this.pStatKm = 0;
    this.pStatKcal = 0;
    // Activity names are kept without their long prefix: "Running", "Walking"…
    const h = hash(pAct, nAct);
    let id = this.workIndex.find(pAct, nAct, h);
    if (id < 0) {
      let name = safeString(pAct, nAct, 120);
      if (name.startsWith(ACTIVITY_PREFIX) && name.length > ACTIVITY_PREFIX.length) name = name.substring(ACTIVITY_PREFIX.length);
      id = this.agg.workTypes.id(name, 0);
      if (id < 0) id = this.agg.workTypes.id("Other", 0);
      if (id < 0) return this.bad();
      this.workIndex.add(pAct, nAct, h, id);
    }
    this.pWorkType = id;
    this.classify(a);
    this.pending = 2;
    return true;
  }

  // iOS 16 and later put a workout's distance and energy in WorkoutStatistics children.
  statistics(a: Attrs): void {
    let pT: usize = 0, nT = -1, pS: usize = 0, nS = -1, pU: usize = 0, nU = 0;
    for (let i = 0; i < a.n; i++) {
      const p = a.nameAt[i];
      const n = a.nameLen[i];
      if (eq(p, n, A_TYPE)) { pT = a.valAt[i]; nT = a.valLen[i]; }
      else if (eq(p, n, A_SUM)) { pS = a.valAt[i]; nS = a.valLen[i]; }
      else if (eq(p, n, A_UNIT)) { pU = a.valAt[i]; nU = a.valLen[i]; }
    }
    if (nT < 0 || nS < 0) return;
    if (startsWith(pT, nT, DISTANCE_PREFIX)) {
      const v = parseNumber(pS, nS) * toKm(pU, nU);
      if (!isNaN(v)) this.pStatKm += v;
    } else if (eq(pT, nT, ACTIVE_ENERGY)) {
      const v = parseNumber(pS, nS) * toKcal(pU, nU);
      if (!isNaN(v)) this.pStatKcal += v;
    }
  }

  exportDate(a: Attrs): void {
    for (let i = 0; i < a.n; i++) {
      if (eq(a.nameAt[i], a.nameLen[i], A_VALUE)) this.agg.exportDate = safeString(a.valAt[i], a.valLen[i], 40);
    }
  }

  // Spreads a sleep record over the hours of its night (before the night: its first hour; after:
  // its last), as minutes asleep or, for Awake, as presence only.
  sleep(): bool {
    if (this.pSleepMode == 0) return true;
    let ok = true;
    let t = this.pFrom;
    const end = this.pTo;
    const ws = this.pWindow;
    while (t < end) {
      let b: i64 = t < ws ? 0 : (t - ws) / 3600;
      if (b > 23) b = 23;
      const next = b == 23 ? end : min(end, ws + (b + 1) * 3600);
      const minutes = this.pSleepMode == 2 ? <f64>(next - t) / 60.0 : 0.0;
      if (!this.agg.addHour(SLEEP, this.pDay, <i32>b, this.pClass, minutes)) ok = false;
      t = next;
    }
    return ok;
  }

  commit(): void {
    const kind = this.pending;
    this.pending = 0;
    const g = this.agg;
    let ok = true;
    if (kind == 2) {
      const w = g.work(this.pDay, this.pWorkType);
      if (w === null) ok = false;
      else {
        w.count += 1;
        w.minutes += this.pMinutes;
        w.km += isNaN(this.pKm) ? this.pStatKm : this.pKm;
        w.kcal += isNaN(this.pKcal) ? this.pStatKcal : this.pKcal;
      }
    } else {
      const k = this.pKind;
      if (k == K_STEPS) ok = g.addHour(STEPS, this.pDay, this.pHour, this.pClass, this.pValue);
      else if (k == K_DISTANCE) ok = g.addHour(DISTANCE, this.pDay, this.pHour, this.pClass, this.pValue);
      else if (k == K_ENERGY) ok = g.addHour(ENERGY, this.pDay, this.pHour, this.pClass, this.pValue);
      else if (k == K_SLEEP) ok = this.sleep();
      else {
        const d = g.day(this.pDay);
        if (d === null) ok = false;
        else if (k == K_HR) {
          const v = this.pValue;
          if (v < d.hrMin) d.hrMin = v;
          if (v > d.hrMax) d.hrMax = v;
          d.hrSum += v;
          d.hrCount += 1;
        } else {
          d.restSum += this.pValue;
          d.restCount += 1;
        }
      }
    }
    if (!ok) {
      g.overflow++;
      g.skipped++;
      return;
    }
    g.records++;
    if (this.pSource >= 0) g.sources.counts[this.pSource] += 1;
  }
}
