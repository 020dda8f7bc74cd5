// Generates realistic Health app exports ("Export All Health Data") for the tests, streaming to
// disk so a 1 GiB file never sits in memory:
//
//   node test/gen-export.mjs OUT.xml SIZE_BYTES [--seed N]     export.xml of about SIZE_BYTES
//   node test/gen-export.mjs OUT.zip SIZE_BYTES --zip          export.zip (apple_health_export/
//                                                              export.xml + export_cda.xml); the
//                                                              zip is built in memory: small sizes
//
// As a module: writeExport(path, size, {seed, expected}) and generate(write, options) write the
// same documents; Expected computes the per-day totals the app must find (source priority, units,
// local dates, sleep by night), so tests can check exact numbers; smallExport() is a fixed three-day
// dataset with its expected days; makeZip() is a hand-written zip container (deflate via zlib).
//
// The file looks like a real export: XML declaration, the long DOCTYPE internal subset, ExportDate,
// Me, Records grouped by type (steps, distance and energy from an iPhone and an Apple Watch with
// overlapping intervals and mixed units, heart rate with metadata children, HRV with nested
// beat lists, sleep stages, unknown types), Correlations, Workouts with events, statistics, nested
// WorkoutActivity and routes, and ActivitySummary; time-zone offsets vary (+0100, +0200, -0700,
// +0530) and change across nights.
import { closeSync, openSync, writeFileSync, writeSync } from "node:fs";
import { deflateRawSync } from "node:zlib";

export const WATCH = "Ada’s Apple Watch";
export const PHONE = "Ada’s iPhone";
export const WATCH_DEVICE =
  "<<HKDevice: 0x28379c140>, name:Apple Watch, manufacturer:Apple Inc., model:Watch, hardware:Watch6,2, software:10.1>";
export const PHONE_DEVICE =
  "<<HKDevice: 0x2837a8f00>, name:iPhone, manufacturer:Apple Inc., model:iPhone, hardware:iPhone14,5, software:17.1>";
const PEDOMETER = "Pedometer++";
const STRAVA = "Strava";
const AUTOSLEEP = "AutoSleep";
const POLAR = "Polar Flow & Co";

const Q = "HKQuantityTypeIdentifier";
export const T = {
  steps: Q + "StepCount",
  distance: Q + "DistanceWalkingRunning",
  energy: Q + "ActiveEnergyBurned",
  basal: Q + "BasalEnergyBurned",
  hr: Q + "HeartRate",
  rest: Q + "RestingHeartRate",
  hrv: Q + "HeartRateVariabilitySDNN",
  resp: Q + "RespiratoryRate",
  audio: Q + "EnvironmentalAudioExposure",
  systolic: Q + "BloodPressureSystolic",
  diastolic: Q + "BloodPressureDiastolic",
  sleep: "HKCategoryTypeIdentifierSleepAnalysis",
  stand: "HKCategoryTypeIdentifierAppleStandHour",
};
const SLEEP = "HKCategoryValueSleepAnalysis";

export const DTD = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 14 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary|ClinicalRecord|Audiogram|VisionPrescription)*)>
<!ATTLIST HealthData
  locale CDATA #REQUIRED
>
<!ELEMENT ExportDate EMPTY>
<!ATTLIST ExportDate
  value CDATA #REQUIRED
>
<!ELEMENT Me EMPTY>
<!ATTLIST Me
  HKCharacteristicTypeIdentifierDateOfBirth                 CDATA #REQUIRED
  HKCharacteristicTypeIdentifierBiologicalSex               CDATA #REQUIRED
  HKCharacteristicTypeIdentifierBloodType                   CDATA #REQUIRED
  HKCharacteristicTypeIdentifierFitzpatrickSkinType         CDATA #REQUIRED
  HKCharacteristicTypeIdentifierCardioFitnessMedicationsUse CDATA #REQUIRED
>
<!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>
<!ATTLIST Record
  type          CDATA #REQUIRED
  unit          CDATA #IMPLIED
  value         CDATA #IMPLIED
  sourceName    CDATA #REQUIRED
  sourceVersion CDATA #IMPLIED
  device        CDATA #IMPLIED
  creationDate  CDATA #IMPLIED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
<!-- Note: Any Records that appear as children of a correlation also appear as top-level records in this document. -->
<!ELEMENT Correlation ((MetadataEntry|Record)*)>
<!ATTLIST Correlation
  type          CDATA #REQUIRED
  sourceName    CDATA #REQUIRED
  sourceVersion CDATA #IMPLIED
  device        CDATA #IMPLIED
  creationDate  CDATA #IMPLIED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
<!ELEMENT Workout ((MetadataEntry|WorkoutEvent|WorkoutRoute|WorkoutStatistics|WorkoutActivity)*)>
<!ATTLIST Workout
  workoutActivityType   CDATA #REQUIRED
  duration              CDATA #IMPLIED
  durationUnit          CDATA #IMPLIED
  totalDistance         CDATA #IMPLIED
  totalDistanceUnit     CDATA #IMPLIED
  totalEnergyBurned     CDATA #IMPLIED
  totalEnergyBurnedUnit CDATA #IMPLIED
  sourceName            CDATA #REQUIRED
  sourceVersion         CDATA #IMPLIED
  device                CDATA #IMPLIED
  creationDate          CDATA #IMPLIED
  startDate             CDATA #REQUIRED
  endDate               CDATA #REQUIRED
