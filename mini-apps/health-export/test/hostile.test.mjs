// Hostile and broken files: each ends with a clear status (failed with a reason, or done with
// warnings and what was whole), never a crash, and memory stays bounded.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, test } from "node:test";
import { buildExport, header, FOOTER, recordXml, T, WATCH, WATCH_DEVICE } from "./gen-export.mjs";
import { days, enc, importFile, newApp } from "./helpers.mjs";

let app;
beforeEach(async () => {
  app = await newApp();
});
afterEach(() => app.close());

const at = (minute) => Date.UTC(2024, 2, 5, 9, minute) / 1000;
const steps = (value, minute = 0) =>
  recordXml({ type: T.steps, source: WATCH, device: WATCH_DEVICE, unit: "count", value: String(value), start: at(minute), startOff: 60, end: at(minute) + 60, endOff: 60 });
const doc = (...body) => enc(header() + body.join("") + FOOTER);

async function run(bytes, options) {
  const { status } = await importFile(app, "inbox/export.xml", bytes, options);
  assert.doesNotThrow(() => JSON.stringify(status));
  return status;
}

test("not XML at all: failed, saying so", async () => {
  for (const bytes of [enc("hello, world"), Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), randomBytes(3 << 20)]), enc("\u0000\u0001binary"), enc("{\"json\": true}")]) {
    const s = await run(bytes);
    assert.equal(s.state, "failed");
    assert.match(s.error, /not an XML file/);
    assert.ok(s.offset < 1 << 20, "it gives up at once");
  }
});

test("XML without <HealthData>: failed, naming what it found", async () => {
  let s = await run(enc(`<?xml version="1.0"?>\n<!DOCTYPE foo>\n<foo><Record type="x"/></foo>\n`));
  assert.equal(s.state, "failed");
  assert.match(s.error, /not a Health export: the root element is <foo>/);
  s = await run(enc(`<?xml version="1.0"?>\n<!-- only a comment -->\n`));
  assert.equal(s.state, "failed");
  assert.match(s.error, /no <HealthData>/);
  s = await run(enc(`<?xml version="1.0"?>\n<!-- ${"x".repeat(5 << 20)} -->\n<HealthData/>`));
  assert.equal(s.state, "failed");
  assert.match(s.error, /first 4 MiB/);
  s = await run(enc(`<!DOCTYPE HealthData [ ${"<!ELEMENT a EMPTY>".repeat(70000)} ]>\n<HealthData/>`));
  assert.equal(s.state, "failed");
  assert.match(s.error, /DOCTYPE is longer than 1 MiB/);
  s = await run(enc(""));
  assert.equal(s.state, "failed");
  assert.match(s.error, /empty/);
  s = await run(enc(`\ufeff<?xml version="1.0"?><HealthData locale="en"/>`));
  assert.equal(s.state, "done", "a byte-order mark and an empty export are fine");
  assert.equal(s.records, 0);
});

test("cut off in the middle of an element: done with what was whole, and a warning", async () => {
  const whole = header() + steps(1, 0) + steps(2, 1) + steps(4, 2) + FOOTER;
  const third = whole.indexOf("<Record", whole.indexOf("<Record", whole.indexOf("<Record") + 1) + 1);
  const end = whole.length - FOOTER.length;
  for (const [cut, total] of [[third + 30, 3], [third + 200, 3], [end - 2, 3], [end, 7], [whole.length - 5, 7]]) {
    const s = await run(enc(whole.slice(0, cut)));
    assert.equal(s.state, "done");
    assert.match(s.warnings.join(" "), /ends before <\/HealthData>/);
    assert.equal((await days(app))[0].steps, total, `cut at ${cut}`);
  }
  // Cut inside a workout's children: the workout does not count.
  const { xml } = buildExport({ days: 2, density: 0.2, seed: 2 });
  const text = xml.toString("utf8");
  const s = await run(enc(text.slice(0, text.indexOf("<WorkoutRoute") + 40)));
  assert.equal(s.state, "done");
  assert.ok(s.warnings.length > 0);
  assert.deepEqual((await days(app)).flatMap((d) => d.workouts), []);
});

