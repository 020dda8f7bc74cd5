// Unit tests of the app's API, run against build/app.wasm with "npm test"
// (build first: "elastos app build" or "sh build.sh").
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { loadApp } from "../sdk/testing.mjs";

let app;
before(async () => {
  app = await loadApp(new URL("../build/app.wasm", import.meta.url).pathname);
});
after(() => app.close());

test("greets by name and counts visits in the app's store", async () => {
  const first = await app.request("GET", "/hello", { query: "name=Ada" });
  assert.equal(first.status, 200);
  assert.deepEqual(first.json(), { message: "Hello, Ada!", visits: 1 });
  const second = await app.request("GET", "/hello");
  assert.deepEqual(second.json(), { message: "Hello, world!", visits: 2 });
  assert.equal(new TextDecoder().decode(app.kv.get("visits")), "2");
});

test("hostile input is answered, not crashed on", async () => {
  const script = await app.request("GET", "/hello", { query: "name=%3Cscript%3E" });
  assert.equal(script.json().message, "Hello, <script>!");
  assert.ok(!script.body.includes("<script>"), "JSON output escapes < and >");
  assert.equal((await app.request("GET", "/hello", { query: "name=" + "x".repeat(101) })).status, 400);
  assert.equal((await app.request("GET", "/nope")).status, 404);
  assert.equal((await app.request("DELETE", "/hello")).status, 405);
  assert.equal(JSON.parse(await app.call("handle", "not json")).status, 400);
});