>
<!ELEMENT WorkoutActivity ((WorkoutEvent|WorkoutStatistics|MetadataEntry)*)>
<!ATTLIST WorkoutActivity
  uuid         CDATA #REQUIRED
  startDate    CDATA #REQUIRED
  endDate      CDATA #IMPLIED
  duration     CDATA #IMPLIED
  durationUnit CDATA #IMPLIED
>
<!ELEMENT WorkoutEvent EMPTY>
<!ATTLIST WorkoutEvent
  type         CDATA #REQUIRED
  date         CDATA #REQUIRED
  duration     CDATA #IMPLIED
  durationUnit CDATA #IMPLIED
>
<!ELEMENT WorkoutStatistics EMPTY>
<!ATTLIST WorkoutStatistics
  type      CDATA #REQUIRED
  startDate CDATA #REQUIRED
  endDate   CDATA #REQUIRED
  average   CDATA #IMPLIED
  minimum   CDATA #IMPLIED
  maximum   CDATA #IMPLIED
  sum       CDATA #IMPLIED
  unit      CDATA #IMPLIED
>
<!ELEMENT WorkoutRoute ((MetadataEntry|FileReference)*)>
<!ATTLIST WorkoutRoute
  sourceName    CDATA #REQUIRED
  sourceVersion CDATA #IMPLIED
  device        CDATA #IMPLIED
  creationDate  CDATA #IMPLIED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
<!ELEMENT FileReference EMPTY>
<!ATTLIST FileReference
  path CDATA #REQUIRED
>
<!ELEMENT ActivitySummary EMPTY>
<!ATTLIST ActivitySummary
  dateComponents         CDATA #IMPLIED
  activeEnergyBurned     CDATA #IMPLIED
  activeEnergyBurnedGoal CDATA #IMPLIED
  activeEnergyBurnedUnit CDATA #IMPLIED
  appleMoveTime          CDATA #IMPLIED
  appleMoveTimeGoal      CDATA #IMPLIED
  appleExerciseTime      CDATA #IMPLIED
  appleExerciseTimeGoal  CDATA #IMPLIED
  appleStandHours        CDATA #IMPLIED
  appleStandHoursGoal    CDATA #IMPLIED
>
<!ELEMENT MetadataEntry EMPTY>
<!ATTLIST MetadataEntry
  key   CDATA #REQUIRED
  value CDATA #REQUIRED
>
<!-- Note: Heart Rate Variability records captured by Apple Watch may include an associated list of instantaneous beats-per-minute readings. -->
<!ELEMENT HeartRateVariabilityMetadataList (InstantaneousBeatsPerMinute*)>
<!ELEMENT InstantaneousBeatsPerMinute EMPTY>
<!ATTLIST InstantaneousBeatsPerMinute
  bpm  CDATA #REQUIRED
  time CDATA #REQUIRED
>
<!ELEMENT ClinicalRecord EMPTY>
<!ATTLIST ClinicalRecord
  type             CDATA #REQUIRED
  identifier       CDATA #REQUIRED
  sourceName       CDATA #REQUIRED
  sourceURL        CDATA #REQUIRED
  fhirVersion      CDATA #REQUIRED
  receivedDate     CDATA #REQUIRED
  resourceFilePath CDATA #REQUIRED
>
<!ELEMENT Audiogram ((SensitivityPoint)*)>
<!ATTLIST Audiogram
  type          CDATA #REQUIRED
  sourceName    CDATA #REQUIRED
  sourceVersion CDATA #IMPLIED
  device        CDATA #IMPLIED
  creationDate  CDATA #IMPLIED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
<!ELEMENT SensitivityPoint EMPTY>
<!ATTLIST SensitivityPoint
  frequencyValue CDATA #REQUIRED
  frequencyUnit  CDATA #REQUIRED
  leftEarValue   CDATA #IMPLIED
  leftEarUnit    CDATA #IMPLIED
  rightEarValue  CDATA #IMPLIED
  rightEarUnit   CDATA #IMPLIED
>
<!ELEMENT VisionPrescription ((RightEye|LeftEye|Attachment|MetadataEntry)*)>
<!ATTLIST VisionPrescription
  type           CDATA #REQUIRED
  dateIssued     CDATA #REQUIRED
  expirationDate CDATA #IMPLIED
  brand          CDATA #IMPLIED
