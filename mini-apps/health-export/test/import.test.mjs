// The import's numbers: a hand-written export whose totals are worked out by hand (source
// priority, units, local dates, sleep by night, workouts, heart rate), generated exports checked
// against the generator's own model, zip import, steps of any size, chunk boundaries, CSV, the API.
import assert from "node:assert/strict";
import { afterEach, beforeEach, test } from "node:test";
import { buildExport, exportZip, makeZip, smallExport, DTD, header, recordXml, FOOTER, WATCH, WATCH_DEVICE, T } from "./gen-export.mjs";
import { days, enc, importFile, newApp, startImport } from "./helpers.mjs";

let app;
beforeEach(async () => {
  app = await newApp();
});
afterEach(() => app.close());

const W = `sourceName="Ada&apos;s Apple Watch" sourceVersion="10.1" device="&lt;&lt;HKDevice: 0x281c2d400&gt;, name:Apple Watch, manufacturer:Apple Inc., model:Watch, hardware:Watch6,2, software:10.1&gt;"`;
const P = `sourceName="Ada’s iPhone" sourceVersion="17.1" device="&lt;&lt;HKDevice: 0x281c2d9a0&gt;, name:iPhone, manufacturer:Apple Inc., model:iPhone, hardware:iPhone14,5, software:17.1&gt;"`;
const P2 = `sourceName="Ada&#8217;s iPhone" sourceVersion="17.1"`; // the same source, by character reference
const O = (name) => `sourceName="${name}" sourceVersion="1.0"`;
const rec = (type, src, unit, start, end, value) =>
  ` <Record type="HKQuantityTypeIdentifier${type}" ${src}${unit ? ` unit="${unit}"` : ""} creationDate="${end}" startDate="${start}" endDate="${end}" value="${value}"/>\n`;
const sleep = (src, value, start, end) =>
  ` <Record type="HKCategoryTypeIdentifierSleepAnalysis" ${src} creationDate="${end}" startDate="${start}" endDate="${end}" value="HKCategoryValueSleepAnalysis${value}"/>\n`;
const d5 = (t) => `2024-03-05 ${t} +0100`;

// Worked out by hand below each block.
export const HAND = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 14 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary)*)>
<!ATTLIST HealthData
  locale CDATA #REQUIRED
>
<!ATTLIST Odd note CDATA "a quoted ]> is not the end">
<!-- neither is ]> in a comment -->
]>
<!-- the export -->
<HealthData locale="en_US">
 <ExportDate value="2024-03-06 21:00:00 +0100"/>
 <Me HKCharacteristicTypeIdentifierDateOfBirth="1985-04-12" HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexFemale"/>
${""/* Steps, 2024-03-05. Hour 7: watch 900+100 beats phone 1000. Hour 8: phone only, 500. Hour 9: watch 300
    beats phone 700 and another app's 5000. Hour 10: the other app alone, 250. Hour 23 at -0700 is still
    the 5th locally (the 6th in UTC): 400. Total 2450, where summing would give 9150. */}${rec("StepCount", P, "count", d5("07:05:00"), d5("07:15:00"), "1000")}${rec("StepCount", W, "count", d5("07:02:00"), d5("07:12:00"), "900")}${rec("StepCount", W, "count", d5("07:40:00"), d5("07:45:00"), "100")}${rec("StepCount", P2, "count", d5("08:10:00"), d5("08:20:00"), "500")}${rec("StepCount", W, "count", d5("09:00:00"), d5("09:05:00"), "300")}${rec("StepCount", P, "count", d5("09:30:00"), d5("09:40:00"), "700")}${rec("StepCount", O("Pedometer++"), "count", d5("09:10:00"), d5("09:20:00"), "5000")}
 <Record type='HKQuantityTypeIdentifierStepCount' sourceName='Pedometer++' unit='count' startDate='2024-03-05 10:00:00 +0100' endDate='2024-03-05 10:30:00 +0100' value='250'/>
