// Health Export UI: upload an export into the app's file area, drive the import step by step,
// show the summary and charts of a date range, download CSV/JSON. Everything on the page is
// built from DOM nodes (data from a file is never parsed as HTML); charts are inline SVG.
import { api, upload } from "./app-api.js";

const $ = (id) => document.getElementById(id);
const SVG = "http://www.w3.org/2000/svg";

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
}

function svg(tag, attrs = {}, ...children) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  for (const c of children) e.append(c);
  return e;
}

function say(text, error = false) {
  $("status").textContent = text;
  $("status").className = error ? "error" : "";
}

const mb = (n) => (n / 1048576).toFixed(1) + " MiB";
const fmt = (n) => (n === null || n === undefined ? "–" : Number(n).toLocaleString());

// ---- import ----

// Steps are sized by how long they take: about two seconds each, whatever the node's speed.
const TARGET_MS = 2000;
const MIN_BUDGET = 64 * 1024;
const MAX_BUDGET = 32 * 1024 * 1024;
let budget = 2 * 1024 * 1024; // small at first: a cold node runs the first steps slowly
let importing = false;

function safeName(name) {
  let base = name.replace(/[^A-Za-z0-9._-]/g, "_").replace(/^\.+/, "").slice(-100);
  if (!/\.(zip|xml)$/i.test(base)) base = "export.zip";
  return "inbox/" + base;
}

function showJob(s) {
  $("import-bar").value = s.percent ?? 0;
  $("import-text").textContent =
    s.state === "idle" ? "" : `${s.percent ?? 0}% · ${fmt(s.records)} records · ${mb(s.offset ?? 0)} of ${mb(s.size ?? 0)}`;
  $("resume").hidden = !(s.state === "running" && !importing);
}

async function runSteps() {
  importing = true;
  $("resume").hidden = true;
  let failures = 0;
  try {
    for (;;) {
      const t = performance.now();
      let s;
      try {
        s = await api("POST", "import/step", { budget });
      } catch (e) {
        // A step that ran out of time: try again with smaller ones (the app halves too).
        if (e.status === 400 || e.status === 409 || ++failures > 6) throw e;
        budget = Math.max(MIN_BUDGET, Math.floor(budget / 4));
        say(`A step took too long; going on in smaller steps (${mb(budget)})…`);
        continue;
      }
      const ms = performance.now() - t;
      showJob(s);
      if (s.state !== "running") return s;
      const scale = Math.min(2, Math.max(0.25, TARGET_MS / Math.max(ms, 1)));
      budget = Math.round(Math.min(MAX_BUDGET, Math.max(MIN_BUDGET, budget * scale)));
    }
  } finally {
    importing = false;
  }
}

async function finish(s) {
  if (s.state === "failed") {
    say("The import failed: " + (s.error || "unknown reason"), true);
  } else if (s.state === "done") {
    say(`Imported ${fmt(s.records)} records` + (s.warnings && s.warnings.length ? " (with warnings, see the summary)." : "."));
  }
  await refresh();
}

$("import-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const file = $("file").files[0];
  if (!file) return say("Choose export.zip or export.xml first.", true);
  if (importing) return;
  importing = true;
  const path = safeName(file.name);
  try {
    say("Uploading…");
    $("upload-bar").value = 0;
    await upload(file, path, (sent, total) => {
      $("upload-bar").value = total ? sent / total : 0;
      $("upload-text").textContent = `${mb(sent)} of ${mb(total || file.size)}`;
    });
    $("upload-bar").value = 1;
    say(/\.zip$/i.test(path) ? "Unpacking export.xml…" : "Starting…");
    const s = await api("POST", "import", { path, removeSource: $("remove-source").checked, budget });
    showJob(s);
    if (s.state !== "running") return finish(s);
    say("Importing…");
    importing = false;
    await finish(await runSteps());
  } catch (e) {
    say(e.message, true);
  } finally {
    importing = false;
  }
});

$("resume").addEventListener("click", async () => {
  try {
    say("Importing…");
    await finish(await runSteps());
  } catch (e) {
    say(e.message, true);
  }
});

// ---- summary ----

function row(cells, numeric = []) {
  return el("tr", {}, ...cells.map((c, i) => el("td", numeric.includes(i) ? { class: "n" } : {}, String(c))));
}