>
<!ELEMENT RightEye EMPTY>
<!ELEMENT LeftEye EMPTY>
<!ELEMENT Attachment EMPTY>
]>
`;

// ---- times: seconds of LOCAL time since 1970 plus the offset in minutes east of UTC ----

const DAY = 86400;
const pad2 = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, "0"));
const dateCache = new Map();

export function localDate(local) {
  const d = Math.floor(local / DAY);
  let s = dateCache.get(d);
  if (s === undefined) {
    s = new Date(d * DAY * 1000).toISOString().slice(0, 10);
    if (dateCache.size > 20000) dateCache.clear();
    dateCache.set(d, s);
  }
  return s;
}

/** "2024-03-05 07:12:44 +0100" for local seconds and an offset in minutes. */
export function stamp(local, off) {
  const t = ((local % DAY) + DAY) % DAY;
  const a = Math.abs(off);
  return `${localDate(local)} ${pad2[Math.floor(t / 3600)]}:${pad2[Math.floor(t / 60) % 60]}:${pad2[t % 60]} ${off < 0 ? "-" : "+"}${pad2[Math.floor(a / 60)]}${pad2[a % 60]}`;
}

const escaped = new Map();

/** Text as an XML attribute value (memoized: sources and devices repeat on every record). */
export function esc(s) {
  let e = escaped.get(s);
  if (e === undefined) {
    e = s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
    if (escaped.size < 1000) escaped.set(s, e);
  }
  return e;
}

// ---- records ----

/**
 * A record: {type, source, device?, unit?, value (string), start, startOff, end, endOff,
 * meta?: [[key, value]], hrv?: [bpm...]}.
 */
export function recordXml(r) {
  let s = ` <Record type="${r.type}" sourceName="${esc(r.source)}" sourceVersion="${r.version ?? "17.1"}"`;
  if (r.device) s += ` device="${esc(r.device)}"`;
  if (r.unit) s += ` unit="${r.unit}"`;
  s += ` creationDate="${stamp(r.end + 7, r.endOff)}" startDate="${stamp(r.start, r.startOff)}" endDate="${stamp(r.end, r.endOff)}" value="${r.value}"`;
  if (!r.meta && !r.hrv) return s + "/>\n";
  s += ">\n";
  for (const [k, v] of r.meta ?? []) s += `  <MetadataEntry key="${k}" value="${esc(v)}"/>\n`;
  if (r.hrv) {
    s += "  <HeartRateVariabilityMetadataList>\n";
    r.hrv.forEach((bpm, i) => {
      s += `   <InstantaneousBeatsPerMinute bpm="${bpm}" time="${pad2[7]}:${pad2[12]}:${pad2[i % 60]}.${String(i * 37 % 1000).padStart(3, "0")} PM"/>\n`;
    });
    s += "  </HeartRateVariabilityMetadataList>\n";
  }
  return s + " </Record>\n";
}

/**
 * A workout: {activity, source, device, start, end, off, duration (min), distance?, distanceUnit?,
 * energy?, energyUnit?, stats?: [{type, sum, unit}], nestedStats?: [...]}.
 */
export function workoutXml(w) {
  let s = ` <Workout workoutActivityType="HKWorkoutActivityType${w.activity}" duration="${w.duration}" durationUnit="min"`;
  if (w.distance !== undefined) s += ` totalDistance="${w.distance}" totalDistanceUnit="${w.distanceUnit}"`;
  if (w.energy !== undefined) s += ` totalEnergyBurned="${w.energy}" totalEnergyBurnedUnit="${w.energyUnit}"`;
  s += ` sourceName="${esc(w.source)}" sourceVersion="10.1"`;
  if (w.device) s += ` device="${esc(w.device)}"`;
  const st = stamp(w.start, w.off);
  const en = stamp(w.end, w.off);
  s += ` creationDate="${en}" startDate="${st}" endDate="${en}">\n`;
  s += `  <MetadataEntry key="HKIndoorWorkout" value="0"/>\n`;
  s += `  <MetadataEntry key="HKTimeZone" value="Europe/Berlin"/>\n`;
  s += `  <WorkoutEvent type="HKWorkoutEventTypePause" date="${stamp(w.start + 600, w.off)}"/>\n`;
  s += `  <WorkoutEvent type="HKWorkoutEventTypeResume" date="${stamp(w.start + 660, w.off)}"/>\n`;
  if (w.nestedStats) {
    // iOS 16+: per-activity statistics repeat the workout's; they must not be counted twice.
    s += `  <WorkoutActivity uuid="3F2504E0-4F89-11D3-9A0C-0305E82C3301" startDate="${st}" endDate="${en}" duration="${w.duration}" durationUnit="min">\n`;
    for (const x of w.nestedStats) s += `   <WorkoutStatistics type="${x.type}" startDate="${st}" endDate="${en}" sum="${x.sum}" unit="${x.unit}"/>\n`;
    s += "  </WorkoutActivity>\n";
  }
  for (const x of w.stats ?? []) {
    s += x.sum === undefined
      ? `  <WorkoutStatistics type="${x.type}" startDate="${st}" endDate="${en}" average="131" minimum="96" maximum="162" unit="${x.unit}"/>\n`
      : `  <WorkoutStatistics type="${x.type}" startDate="${st}" endDate="${en}" sum="${x.sum}" unit="${x.unit}"/>\n`;
  }
  s += `  <WorkoutRoute sourceName="${esc(w.source)}" sourceVersion="10.1" creationDate="${en}" startDate="${st}" endDate="${en}">\n`;
  s += `   <MetadataEntry key="HKMetadataKeySyncVersion" value="2"/>\n`;
  s += `   <FileReference path="/workout-routes/route_${localDate(w.start)}_6.00pm.gpx"/>\n`;
  s += "  </WorkoutRoute>\n </Workout>\n";
  return s;
}

// ---- what the app must find: the same rules, written plainly ----

const KM = { km: 1, m: 0.001, mi: 1.609344, ft: 0.0003048, yd: 0.0009144, cm: 0.00001 };
const KCAL = { kcal: 1, Cal: 1, kJ: 1 / 4.184, cal: 0.001, J: 1 / 4184 };
const ASLEEP = new Set(["Asleep", "AsleepUnspecified", "AsleepCore", "AsleepDeep", "AsleepREM"].map((v) => SLEEP + v));

export function sourceClass(source, device = "") {
  if (device.includes("Watch") || source.includes("Watch")) return 0;
  if (device.includes("iPhone") || source.includes("iPhone")) return 1;
  return 2;
}

export class Expected {
  constructor() {
    this.cum = { steps: new Map(), distance: new Map(), energy: new Map(), sleep: new Map() };
    this.days = new Map();
  }

  day(date) {
    let d = this.days.get(date);
    if (!d) {
      d = { hr: null, rest: [], works: new Map() };
      this.days.set(date, d);
    }
    return d;
  }

  record(r) {
    const cls = sourceClass(r.source, r.device);
    const date = localDate(r.start);
    const hour = Math.floor((((r.start % DAY) + DAY) % DAY) / 3600);
    const v = Number(r.value);
    const cum = r.type === T.steps ? "steps" : r.type === T.distance ? "distance" : r.type === T.energy ? "energy" : null;
    if (cum) {
      const f = cum === "steps" ? 1 : cum === "distance" ? KM[r.unit] : KCAL[r.unit];
      this.day(date);
      const key = date + "|" + hour;
      let cell = this.cum[cum].get(key);
      if (!cell) this.cum[cum].set(key, (cell = [null, null, null]));
      cell[cls] = (cell[cls] ?? 0) + v * f;
    } else if (r.type === T.hr) {
      const d = this.day(date);
      if (!d.hr) d.hr = { min: v, max: v, sum: 0, count: 0 };
      d.hr.min = Math.min(d.hr.min, v);
      d.hr.max = Math.max(d.hr.max, v);
      d.hr.sum += v;
      d.hr.count++;
    } else if (r.type === T.rest) {
      this.day(date).rest.push(v);
    } else if (r.type === T.sleep) {
      this.sleep(r, cls);
    }
  }

  // A night is the morning it ends on (sleep ending from 18:00 on counts for the next day), kept
  // per hour of the night from 18:00 the evening before, in the end's offset. Asleep adds minutes;
  // Awake only claims the hour for its source; In Bed does nothing.
  sleep(r, cls) {
    const mode = ASLEEP.has(r.value) ? 2 : r.value === SLEEP + "Awake" ? 1 : 0;
    if (mode === 0) return;
    const endHour = Math.floor((((r.end % DAY) + DAY) % DAY) / 3600);
    const night = Math.floor(r.end / DAY) + (endHour >= 18 ? 1 : 0);
    const date = localDate(night * DAY);
    const ws = (night - 1) * DAY + 18 * 3600 - r.endOff * 60;
    let t = r.start - r.startOff * 60;
    const end = r.end - r.endOff * 60;
    this.day(date);
    while (t < end) {
      const b = t < ws ? 0 : Math.min(23, Math.floor((t - ws) / 3600));
      const next = b === 23 ? end : Math.min(end, ws + (b + 1) * 3600);
      const key = date + "|" + b;
      let cell = this.cum.sleep.get(key);
      if (!cell) this.cum.sleep.set(key, (cell = [null, null, null]));
      cell[cls] = (cell[cls] ?? 0) + (mode === 2 ? (next - t) / 60 : 0);
      t = next;
    }
  }

  workout(w) {
    const d = this.day(localDate(w.start));
    let s = d.works.get(w.activity);
    if (!s) d.works.set(w.activity, (s = { type: w.activity, count: 0, minutes: 0, distanceKm: 0, kcal: 0 }));
    s.count++;
    s.minutes += Number(w.duration);
    const stat = (pred, table) => (w.stats ?? []).filter((x) => x.sum !== undefined && pred(x.type)).reduce((a, x) => a + Number(x.sum) * table[x.unit], 0);
    s.distanceKm += w.distance !== undefined ? Number(w.distance) * KM[w.distanceUnit] : stat((t) => t.startsWith(Q + "Distance"), KM);
    s.kcal += w.energy !== undefined ? Number(w.energy) * KCAL[w.energyUnit] : stat((t) => t === T.energy, KCAL);
  }

  /** Per-day results as the app's /days answers them (rounded the same way). */
  result() {
    const total = (map, date) => {
      let sum = null;
      for (let h = 0; h < 24; h++) {
        const cell = map.get(date + "|" + h);
        if (!cell) continue;
        const v = cell.find((x) => x !== null);
        if (v !== undefined) sum = (sum ?? 0) + v;
      }
      return sum;
    };
    const out = [];
    for (const date of [...this.days.keys()].sort()) {
      const d = this.days.get(date);
      const sleep = total(this.cum.sleep, date);
      const steps = total(this.cum.steps, date);
      const km = total(this.cum.distance, date);
      const kcal = total(this.cum.energy, date);
      const day = {
        date,
        steps: round(steps, 0),
        distanceKm: round(km, 3),
        activeKcal: round(kcal, 1),
        heartRate: d.hr ? { min: round(d.hr.min, 1), avg: round(d.hr.sum / d.hr.count, 1), max: round(d.hr.max, 1), count: d.hr.count } : null,
        restingHeartRate: d.rest.length ? round(d.rest.reduce((a, b) => a + b, 0) / d.rest.length, 1) : null,
        sleepMinutes: round(sleep, 1),
        workouts: [...d.works.values()].sort((a, b) => (a.type < b.type ? -1 : 1)).map((s) => ({
          type: s.type, count: s.count, minutes: round(s.minutes, 1), distanceKm: round(s.distanceKm, 3), kcal: round(s.kcal, 1),
        })),
      };
      // A day with only "in bed" sleep or nothing the app keeps does not appear.
      if (steps === null && km === null && kcal === null && !d.hr && !d.rest.length && sleep === null && !d.works.size) continue;
      out.push(day);
    }
    return out;
  }
}

export function round(x, decimals) {
  if (x === null || x === undefined) return null;
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
}

// ---- the generator ----

function mulberry32(a) {
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function rngFor(seed, day, salt) {
  return mulberry32((seed * 2654435761) ^ (day * 40503) ^ (salt * 97531));
}

const BASE_DAY = Date.UTC(2023, 0, 2) / 1000 / DAY; // a Monday

/** The offset (minutes east of UTC) of a generated day: winter, summer, a trip west, a trip east. */
export function offsetOf(d) {
  if (d % 365 >= 150 && d % 365 < 160) return -420;
  if (d % 365 >= 200 && d % 365 < 204) return 330;
  if (d % 365 >= 84 && d % 365 < 300) return 120;
  return 60;
}

const int = (r, lo, hi) => lo + Math.floor(r() * (hi - lo + 1));

// Steps and distance share walking intervals: {src, dev, start, end, steps}.
function walks(seed, d) {
  const r = rngFor(seed, d, 1);
  const base = (BASE_DAY + d) * DAY;
  const out = [];
  for (let h = 7; h <= 22; h++) {
    const phone = r() < 0.85;
    const watch = h < 22 && r() < 0.8;
    const other = r() < 0.1;
    if (phone) for (let k = int(r, 1, 3); k > 0; k--) {
      const s = base + h * 3600 + int(r, 0, 55) * 60 + int(r, 0, 59);
      out.push({ src: PHONE, dev: PHONE_DEVICE, start: s, end: s + int(r, 120, 600), steps: int(r, 20, 900) });
    }
    if (watch) for (let k = int(r, 1, 4); k > 0; k--) {
      const s = base + h * 3600 + int(r, 0, 57) * 60;
      out.push({ src: WATCH, dev: WATCH_DEVICE, start: s, end: s + int(r, 60, 300), steps: int(r, 10, 700) });
    }
    if (other) {
      const s = base + h * 3600 + int(r, 0, 50) * 60;
      out.push({ src: PEDOMETER, dev: undefined, start: s, end: s + 300, steps: int(r, 50, 400) });
    }
  }
  return out;
}

function* stepsOf(seed, d) {
  const off = offsetOf(d);
  for (const w of walks(seed, d)) {
    yield { type: T.steps, source: w.src, device: w.dev, unit: "count", value: String(w.steps), start: w.start, startOff: off, end: w.end, endOff: off };
  }
}

function* distanceOf(seed, d) {
  const off = offsetOf(d);
  for (const w of walks(seed, d)) {
    const km = w.steps * 0.00072;
    let unit = "km";
    let value = km.toFixed(5);
    if (w.src === PHONE && d % 2 === 1) { unit = "mi"; value = (km / 1.609344).toFixed(6); }
    if (w.src === PEDOMETER) { unit = "m"; value = (km * 1000).toFixed(1); }
    yield { type: T.distance, source: w.src, device: w.dev, unit, value, start: w.start, startOff: off, end: w.end, endOff: off };
  }
}

function* everyMinutes(seed, d, salt, perDay, make) {
  const r = rngFor(seed, d, salt);
  const base = (BASE_DAY + d) * DAY;
  const n = Math.max(1, Math.round(perDay));
  const step = DAY / n;
  for (let i = 0; i < n; i++) {
    const s = base + Math.floor(i * step) + int(r, 0, Math.max(0, Math.floor(step) - 61));
    yield make(r, s);
  }
}

function* energyOf(seed, d, density) {
  const off = offsetOf(d);
  const unit = d % 7 === 3 ? "kJ" : "kcal";
  yield* everyMinutes(seed, d, 3, 48 * density, (r, s) => {
    const kcal = 0.2 + r() * 25;
    return { type: T.energy, source: WATCH, device: WATCH_DEVICE, unit, value: (unit === "kJ" ? kcal * 4.184 : kcal).toFixed(3), start: s, startOff: off, end: s + 60, endOff: off };
  });
  // Another app writes energy in kJ in hours the watch also covers: it must lose to the watch.
  const r = rngFor(seed, d, 33);
  for (let k = 0; k < 2; k++) {
    const s = (BASE_DAY + d) * DAY + int(r, 8, 20) * 3600;
    yield { type: T.energy, source: STRAVA, unit: "kJ", value: (r() * 900).toFixed(2), start: s, startOff: off, end: s + 1800, endOff: off };
  }
}

function* heartOf(seed, d, density) {
  const off = offsetOf(d);
  let i = 0;
  yield* everyMinutes(seed, d, 4, 96 * density, (r, s) => {
    const rec = { type: T.hr, source: WATCH, device: WATCH_DEVICE, unit: "count/min", value: String(int(r, 48, 165)), start: s, startOff: off, end: s, endOff: off };
    if (i++ % 10 === 0) rec.meta = [["HKMetadataKeyHeartRateMotionContext", "1"]];
    return rec;
  });
  const r = rngFor(seed, d, 44);
  const s = (BASE_DAY + d) * DAY + int(r, 9, 20) * 3600;
  yield { type: T.hr, source: POLAR, unit: "count/min", value: String(int(r, 60, 140)) + ".5", start: s, startOff: off, end: s + 5, endOff: off };
}

function* restOf(seed, d) {
  const r = rngFor(seed, d, 5);
  const off = offsetOf(d);
  const s = (BASE_DAY + d) * DAY + 60;
  yield { type: T.rest, source: WATCH, device: WATCH_DEVICE, unit: "count/min", value: String(int(r, 50, 64)), start: s, startOff: off, end: s + 86000, endOff: off };
}

function* sleepOf(seed, d) {
  // The night that ends on day d: it starts late on d-1, whose offset may differ (a trip, a DST
  // change). Times are made as UTC instants and written in the offset in force before or after
  // local midnight, so durations stay true across the change.
  if (d === 0) return;
  const r = rngFor(seed, d, 6);
  const offStart = offsetOf(d - 1);
  const offEnd = offsetOf(d);
  const midnight = (BASE_DAY + d) * DAY - offStart * 60; // local midnight before day d, in UTC
  const bed = midnight - int(r, 30, 120) * 60;
  const wake = midnight + int(r, 360, 450) * 60;
  const mk = (source, device, value, s, e) => {
    const so = s < midnight ? offStart : offEnd;
    const eo = e < midnight ? offStart : offEnd;
    return { type: T.sleep, source, device, value: SLEEP + value, start: s + so * 60, startOff: so, end: e + eo * 60, endOff: eo };
  };
  yield mk(PHONE, PHONE_DEVICE, "InBed", bed - 600, wake + 300);
  if (d % 11 === 0) return; // only "in bed": no sleep that night
  if (d % 5 !== 4) {
    const stages = d < 30 ? ["Asleep"] : ["AsleepCore", "AsleepDeep", "AsleepCore", "AsleepREM", "Awake"];
    let t = bed + 300;
    let i = 0;
    while (t < wake) {
      const e = Math.min(wake, t + int(r, 15, 70) * 60);
      yield mk(WATCH, WATCH_DEVICE, stages[i++ % stages.length], t, e);
      t = e;
    }
  }
  yield mk(AUTOSLEEP, undefined, "AsleepUnspecified", bed + 900, wake - 600);
  // A nap in the afternoon counts for the same day.
  if (d % 3 === 0) {
    const nap = (BASE_DAY + d) * DAY - offEnd * 60 + 14 * 3600;
    yield { type: T.sleep, source: WATCH, device: WATCH_DEVICE, value: SLEEP + "AsleepUnspecified", start: nap + offEnd * 60, startOff: offEnd, end: nap + offEnd * 60 + 1200, endOff: offEnd };
  }
}

function* unknownOf(seed, d, density) {
  const off = offsetOf(d);
  yield* everyMinutes(seed, d, 7, 96 * density, (r, s) => ({
    type: T.basal, source: WATCH, device: WATCH_DEVICE, unit: "kcal", value: (1 + r() * 2).toFixed(3), start: s, startOff: off, end: s + 900, endOff: off,
  }));
  yield* everyMinutes(seed, d, 8, 20 * density, (r, s) => ({
    type: T.audio, source: PHONE, device: PHONE_DEVICE, unit: "dBASPL", value: (40 + r() * 40).toFixed(2), start: s, startOff: off, end: s + 1800, endOff: off,
  }));
  yield* everyMinutes(seed, d, 9, 2, (r, s) => ({
    type: T.hrv, source: WATCH, device: WATCH_DEVICE, unit: "ms", value: (20 + r() * 60).toFixed(4), start: s, startOff: off, end: s + 60, endOff: off,
    hrv: Array.from({ length: 8 }, () => int(r, 55, 80)),
  }));
  yield* everyMinutes(seed, d, 10, 12, (r, s) => ({
    type: T.resp, source: WATCH, device: WATCH_DEVICE, unit: "count/min", value: (12 + r() * 6).toFixed(1), start: s, startOff: off, end: s + 300, endOff: off,
  }));
  yield* everyMinutes(seed, d, 11, 14, (r, s) => ({
    type: T.stand, source: WATCH, device: WATCH_DEVICE, value: "HKCategoryValueAppleStandHourStood", start: s - (s % 3600), startOff: off, end: s - (s % 3600) + 3600, endOff: off,
  }));
}

const ACTIVITIES = ["Running", "Walking", "Cycling"];

function* workoutsOf(seed, d) {
  if (d % 2 !== 0) return;
  const r = rngFor(seed, d, 12);
  const off = offsetOf(d);
  const start = (BASE_DAY + d) * DAY + 18 * 3600 + int(r, 0, 59) * 60;
  const minutes = 20 + r() * 60;
  const activity = ACTIVITIES[(d / 2) % 3];
  const km = activity === "Cycling" ? minutes * 0.4 : activity === "Running" ? minutes * 0.18 : minutes * 0.09;
  const kcal = minutes * (activity === "Walking" ? 4.5 : 10.5);
  const w = { activity, source: WATCH, device: WATCH_DEVICE, start, end: start + Math.round(minutes * 60) + 120, off, duration: minutes.toFixed(6) };
  const distType = activity === "Cycling" ? Q + "DistanceCycling" : T.distance;
  if (d % 4 === 0) {
    // Before iOS 16: totals as attributes, miles on some days.
    if (d % 8 === 0) { w.distance = (km / 1.609344).toFixed(6); w.distanceUnit = "mi"; } else { w.distance = km.toFixed(6); w.distanceUnit = "km"; }
    w.energy = kcal.toFixed(3);
    w.energyUnit = "kcal";
  } else {
    w.stats = [
      { type: T.energy, sum: (kcal * 4.184).toFixed(3), unit: "kJ" },
      { type: distType, sum: km.toFixed(6), unit: "km" },
      { type: T.hr, unit: "count/min" },
    ];
    w.nestedStats = [{ type: T.energy, sum: kcal.toFixed(3), unit: "kcal" }];
  }
  yield w;
  if (d % 6 === 0) {
    const s2 = (BASE_DAY + d) * DAY + 8 * 3600;
    yield { activity: "Walking", source: PHONE, device: PHONE_DEVICE, start: s2, end: s2 + 900, off, duration: "15", distance: "1200", distanceUnit: "m", energy: "210", energyUnit: "kJ" };
  }
}

function correlationXml(seed, d) {
  const r = rngFor(seed, d, 13);
  const off = offsetOf(d);
  const s = (BASE_DAY + d) * DAY + 8 * 3600;
  const sys = { type: T.systolic, source: "Withings", unit: "mmHg", value: String(int(r, 110, 135)), start: s, startOff: off, end: s, endOff: off };
  const dia = { ...sys, type: T.diastolic, value: String(int(r, 70, 88)) };
  return [
    recordXml(sys) + recordXml(dia),
    ` <Correlation type="HKCorrelationTypeIdentifierBloodPressure" sourceName="Withings" sourceVersion="6.1" creationDate="${stamp(s, off)}" startDate="${stamp(s, off)}" endDate="${stamp(s, off)}">\n` +
      `  <MetadataEntry key="HKWasUserEntered" value="0"/>\n  ${recordXml(sys).trim()}\n  ${recordXml(dia).trim()}\n </Correlation>\n`,
  ];
}

function activitySummaryXml(d) {
  return ` <ActivitySummary dateComponents="${localDate((BASE_DAY + d) * DAY)}" activeEnergyBurned="512.3" activeEnergyBurnedGoal="600" activeEnergyBurnedUnit="kcal" appleMoveTime="0" appleMoveTimeGoal="0" appleExerciseTime="34" appleExerciseTimeGoal="30" appleStandHours="11" appleStandHoursGoal="12"/>\n`;
}

export function header(exportDate = "2025-01-15 09:30:00 +0100") {
  return (
    DTD +
    `<HealthData locale="en_DE">\n <ExportDate value="${exportDate}"/>\n` +
    ` <Me HKCharacteristicTypeIdentifierDateOfBirth="1985-04-12" HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexFemale" HKCharacteristicTypeIdentifierBloodType="HKBloodTypeNotSet" HKCharacteristicTypeIdentifierFitzpatrickSkinType="HKFitzpatrickSkinTypeNotSet" HKCharacteristicTypeIdentifierCardioFitnessMedicationsUse="None"/>\n`
  );
}

