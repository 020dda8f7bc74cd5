// Shared by the tests: load the built app, run an import to the end.
import { loadApp } from "../sdk/testing.mjs";

export const WASM = new URL("../build/app.wasm", import.meta.url).pathname;
export const JSON_HEADERS = { "content-type": "application/json" };

export async function newApp() {
  return loadApp(WASM);
}

export async function startImport(app, body) {
  return app.request("POST", "/import", { body: JSON.stringify(body), headers: JSON_HEADERS });
}

/** Puts bytes at path, imports them to the end; the last status and the number of steps. */
export async function importFile(app, path, bytes, { budget, maxSteps = 100000 } = {}) {
  app.files.set(path, new Uint8Array(bytes));
  const started = await startImport(app, budget === undefined ? { path } : { path, budget });
  if (started.status !== 200) throw new Error(`POST /import: ${started.status} ${started.body}`);
  let status = started.json();
  let steps = 0;
  while (status.state === "running") {
    if (++steps > maxSteps) throw new Error("the import does not end");
    const res = await app.request("POST", "/import/step");
    if (res.status !== 200) throw new Error(`POST /import/step: ${res.status} ${res.body}`);
    status = res.json();
  }
  return { status, steps };
}

export async function days(app, query = "") {
  const res = await app.request("GET", "/days", { query });
  if (res.status !== 200) throw new Error(`GET /days: ${res.status} ${res.body}`);
  return res.json();
}

export const enc = (s) => Buffer.from(s, "utf8");