${rec("StepCount", P, "count", "2024-03-05 23:30:00 -0700", "2024-03-05 23:50:00 -0700", "400")}
${""/* Steps, 2024-03-06: 00:30 at +0200 is the 6th locally (the 5th in UTC): 60; hour 12: watch 750 beats
    phone 800. Total 810. */}${rec("StepCount", W, "count", "2024-03-06 00:30:00 +0200", "2024-03-06 00:40:00 +0200", "60")}${rec("StepCount", P, "count", "2024-03-06 12:00:00 +0100", "2024-03-06 12:20:00 +0100", "800")}${rec("StepCount", W, "count", "2024-03-06 12:10:00 +0100", "2024-03-06 12:15:00 +0100", "750")}
${""/* Distance, 2024-03-05: hour 7 watch 0.8 km beats phone 1 mi; hour 8 phone 400 m; hour 11 watch
    1.25 km. Total 2.45 km. */}${rec("DistanceWalkingRunning", P, "mi", d5("07:05:00"), d5("07:15:00"), "1")}${rec("DistanceWalkingRunning", W, "km", d5("07:02:00"), d5("07:12:00"), "0.8")}${rec("DistanceWalkingRunning", P, "m", d5("08:10:00"), d5("08:20:00"), "400")}${rec("DistanceWalkingRunning", W, "km", d5("11:00:00"), d5("11:30:00"), "1.25")}
 <?health-export a processing instruction?>
 <!-- a comment between records -->
${""/* Active energy, 2024-03-05: hour 7 watch 100 kcal beats an app's 418.4 kJ; hour 13 the app's
    41.84 kJ = 10 kcal; hour 14 watch 209.2 kJ = 50 kcal. Total 160 kcal. */}${rec("ActiveEnergyBurned", W, "kcal", d5("07:00:00"), d5("07:59:00"), "100")}${rec("ActiveEnergyBurned", O("Strava"), "kJ", d5("07:10:00"), d5("07:50:00"), "418.4")}${rec("ActiveEnergyBurned", O("Strava"), "kJ", d5("13:00:00"), d5("13:30:00"), "41.84")}${rec("ActiveEnergyBurned", W, "kJ", d5("14:00:00"), d5("14:30:00"), "209.2")}
${""/* Heart rate, 2024-03-05: 60, 72, 150, 90.5 and 1.5 count/s = 90: min 60, max 150, avg 92.5, 5 samples. */}${rec("HeartRate", W, "count/min", d5("08:00:00"), d5("08:00:00"), "60")} <Record type="HKQuantityTypeIdentifierHeartRate" ${W} unit="count/min" creationDate="${d5("09:00:00")}" startDate="${d5("09:00:00")}" endDate="${d5("09:00:00")}" value="72">
  <MetadataEntry key="HKMetadataKeyHeartRateMotionContext" value="1"/>
 </Record>
${rec("HeartRate", W, "count/min", d5("18:10:00"), d5("18:10:00"), "150")}${rec("HeartRate", O("Polar &amp; Co"), "count/min", d5("18:20:00"), d5("18:20:00"), "90.5")}${rec("HeartRate", W, "count/s", d5("19:00:00"), d5("19:00:00"), "1.5")}
${""/* Resting heart rate, 2024-03-05: 55 and 57, average 56. */}${rec("RestingHeartRate", W, "count/min", d5("00:01:00"), d5("23:59:00"), "55")}${rec("RestingHeartRate", W, "count/min", d5("06:00:00"), d5("06:01:00"), "57")}
${""/* Sleep, the night ending 2024-03-05, by hour of the night: the watch's Core 10 (before midnight: the
    night is the morning it leads to) + Core 120 + Deep 90 + REM 60 = 280 in the hours 22:00-04:00 beats
    AutoSleep there; from 04:00 the watch has nothing, so AutoSleep's 60 + 60 + 40 count: 440, where
    summing would give 730. Awake and the phone's InBed add nothing. The night ending the 6th has no watch: AutoSleep's
    old-style Asleep from 23:30 +0100 to 07:00 +0200 is 6.5 hours = 390 (the offset changed). */}${sleep(W, "AsleepCore", "2024-03-04 22:50:00 +0100", "2024-03-04 23:00:00 +0100")}${sleep(W, "AsleepCore", "2024-03-04 23:00:00 +0100", d5("01:00:00"))}${sleep(W, "AsleepDeep", d5("01:00:00"), d5("02:30:00"))}${sleep(W, "Awake", d5("02:30:00"), d5("02:45:00"))}${sleep(W, "AsleepREM", d5("02:45:00"), d5("03:45:00"))}${sleep(P, "InBed", "2024-03-04 22:45:00 +0100", d5("07:00:00"))}${sleep(O("AutoSleep"), "AsleepUnspecified", "2024-03-04 23:10:00 +0100", d5("06:40:00"))}${sleep(O("AutoSleep"), "Asleep", d5("23:30:00"), "2024-03-06 07:00:00 +0200")}${sleep(P, "InBed", d5("23:00:00"), "2024-03-06 07:10:00 +0200")}