export const FOOTER = "</HealthData>\n";

/**
 * Writes a whole export through write(string), type by type as the Health app does. Options:
 * days, density (multiplies the frequent types), seed, expected (an Expected to feed).
 */
export function generate(write, { days = 3, density = 1, seed = 1, expected = null } = {}) {
  write(header());
  const recordTypes = [
    (d) => stepsOf(seed, d),
    (d) => distanceOf(seed, d),
    (d) => unknownOf(seed, d, density),
    (d) => energyOf(seed, d, density),
    (d) => heartOf(seed, d, density),
    (d) => restOf(seed, d),
    (d) => sleepOf(seed, d),
  ];
  let records = 0;
  for (const gen of recordTypes) {
    for (let d = 0; d < days; d++) {
      for (const r of gen(d)) {
        write(recordXml(r));
        records++;
        if (expected) expected.record(r);
      }
    }
  }
  for (let d = 0; d < days; d += 10) write(correlationXml(seed, d).join(""));
  for (let d = 0; d < days; d++) {
    for (const w of workoutsOf(seed, d)) {
      write(workoutXml(w));
      records++;
      if (expected) expected.workout(w);
    }
  }
  for (let d = 0; d < days; d++) write(activitySummaryXml(d));
  write(FOOTER);
  return records;
}