test("an attribute of 5 MB is skipped as one problem, in one step or many", async () => {
  const huge = `<Record type="${T.steps}" sourceName="x" note="${"a".repeat(5 << 20)}" startDate="2024-03-05 09:00:00 +0100" endDate="2024-03-05 09:01:00 +0100" value="1000"/>\n`;
  const bytes = doc(steps(1, 0), huge, steps(2, 1), `<Record note="${"b".repeat(3 << 20)}">\n<MetadataEntry key="k" value="v"/></Record>\n`, steps(4, 2));
  for (const budget of [undefined, 65536]) {
    const s = await run(bytes, { budget });
    assert.equal(s.state, "done");
    assert.equal(s.problems, 2, JSON.stringify(s));
    assert.match(s.warnings.join(" "), /larger than the limits/);
    assert.equal((await days(app))[0].steps, 7);
  }
});

test("garbage bytes and invalid UTF-8: problems counted, the rest imported", async () => {
  const junk = Buffer.concat([
    enc(header() + steps(1, 0)),
    Buffer.from([0xff, 0xfe, 0x00, 0x80, 0x3c, 0x3c, 0x3e, 0x26, 0x26, 0x0a]),
    enc(`<Record type="${T.steps}" sourceName="`),
    Buffer.from([0xc3, 0x28, 0xed, 0xa0, 0x80, 0xf8, 0x88, 0x80, 0x80, 0x80, 0x41]),
    enc(`" unit="count" startDate="2024-03-05 10:01:00 +0100" endDate="2024-03-05 10:02:00 +0100" value="2"/>\n`),
    enc(`<Record type=broken value="x"/>\n<Record type="${T.steps}" unit="count" startDate="yesterday" endDate="today" value="9"/>\n`),
    enc(`<Record type="${T.steps}" unit="count" startDate="2024-03-05 09:03:00 +0100" endDate="2024-03-05 09:04:00 +0100" value="12abc"/>\n`),
    enc(`<Record type="${T.distance}" unit="furlong" startDate="2024-03-05 09:03:00 +0100" endDate="2024-03-05 09:04:00 +0100" value="1"/>\n`),
    enc(`<3 is not a tag\n<![CDATA[ <Record type="${T.steps}" value="1000"/> ]]>\n`),
    enc(steps(4, 2) + FOOTER),
  ]);
  const s = await run(junk);
  assert.equal(s.state, "done");
  assert.equal(s.records, 3);
  assert.ok(s.problems >= 5, JSON.stringify(s));
  assert.match(s.warnings.join(" "), /bad date, value or unit/);
  assert.match(s.warnings.join(" "), /malformed/);
  const d = await days(app);
  assert.equal(d[0].steps, 7);
  const summary = (await app.request("GET", "/summary")).json();
  const names = summary.sources.map((x) => x.name);
  assert.ok(names.some((n) => n.includes("\ufffd")), "invalid UTF-8 becomes U+FFFD");
  for (const n of names) assert.doesNotMatch(n, /[\ud800-\udfff]/u);
});

test("deep nesting: skipped below 64 levels, and a runaway element is cut off", async () => {
  const nest = (n) => "<a>".repeat(n) + "</a>".repeat(n);
  const deepRecord = `<Record type="${T.steps}" sourceName="x" unit="count" startDate="2024-03-05 10:05:00 +0100" endDate="2024-03-05 10:06:00 +0100" value="8">${nest(100000)}</Record>\n`;
  let s = await run(doc(steps(1, 0), deepRecord, steps(2, 1)));
  assert.equal(s.state, "done");
  assert.equal(s.records, 3, "the record still counts: only its deep content is skipped");
  assert.match(s.warnings.join(" "), /deeper than 64/);
  assert.equal((await days(app))[0].steps, 11);

  // 5 MB of nesting inside one record: the record is dropped, the steps end at the limit.
  const runaway = `<Record type="${T.steps}" sourceName="x" unit="count" startDate="2024-03-05 09:05:00 +0100" endDate="2024-03-05 09:06:00 +0100" value="8">${nest(800000)}</Record>\n`;
  for (const budget of [undefined, 65536]) {
    s = await run(doc(steps(1, 0), runaway, steps(2, 1)), { budget });
    assert.equal(s.state, "done");
    assert.equal(s.records, 2);
    assert.equal((await days(app))[0].steps, 3);
  }
  // Never closed: the file ends inside it.
  s = await run(enc(header() + steps(1, 0) + "<a>".repeat(200000)));
  assert.equal(s.state, "done");
  assert.match(s.warnings.join(" "), /ends before/);
});

