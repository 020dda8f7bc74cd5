// Shared steps of the tests: import a file to the end, read a whole chat, find a chat by name.
import assert from "node:assert/strict";

export const JSON_HEADERS = { "content-type": "application/json" };
export const WASM = new URL("../build/app.wasm", import.meta.url).pathname;

export async function startImport(app, body) {
  return app.request("POST", "/import", { body: JSON.stringify(body), headers: JSON_HEADERS });
}

/** Puts bytes at path, imports them step by step to the end; the last status and the step count. */
export async function importFile(app, path, bytes, options = {}) {
  app.files.set(path, bytes);
  const start = await startImport(app, { path, ...options });
  assert.equal(start.status, 200, start.body);
  let status = start.json();
  let steps = 0;
  const times = [];
  while (status.state === "running") {
    const t0 = performance.now();
    const r = await app.request("POST", "/import/step");
    times.push(performance.now() - t0);
    assert.equal(r.status, 200, r.body);
    const next = r.json();
    assert.ok(next.offset > status.offset || next.state !== "running", "every step makes progress");
    status = next;
    steps++;
    assert.ok(steps < 100000, "the import ends");
  }
  return { status, steps, times };
}

/** Every message of a chat, oldest first, read page by page. */
export async function allMessages(app, chatId, query = "") {
  const pages = [];
  let before = "";
  for (;;) {
    const q = ["limit=7", query, before ? "before=" + encodeURIComponent(before) : ""].filter(Boolean).join("&");
    const r = await app.request("GET", `/chats/${chatId}/messages`, { query: q });
    assert.equal(r.status, 200, r.body);
    const v = r.json();
    pages.unshift(v.messages);
    if (!v.more) break;
    before = v.next;
  }
  return pages.flat();
}

export async function chats(app) {
  const r = await app.request("GET", "/chats");
  assert.equal(r.status, 200, r.body);
  return r.json();
}

export async function chatNamed(app, name) {
  const c = (await chats(app)).find((x) => x.name === name);
  assert.ok(c, "a chat named " + name);
  return c;
}

export async function problems(app) {
  const r = await app.request("GET", "/import/problems");
  assert.equal(r.status, 200, r.body);
  return r.json();
}

export async function search(app, query) {
  const r = await app.request("GET", "/search", { query });
  assert.equal(r.status, 200, r.body);
  return r.json().results;
}