${""/* Not aggregated: two unknown types (3 records, one with nested beats), a Correlation whose nested
    Record must not count, an ActivitySummary. */}${rec("BasalEnergyBurned", W, "kcal", d5("10:00:00"), d5("10:15:00"), "20")}${rec("BasalEnergyBurned", W, "kcal", d5("10:15:00"), d5("10:30:00"), "21")} <Record type="HKQuantityTypeIdentifierHeartRateVariabilitySDNN" ${W} unit="ms" creationDate="${d5("22:00:00")}" startDate="${d5("22:00:00")}" endDate="${d5("22:01:00")}" value="48.1">
  <HeartRateVariabilityMetadataList>
   <InstantaneousBeatsPerMinute bpm="61" time="10:00:00.00 PM"/>
   <InstantaneousBeatsPerMinute bpm="63" time="10:00:01.00 PM"/>
  </HeartRateVariabilityMetadataList>
 </Record>
 <Correlation type="HKCorrelationTypeIdentifierBloodPressure" ${O("Withings")} startDate="${d5("08:00:00")}" endDate="${d5("08:00:00")}">
  <Record type="HKQuantityTypeIdentifierStepCount" ${W} unit="count" startDate="${d5("08:00:00")}" endDate="${d5("08:00:00")}" value="99999"/>
 </Correlation>
${""/* Workouts. The 5th: Running with totals as attributes (3.1 mi = 4.9889664 km, 300 kcal, 30.5 min);
    Walking with iOS 16 statistics (1.5 km, 418.4 kJ = 100 kcal, 20 min), whose nested WorkoutActivity
    statistics must not count again. The 6th: Cycling from the phone without a duration attribute
    (18:00 to 18:45 = 45 min, 15000 m = 15 km, 1046 kJ = 250 kcal). */} <Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="30.5" durationUnit="min" totalDistance="3.1" totalDistanceUnit="mi" totalEnergyBurned="300" totalEnergyBurnedUnit="kcal" ${W} creationDate="${d5("18:40:00")}" startDate="${d5("18:00:00")}" endDate="${d5("18:31:00")}">
  <MetadataEntry key="HKIndoorWorkout" value="0"/>
  <WorkoutEvent type="HKWorkoutEventTypeSegment" date="${d5("18:05:00")}" duration="5" durationUnit="min"/>
  <WorkoutRoute ${W} creationDate="${d5("18:40:00")}" startDate="${d5("18:00:00")}" endDate="${d5("18:31:00")}">
   <FileReference path="/workout-routes/route_2024-03-05_6.31pm.gpx"/>
  </WorkoutRoute>
 </Workout>
 <Workout workoutActivityType="HKWorkoutActivityTypeWalking" duration="20" durationUnit="min" ${W} creationDate="${d5("19:30:00")}" startDate="${d5("19:00:00")}" endDate="${d5("19:20:00")}">
  <WorkoutActivity uuid="A" startDate="${d5("19:00:00")}" endDate="${d5("19:20:00")}">
   <WorkoutStatistics type="HKQuantityTypeIdentifierActiveEnergyBurned" startDate="${d5("19:00:00")}" endDate="${d5("19:20:00")}" sum="999" unit="kcal"/>
  </WorkoutActivity>
  <WorkoutStatistics type="HKQuantityTypeIdentifierActiveEnergyBurned" startDate="${d5("19:00:00")}" endDate="${d5("19:20:00")}" sum="418.4" unit="kJ"/>
  <WorkoutStatistics type="HKQuantityTypeIdentifierDistanceWalkingRunning" startDate="${d5("19:00:00")}" endDate="${d5("19:20:00")}" sum="1.5" unit="km"/>
  <WorkoutStatistics type="HKQuantityTypeIdentifierHeartRate" startDate="${d5("19:00:00")}" endDate="${d5("19:20:00")}" average="101" minimum="90" maximum="120" unit="count/min"/>
 </Workout>
 <Workout workoutActivityType="HKWorkoutActivityTypeCycling" totalDistance="15000" totalDistanceUnit="m" totalEnergyBurned="1046" totalEnergyBurnedUnit="kJ" ${P} startDate="2024-03-06 18:00:00 +0100" endDate="2024-03-06 18:45:00 +0100"/>
 <ActivitySummary dateComponents="2024-03-05" activeEnergyBurned="160" activeEnergyBurnedGoal="500" activeEnergyBurnedUnit="kcal"/>