function showSummary(s) {
  const items = [
    ["File", s.file ?? "–"],
    ["Exported", s.exportDate ?? "–"],
    ["Days", s.days ? `${s.days} (${s.from} to ${s.to})` : "none yet"],
    ["Records used", fmt(s.records)],
    ["Skipped", `${fmt(s.skipped)} (${fmt(s.unknownRecords)} of ${fmt(s.unknownTypes)} other record types)`],
    ["Problems", fmt(s.problems)],
  ];
  $("summary").replaceChildren(...items.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
  $("sources").replaceChildren(
    el("caption", {}, "Sources"),
    el("tr", {}, el("th", {}, "Source"), el("th", {}, "Kind"), el("th", {}, "Records")),
    ...s.sources.map((x) => row([x.name, x.kind, fmt(x.records)], [2])),
  );
  $("types").replaceChildren(
    el("caption", {}, "Record types"),
    el("tr", {}, el("th", {}, "Type"), el("th", {}, "Records"), el("th", {}, "Used")),
    ...s.types.map((t) => row([t.type.replace(/^HK\w+?TypeIdentifier/, ""), fmt(t.records), t.known ? "yes" : "no"], [1])),
  );
  $("warnings").replaceChildren(...(s.warnings ?? []).map((w) => el("li", {}, w)));
}

// ---- charts ----

const W = 640;
const H = 170;
const PAD = { l: 44, r: 8, t: 8, b: 22 };

function frame(days, max, unit) {
  const g = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img" });
  const y = (v) => PAD.t + (H - PAD.t - PAD.b) * (1 - v / max);
  for (const f of [0, 0.5, 1]) {
    g.append(svg("line", { class: "grid", x1: PAD.l, x2: W - PAD.r, y1: y(max * f), y2: y(max * f) }));
    const label = (max * f).toLocaleString(undefined, { maximumFractionDigits: max >= 100 ? 0 : 1 });
    g.append(svg("text", { x: PAD.l - 4, y: y(max * f) + 3, "text-anchor": "end" }, label + unit));
  }
  g.append(svg("text", { x: PAD.l, y: H - 6 }, days[0].date));
  g.append(svg("text", { x: W - PAD.r, y: H - 6, "text-anchor": "end" }, days[days.length - 1].date));
  return { g, y, x: (i) => PAD.l + ((W - PAD.l - PAD.r) * (i + 0.5)) / days.length, slot: (W - PAD.l - PAD.r) / days.length };
}

function empty(text) {
  return el("p", { class: "empty" }, text);
}

function bars(days, value, cls, unit, label) {
  const vals = days.map(value);
  const max = Math.max(...vals.filter((v) => v !== null), 0);
  if (!days.length || max <= 0) return empty("No data in this range.");
  const { g, y, x, slot } = frame(days, max, unit);
  days.forEach((d, i) => {
    const v = vals[i];
    if (v === null) return;
    const w = Math.max(1, slot * 0.8);
    g.append(svg("rect", { class: cls, x: x(i) - w / 2, y: y(v), width: w, height: Math.max(0, y(0) - y(v)) },
      svg("title", {}, `${d.date}: ${label(v)}`)));
  });
  return g;
}

function lines(days) {
  const pts = days.map((d) => d.heartRate);
  const max = Math.max(...pts.filter(Boolean).map((h) => h.max), 0);
  if (!days.length || max <= 0) return empty("No heart rate in this range.");
  const { g, y, x } = frame(days, Math.ceil(max / 20) * 20, "");
  for (const [key, cls] of [["max", "hr-max"], ["avg", "hr-avg"], ["min", "hr-min"]]) {
    let d = "";
    let pen = "M";
    pts.forEach((h, i) => {
      if (!h) {
        pen = "M";
        return;
      }
      d += `${pen}${x(i).toFixed(1)},${y(h[key]).toFixed(1)} `;
      pen = "L";
    });
    if (d) g.append(svg("path", { class: cls, d }, svg("title", {}, key)));
  }
  pts.forEach((h, i) => {
    if (h) g.append(svg("circle", { cx: x(i), cy: y(h.avg), r: 2, fill: "#333" }, svg("title", {}, `${days[i].date}: ${h.min}–${h.max} bpm, average ${h.avg}`)));
  });
  return g;
}

async function showDays() {
  const q = new URLSearchParams();
  if ($("from").value) q.set("from", $("from").value);
  if ($("to").value) q.set("to", $("to").value);
  const days = await api("GET", "days" + (q.size ? "?" + q : ""));
  $("steps-chart").replaceChildren(bars(days, (d) => d.steps, "steps", "", (v) => `${v.toLocaleString()} steps`));
  $("hr-chart").replaceChildren(lines(days));
  $("sleep-chart").replaceChildren(bars(days, (d) => (d.sleepMinutes === null ? null : d.sleepMinutes / 60), "sleep", " h", (v) => `${v.toFixed(1)} h asleep`));
}

// The last 30 days of data, unless a range is chosen.
function defaultRange(s) {
  if (!s.to || $("to").value) return;
  const to = new Date(s.to + "T00:00:00Z");
  const from = new Date(to.getTime() - 29 * 86400000);
  const first = new Date(s.from + "T00:00:00Z");
  $("to").value = s.to;
  $("from").value = (from < first ? first : from).toISOString().slice(0, 10);
}

$("range-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  showDays().catch((e) => say(e.message, true));
});

// ---- downloads ----

async function download(kind) {
  const q = new URLSearchParams();
  if ($("from").value) q.set("from", $("from").value);
  if ($("to").value) q.set("to", $("to").value);
  const data = await api("GET", `export.${kind}` + (q.size ? "?" + q : ""));
  const text = kind === "json" ? JSON.stringify(data, null, 2) : data;
  const url = URL.createObjectURL(new Blob([text], { type: kind === "json" ? "application/json" : "text/csv" }));
  const a = $("download");
  a.href = url;
  a.download = `health-${$("from").value || "all"}-${$("to").value || "days"}.${kind}`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

$("csv").addEventListener("click", () => download("csv").catch((e) => say(e.message, true)));
$("json").addEventListener("click", () => download("json").catch((e) => say(e.message, true)));

// The desktop's frame allows no dialogs (confirm() would just say no): ask with a second click.
let armed = null;
$("wipe").addEventListener("click", async () => {
  const button = $("wipe");
  if (!armed) {
    button.textContent = "Click again to delete everything";
    armed = setTimeout(() => {
      armed = null;
      button.textContent = "Delete all imported data";
    }, 5000);
    return;
  }
  clearTimeout(armed);
  armed = null;
  button.textContent = "Delete all imported data";
  try {
    await api("DELETE", "data");
    $("from").value = "";
    $("to").value = "";
    say("Deleted.");
    await refresh();
  } catch (e) {
    say(e.message, true);
  }
});

async function refresh() {
  const s = await api("GET", "summary");
  showSummary(s);
  defaultRange(s);
  await showDays();
  showJob(await api("GET", "import"));
}

refresh().catch((e) => say(e.message, true));