// Bytes of one day at a density, to size a file.
function dayBytes(density) {
  let n = 0;
  generate((s) => (n += s.length), { days: 4, density });
  let h = 0;
  generate((s) => (h += s.length), { days: 0, density });
  return (n - h) / 4;
}

/** Days and density for a file of about size bytes: about 400 KB a day, like a busy real export. */
export function plan(size) {
  const days = Math.max(2, Math.min(3650, Math.round(size / 400000)));
  const f = dayBytes(0);
  const v = dayBytes(1) - f;
  const density = Math.max(0.05, (size / days - f) / v);
  return { days, density };
}

/** Streams an export of about size bytes to path; {bytes, records, days, expected}. */
export function writeExport(path, size, { seed = 1, expected = false } = {}) {
  const { days, density } = plan(size);
  const exp = expected ? new Expected() : null;
  const fd = openSync(path, "w");
  // Strings are encoded straight into one reused buffer: no big strings for the collector.
  const buf = Buffer.allocUnsafe(8 << 20);
  let at = 0;
  let bytes = 0;
  const flush = () => {
    writeSync(fd, buf, 0, at);
    bytes += at;
    at = 0;
  };
  let records;
  try {
    records = generate(
      (s) => {
        if (at + s.length * 3 > buf.length) flush();
        if (s.length * 3 > buf.length) {
          const big = Buffer.from(s, "utf8");
          writeSync(fd, big);
          bytes += big.length;
        } else {
          at += buf.write(s, at, "utf8");
        }
      },
      { days, density, seed, expected: exp },
    );
    flush();
  } finally {
    closeSync(fd);
  }
  return { bytes, records, days, expected: exp };
}