</HealthData>
`;

export const HAND_DAYS = [
  {
    date: "2024-03-05",
    steps: 2450,
    distanceKm: 2.45,
    activeKcal: 160,
    heartRate: { min: 60, avg: 92.5, max: 150, count: 5 },
    restingHeartRate: 56,
    sleepMinutes: 440,
    workouts: [
      { type: "Running", count: 1, minutes: 30.5, distanceKm: 4.989, kcal: 300 },
      { type: "Walking", count: 1, minutes: 20, distanceKm: 1.5, kcal: 100 },
    ],
  },
  {
    date: "2024-03-06",
    steps: 810,
    distanceKm: null,
    activeKcal: null,
    heartRate: null,
    restingHeartRate: null,
    sleepMinutes: 390,
    workouts: [{ type: "Cycling", count: 1, minutes: 45, distanceKm: 15, kcal: 250 }],
  },
];

test("a hand-checked export: priority not sum, units, local dates, sleep per night, workouts, heart rate", async () => {
  const { status, steps } = await importFile(app, "inbox/export.xml", enc(HAND));
  assert.equal(status.state, "done", JSON.stringify(status));
  assert.equal(steps, 1);
  assert.equal(status.records, 39);
  assert.equal(status.skipped, 5, "3 unknown-type records, a Correlation, an ActivitySummary");
  assert.equal(status.problems, 0);
  assert.equal(status.percent, 100);
  assert.deepEqual(status.warnings, []);
  assert.deepEqual(await days(app), HAND_DAYS);
  assert.deepEqual(await days(app, "from=2024-03-06&to=2024-03-06"), [HAND_DAYS[1]]);
  assert.deepEqual(await days(app, "to=2024-03-05"), [HAND_DAYS[0]]);
  assert.deepEqual(await days(app, "from=2024-03-07"), []);

  const s = (await app.request("GET", "/summary")).json();
  assert.equal(s.from, "2024-03-05");
  assert.equal(s.to, "2024-03-06");
  assert.equal(s.days, 2);
  assert.equal(s.records, 39);
  assert.equal(s.exportDate, "2024-03-06 21:00:00 +0100");
  assert.equal(s.unknownTypes, 2);
  assert.equal(s.unknownRecords, 3);
  assert.equal(s.otherElements, 2);
  const types = Object.fromEntries(s.types.map((t) => [t.type.replace(/^HK\w+?TypeIdentifier/, ""), [t.records, t.known]]));
  assert.deepEqual(types, {
    StepCount: [12, true], SleepAnalysis: [9, true], HeartRate: [5, true], DistanceWalkingRunning: [4, true],
    ActiveEnergyBurned: [4, true], BasalEnergyBurned: [2, false], RestingHeartRate: [2, true], HeartRateVariabilitySDNN: [1, false],
  });
  const sources = Object.fromEntries(s.sources.map((x) => [x.name, [x.kind, x.records]]));
  assert.deepEqual(sources, {
    "Ada's Apple Watch": ["watch", 22],
    "Ada’s iPhone": ["phone", 10],
    "Pedometer++": ["other", 2],
    Strava: ["other", 2],
    AutoSleep: ["other", 2],
    "Polar & Co": ["other", 1],
  });
  assert.deepEqual(s.workoutTypes.map((w) => w.type), ["Cycling", "Running", "Walking"]);
  assert.equal(app.files.has("work/export.xml"), false);
});

test("CSV export: a header and one row per day, empty cells for no data", async () => {
  await importFile(app, "inbox/export.xml", enc(HAND));
  const res = await app.request("GET", "/export.csv");
  assert.equal(res.status, 200);
  assert.match(res.headers["content-type"], /^text\/csv/);
  assert.equal(
    res.body,
    "date,steps,distance_km,active_kcal,heart_rate_min,heart_rate_avg,heart_rate_max,heart_rate_samples,resting_heart_rate,sleep_minutes,workouts,workout_minutes,workout_km,workout_kcal,workout_types\r\n" +
      "2024-03-05,2450,2.45,160,60,92.5,150,5,56,440,2,50.5,6.489,400,Running;Walking\r\n" +
      "2024-03-06,810,,,,,,,,390,1,45,15,250,Cycling\r\n",
  );
  const one = await app.request("GET", "/export.csv", { query: "from=2024-03-06" });
  assert.equal(one.body.split("\r\n").length, 3);
  const json = await app.request("GET", "/export.json");
  assert.equal(json.status, 200);
  assert.deepEqual(json.json(), HAND_DAYS);
});

test("generated exports match the generator's model of the rules", async () => {
  const { xml, expected } = smallExport();
  const { status } = await importFile(app, "inbox/export.xml", xml);
  assert.equal(status.state, "done");
  assert.equal(status.problems, 0);
  const got = await days(app);
  assert.deepEqual(got, expected.result());
  assert.equal(got.length, 3);

  const big = buildExport({ days: 40, density: 0.5, seed: 11 });
  const again = await importFile(app, "inbox/export2.xml", big.xml);
  assert.equal(again.status.state, "done");
  assert.deepEqual(await days(app), big.expected.result(), "a second import replaces the first");
});

test("export.zip: export.xml is taken out (not export_cda.xml), read, and its copy deleted", async () => {
  const { xml, expected } = smallExport();
  const { status } = await importFile(app, "inbox/export.zip", exportZip(xml));
  assert.equal(status.state, "done", JSON.stringify(status));
  assert.equal(status.path, "inbox/export.zip");
  assert.equal(status.size, xml.length);
  assert.deepEqual(await days(app), expected.result());
  assert.equal(app.files.has("work/export.xml"), false, "the unzipped copy is gone");
  assert.equal(app.files.has("inbox/export.zip"), true, "the upload stays unless asked");

  // A bare export.xml at the top of a zip, and removeSource.
  const flat = makeZip([{ name: "export_cda.xml", data: enc("<ClinicalDocument/>") }, { name: "export.xml", data: xml }]);
  app.files.set("inbox/flat.zip", flat);
  let s = (await startImport(app, { path: "inbox/flat.zip", removeSource: true })).json();
  while (s.state === "running") s = (await app.request("POST", "/import/step")).json();
  assert.equal(s.state, "done");
  assert.equal(app.files.has("inbox/flat.zip"), false);
  assert.deepEqual(await days(app), expected.result());
});

test("a zip without export.xml, or not a zip at all, fails the job with a reason", async () => {
  app.files.set("inbox/a.zip", makeZip([{ name: "apple_health_export/export_cda.xml", data: enc("<x/>") }]));
  let s = (await startImport(app, { path: "inbox/a.zip" })).json();
  assert.equal(s.state, "failed");
  assert.match(s.error, /no export\.xml/);
  app.files.set("inbox/b.zip", enc("this is not a zip file at all"));
  s = (await startImport(app, { path: "inbox/b.zip", removeSource: true })).json();
  assert.equal(s.state, "failed");
  assert.match(s.error, /not a zip/);
  assert.equal(app.files.has("inbox/b.zip"), true, "a failed import keeps the upload");
  app.files.set("inbox/c.zip", Buffer.concat([Buffer.from([0x50, 0x4b, 3, 4]), Buffer.alloc(100)]));
  s = (await startImport(app, { path: "inbox/c.zip" })).json();
  assert.equal(s.state, "failed");
  assert.deepEqual((await app.request("GET", "/import")).json().state, "failed");
});

test("many small steps give exactly what one step gives", async () => {
  const { xml } = buildExport({ days: 12, density: 1, seed: 3 });
  const one = await importFile(app, "inbox/export.xml", xml);
  assert.equal(one.steps, 1);
  const oneDays = await days(app);
  const oneSummary = (await app.request("GET", "/summary")).json();

  const other = await newApp();
  try {
    const many = await importFile(other, "inbox/export.xml", xml, { budget: 65536 });
    assert.ok(many.steps >= Math.floor(xml.length / 65536), `${many.steps} steps`);
    assert.deepEqual(await days(other), oneDays);
    assert.deepEqual((await other.request("GET", "/summary")).json(), oneSummary);
    assert.equal(many.status.records, one.status.records);
    assert.equal(many.status.skipped, one.status.skipped);
  } finally {
    other.close();
  }
});

test("steps report progress and stop between top-level elements", async () => {
  const { xml } = buildExport({ days: 6, density: 1, seed: 4 });
  app.files.set("inbox/export.xml", xml);
  let s = (await startImport(app, { path: "inbox/export.xml", budget: 65536 })).json();
  assert.equal(s.state, "running");
  assert.equal(s.percent, 0);
  let last = 0;
  const text = xml.toString("latin1");
  while (s.state === "running") {
    const res = await app.request("POST", "/import/step");
    s = res.json();
    if (s.state !== "running") break;
    assert.ok(s.offset >= last + 65536, "at least the budget per step");
    // A step ends just after a top-level element's end ("/>" or "</Record>"…).
    assert.match(text.slice(s.offset - 12, s.offset), /(\/>|<\/\w+>)\n?$/);
    assert.ok(s.percent > 0 && s.percent < 100);
    assert.deepEqual((await app.request("GET", "/import")).json().offset, s.offset);
    assert.ok(s.memoryBytes <= 48 << 20, `memory ${s.memoryBytes}`);
    last = s.offset;
  }
  assert.equal(s.state, "done");
  assert.equal(s.percent, 100);
  assert.deepEqual((await app.request("POST", "/import/step")).json().state, "done", "a finished job stays done");
});

test("elements split across the 1 MiB chunk boundary are read whole", async () => {
  const CHUNK = 1 << 20;
  const r = (value, minute) => ({
    type: T.steps, source: WATCH, device: WATCH_DEVICE, unit: "count", value: String(value),
    start: Date.UTC(2024, 2, 5, 9, minute) / 1000, startOff: 60, end: Date.UTC(2024, 2, 5, 9, minute + 1) / 1000, endOff: 60,
  });
  const head = header();
  const first = recordXml(r(1, 0));
  for (const cut of [1, 2, 9, 40, first.length - 3, first.length - 1, 300]) {
    // Pad with a comment so that the next record straddles the chunk boundary by `cut` bytes.
    const padLen = CHUNK - Buffer.byteLength(head) - cut - 9;
    const pad = ` <!--${"x".repeat(padLen)}-->\n`;
    const huge = { ...r(2, 1), meta: [["note", "y".repeat(900 * 1024)]] }; // 900 KiB, kept whole
    const doc = head + pad + first + recordXml(huge) + recordXml(r(4, 2)) + FOOTER;
    for (const budget of [undefined, 65536]) {
      const a = await newApp();
      try {
        const { status } = await importFile(a, "inbox/export.xml", enc(doc), { budget });
        assert.equal(status.state, "done");
        assert.equal(status.problems, 0, `cut ${cut}`);
        assert.equal((await days(a))[0].steps, 7, `cut ${cut}, budget ${budget}`);
      } finally {
        a.close();
      }
    }
  }
});

test("bad requests are refused with 4xx", async () => {
  const bad = [
    ["not json", "{", 400],
    ["array", "[]", 400],
    ["no path", {}, 400],
    ["path type", { path: 5 }, 400],
    ["outside inbox", { path: "work/export.xml" }, 400],
    ["traversal", { path: "inbox/../job.xml" }, 400],
    ["empty segment", { path: "inbox//export.xml" }, 400],
    ["backslash", { path: "inbox\\export.xml" }, 400],
    ["control", { path: "inbox/a\u0000.xml" }, 400],
    ["extension", { path: "inbox/export.txt" }, 400],
    ["budget small", { path: "inbox/export.xml", budget: 1000 }, 400],
    ["budget large", { path: "inbox/export.xml", budget: 1 << 30 }, 400],
    ["budget fraction", { path: "inbox/export.xml", budget: 65536.5 }, 400],
    ["budget type", { path: "inbox/export.xml", budget: "32M" }, 400],
    ["removeSource type", { path: "inbox/export.xml", removeSource: "yes" }, 400],
    ["missing file", { path: "inbox/nothing.xml" }, 404],
  ];
  for (const [what, body, code] of bad) {
    const res = await app.request("POST", "/import", { body: typeof body === "string" ? body : JSON.stringify(body), headers: { "content-type": "application/json" } });
    assert.equal(res.status, code, what);
    assert.equal(typeof res.json().error, "string", what);
  }
  const text = await app.request("POST", "/import", { body: JSON.stringify({ path: "inbox/a.xml" }), headers: { "content-type": "text/plain" } });
  assert.equal(text.status, 400);
  assert.equal((await app.request("POST", "/import/step")).status, 409);
  assert.deepEqual((await app.request("GET", "/import")).json(), { state: "idle" });
  for (const q of ["from=2024-13-01", "from=2024-02-30", "to=yesterday", "from=2024-03-02&to=2024-03-01", "from=1969-12-31"]) {
    const res = await app.request("GET", "/days", { query: q });
    assert.equal(res.status, 400, q);
    assert.equal((await app.request("GET", "/export.csv", { query: q })).status, 400, q);
  }
  assert.equal((await app.request("GET", "/nothing")).status, 404);
  assert.equal((await app.request("PUT", "/days")).status, 405);
  assert.equal(app.kv.size, 0, "nothing was stored");
});

test("before any import: empty days, empty summary, header-only CSV", async () => {
  assert.deepEqual(await days(app), []);
  const s = (await app.request("GET", "/summary")).json();
  assert.equal(s.days, 0);
  assert.equal(s.from, null);
  assert.deepEqual(s.types, []);
  const csv = (await app.request("GET", "/export.csv")).body;
  assert.equal(csv.split("\r\n").length, 2);
});

test("DELETE /data forgets the aggregates and any job", async () => {
  await importFile(app, "inbox/export.xml", enc(HAND));
  app.files.set("inbox/export.zip", exportZip(enc(HAND)));
  await startImport(app, { path: "inbox/export.zip" });
  assert.equal(app.files.has("work/export.xml"), true);
  const res = await app.request("DELETE", "/data");
  assert.equal(res.status, 204);
  assert.deepEqual(await days(app), []);
  assert.equal((await app.request("GET", "/summary")).json().days, 0);
  assert.deepEqual((await app.request("GET", "/import")).json(), { state: "idle" });
  assert.equal(app.files.has("work/export.xml"), false);
  assert.equal(app.kv.size, 0);
});

test("a new import while one runs replaces it; a step that died is retried with half the budget", async () => {
  const { xml } = buildExport({ days: 6, density: 1, seed: 9 });
  app.files.set("inbox/a.xml", xml);
  app.files.set("inbox/b.xml", enc(HAND));
  await startImport(app, { path: "inbox/a.xml", budget: 1 << 20 });
  await app.request("POST", "/import/step");
  let s = (await startImport(app, { path: "inbox/b.xml" })).json();
  assert.equal(s.offset, 0);
  assert.equal(s.path, "inbox/b.xml");

  await startImport(app, { path: "inbox/a.xml", budget: 1 << 20 });
  app.kv.set("step-lock", enc("0")); // as if a step at offset 0 had been cut off by the deadline
  s = (await app.request("POST", "/import/step")).json();
  assert.ok(s.offset >= 512 * 1024 && s.offset < (1 << 20) + 4096, `offset ${s.offset}`);
  assert.match(s.warnings.join(" "), /halved/);
  assert.equal(app.kv.has("step-lock"), false);
});

test("sleep by hour of the night: a nap the watch caught and another app's night both count; Awake claims its hour", async () => {
  const S = (src, value, start, end) =>
    ` <Record type="HKCategoryTypeIdentifierSleepAnalysis" ${src} startDate="${start}" endDate="${end}" value="HKCategoryValueSleepAnalysis${value}"/>\n`;
  const doc = `<HealthData>\n${
    // The night ending 03-10: no watch; AutoSleep 23:00-07:00 = 480. The watch's nap 14:00-14:30 the
    // 10th counts for the 10th too: 510.
    S(O("AutoSleep"), "AsleepUnspecified", "2024-03-09 23:00:00 +0100", "2024-03-10 07:00:00 +0100") +
    S(W, "AsleepCore", "2024-03-10 14:00:00 +0100", "2024-03-10 14:30:00 +0100") +
    // The night ending 03-11: the watch says Awake 05:00-06:00 and asleep 23:00-05:00 (360); AutoSleep's
    // 05:00-06:00 loses to the watch's Awake; its 06:00-06:30 counts: 390. A nap ending at 18:30 on
    // the 11th belongs to the night ending the 12th.
    S(W, "AsleepDeep", "2024-03-10 23:00:00 +0100", "2024-03-11 05:00:00 +0100") +
    S(W, "Awake", "2024-03-11 05:00:00 +0100", "2024-03-11 06:00:00 +0100") +
    S(O("AutoSleep"), "Asleep", "2024-03-11 05:00:00 +0100", "2024-03-11 06:30:00 +0100") +
    S(P, "InBed", "2024-03-10 22:30:00 +0100", "2024-03-11 06:30:00 +0100") +
    S(W, "AsleepREM", "2024-03-11 18:00:00 +0100", "2024-03-11 18:30:00 +0100")
  }</HealthData>\n`;
  const { status } = await importFile(app, "inbox/export.xml", enc(doc));
  assert.equal(status.state, "done");
  assert.deepEqual((await days(app)).map((d) => [d.date, d.sleepMinutes]), [["2024-03-10", 510], ["2024-03-11", 390], ["2024-03-12", 30]]);
});

test("a step can set the budget for itself and the next steps", async () => {
  const { xml } = buildExport({ days: 6, density: 1, seed: 5 });
  app.files.set("inbox/export.xml", xml);
  await startImport(app, { path: "inbox/export.xml" });
  const step = (body) => app.request("POST", "/import/step", { body: JSON.stringify(body), headers: { "content-type": "application/json" } });
  let s = (await step({ budget: 65536 })).json();
  assert.ok(s.offset >= 65536 && s.offset < 65536 + 4096, `${s.offset}`);
  const before = s.offset;
  s = (await app.request("POST", "/import/step")).json();
  assert.ok(s.offset - before >= 65536 && s.offset - before < 65536 + 4096, "the budget stays");
  for (const bad of [{ budget: 10 }, { budget: "x" }, [], "nope"]) {
    const res = await app.request("POST", "/import/step", { body: typeof bad === "string" ? bad : JSON.stringify(bad), headers: { "content-type": "application/json" } });
    assert.equal(res.status, 400, JSON.stringify(bad));
  }
});
