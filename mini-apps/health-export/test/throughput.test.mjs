// Throughput on a generated export of about 50 MB, in default-size steps: prints MB/s (node's
// V8 is not the node's GraalWasm, so nothing is asserted about speed), checks every day against
// the generator's model and that the app's memory stays bounded.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { writeExport } from "./gen-export.mjs";
import { days, newApp, startImport } from "./helpers.mjs";

test("throughput on a 50 MB export", async () => {
  const dir = mkdtempSync(join(tmpdir(), "health-export-"));
  const app = await newApp();
  try {
    const file = join(dir, "export.xml");
    const t0 = performance.now();
    const gen = writeExport(file, 50_000_000, { seed: 42, expected: true });
    const genSeconds = (performance.now() - t0) / 1000;
    app.files.set("inbox/export.xml", new Uint8Array(readFileSync(file)));

    const start = performance.now();
    let s = (await startImport(app, { path: "inbox/export.xml" })).json();
    let steps = 0;
    let slowest = 0;
    let memory = 0;
    while (s.state === "running") {
      const t = performance.now();
      s = (await app.request("POST", "/import/step")).json();
      slowest = Math.max(slowest, performance.now() - t);
      memory = Math.max(memory, s.memoryBytes);
      steps++;
    }
    const seconds = (performance.now() - start) / 1000;
    const mb = gen.bytes / 1e6;
    console.log(
      `generated ${mb.toFixed(1)} MB (${gen.records} records, ${gen.days} days) in ${genSeconds.toFixed(2)} s; ` +
        `imported in ${seconds.toFixed(2)} s = ${(mb / seconds).toFixed(1)} MB/s, ${steps} steps, ` +
        `slowest step ${slowest.toFixed(0)} ms, app memory ${(memory / 1048576).toFixed(1)} MiB`,
    );
    assert.equal(s.state, "done");
    assert.equal(s.problems, 0);
    assert.deepEqual(await days(app), gen.expected.result());
    assert.ok(memory <= 48 << 20, `memory ${memory}`);
  } finally {
    app.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