test("unknown entities are kept as written and counted; bad references too", async () => {
  const s = await run(
    doc(
      `<Record type="${T.steps}" sourceName="A &foo; B &#xD800; C &#65;&#x42;" unit="count" startDate="2024-03-05 09:00:00 +0100" endDate="2024-03-05 09:01:00 +0100" value="5"/>\n`,
      `<Record type="${T.steps}" sourceName="x" unit="count" startDate="2024-03-05 09:02:00 +0100" endDate="2024-03-05 09:03:00 +0100" value="1&bogus;"/>\n`,
      `<Record type="${T.steps}" sourceName="&amp" unit="count" startDate="2024-03-05 09:02:00 +0100" endDate="2024-03-05 09:03:00 +0100" value="&#x31;"/>\n`,
    ),
  );
  assert.equal(s.state, "done");
  assert.equal(s.records, 2);
  assert.match(s.warnings.join(" "), /entity/);
  assert.match(s.warnings.join(" "), /1 record\(s\) with a bad date, value or unit/);
  const names = (await app.request("GET", "/summary")).json().sources.map((x) => x.name);
  assert.ok(names.includes("A &foo; B \ufffd C AB"), names.join("|"));
  assert.ok(names.includes("&amp"));
  assert.equal((await days(app))[0].steps, 6);
});

test("absurd values and dates outside 1970-2149 are refused per record", async () => {
  const rec = (start, end, value, type = T.steps, unit = "count") =>
    `<Record type="${type}" sourceName="x" unit="${unit}" startDate="${start}" endDate="${end}" value="${value}"/>\n`;
  const s = await run(
    doc(
      rec("1969-12-31 23:00:00 +0000", "1969-12-31 23:10:00 +0000", "5"),
      rec("2150-01-01 10:00:00 +0000", "2150-01-01 10:10:00 +0000", "5"),
      rec("2024-02-30 10:00:00 +0100", "2024-02-30 10:10:00 +0100", "5"),
      rec("2024-03-05 25:00:00 +0100", "2024-03-05 25:10:00 +0100", "5"),
      rec("2024-03-05 10:00:00 +0100", "2024-03-05 10:10:00 +0100", "-5"),
      rec("2024-03-05 10:00:00 +0100", "2024-03-05 10:10:00 +0100", "1e999"),
      rec("2024-03-05 10:00:00 +0100", "2024-03-05 10:10:00 +0100", "NaN"),
      rec("2024-03-05 10:00:00 +0100", "2024-03-04 10:00:00 +0100", "HKCategoryValueSleepAnalysisAsleepCore", T.sleep, ""),
      rec("2024-03-05 10:00:00 +0100", "2024-03-05 10:10:00 +0100", "3", T.hr, "count"),
      rec("2024-03-05 10:00:00 Z", "2024-03-05 10:10:00Z", "5"),
      rec("2024-03-05T11:00:00+01:00", "2024-03-05T11:10:00+01:00", "6"),
    ),
  );
  assert.equal(s.state, "done");
  assert.equal(s.records, 2);
  assert.equal(s.skipped, 9);
  const d = await days(app);
  assert.equal(d.length, 1);
  assert.equal(d[0].steps, 11);
});

test("a long comment, PI or CDATA section between records is skipped without a problem", async () => {
  const s = await run(
    doc(steps(1, 0), `<!-- ${"-".repeat(3 << 20)} -->\n`, steps(2, 1), `<?pi ${"?".repeat(2 << 20)}?>\n`, `<![CDATA[${"]".repeat(2 << 20)}]]>\n`, steps(4, 2)),
    { budget: 65536 },
  );
  assert.equal(s.state, "done");
  assert.equal(s.problems, 0);
  assert.equal((await days(app))[0].steps, 7);
});