/** A whole export in memory (small sizes): {xml: Buffer, expected: Expected}. */
export function buildExport({ days = 3, density = 1, seed = 1 } = {}) {
  const expected = new Expected();
  const parts = [];
  generate((s) => parts.push(s), { days, density, seed, expected });
  return { xml: Buffer.from(parts.join(""), "utf8"), expected };
}

/** The fixed small dataset: three days (a mile day, a kJ day, a workout with statistics). */
export function smallExport() {
  return buildExport({ days: 3, density: 0.25, seed: 7 });
}

// ---- zip ----

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(buf) {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A zip archive of [{name, data}] (deflated; folders as entries ending in "/"). */
export function makeZip(entries) {
  const locals = [];
  const central = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const nameBuf = Buffer.from(name, "utf8");
    const raw = data ? Buffer.from(data) : Buffer.alloc(0);
    const packed = raw.length ? deflateRawSync(raw) : raw;
    const method = raw.length ? 8 : 0;
    const crc = crc32(raw);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(0x00210000, 10); // 1980-01-01 00:00
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    local.writeUInt16LE(0, 28);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(0x0800, 8);
    cd.writeUInt16LE(method, 10);
    cd.writeUInt32LE(0x00210000, 12);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(packed.length, 20);
    cd.writeUInt32LE(raw.length, 24);
    cd.writeUInt16LE(nameBuf.length, 28);
    cd.writeUInt32LE(name.endsWith("/") ? 0x10 : 0, 38);
    cd.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, packed);
    central.push(cd, nameBuf);
    offset += 30 + nameBuf.length + packed.length;
  }
  const cdBuf = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cdBuf.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cdBuf, end]);
}

/** export.zip as the Health app makes it, around an export.xml. */
export function exportZip(xml) {
  const cda = `<?xml version="1.0" encoding="UTF-8"?>\n<ClinicalDocument xmlns="urn:hl7-org:v3"><title>Health Data</title></ClinicalDocument>\n`;
  return makeZip([
    { name: "apple_health_export/" },
    { name: "apple_health_export/export_cda.xml", data: Buffer.from(cda) },
    { name: "apple_health_export/export.xml", data: xml },
    { name: "apple_health_export/workout-routes/" },
    { name: "apple_health_export/workout-routes/route_2023-01-02_6.00pm.gpx", data: Buffer.from("<gpx/>") },
  ]);
}

// ---- command line ----

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const zip = args.includes("--zip");
  const seedAt = args.indexOf("--seed");
  const seed = seedAt >= 0 ? Number(args[seedAt + 1]) : 1;
  const [out, sizeArg] = args.filter((a, i) => !a.startsWith("--") && (seedAt < 0 || i !== seedAt + 1));
  const size = Number(sizeArg);
  if (!out || !Number.isFinite(size) || size <= 0 || !Number.isInteger(seed)) {
    console.error("usage: node test/gen-export.mjs OUT.xml SIZE_BYTES [--seed N] [--zip]");
    process.exit(2);
  }
  const t0 = process.hrtime.bigint();
  if (zip) {
    const { days, density } = plan(size);
    const parts = [];
    generate((s) => parts.push(s), { days, density, seed });
    const xml = Buffer.from(parts.join(""), "utf8");
    writeFileSync(out, exportZip(xml));
    console.log(`wrote ${out}: export.xml of ${xml.length} bytes, ${days} days, zipped`);
  } else {
    const { bytes, records, days } = writeExport(out, size, { seed });
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    console.log(`wrote ${out}: ${bytes} bytes, ${records} records, ${days} days in ${s.toFixed(2)} s (${(bytes / 1e6 / s).toFixed(0)} MB/s)`);
  }
}
