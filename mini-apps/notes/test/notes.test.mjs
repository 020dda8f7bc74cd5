// Unit tests of the notes logic, run against build/app.wasm ("sh build.sh && npm test")
// with the SDK's in-memory stand-ins for the node's store.
import assert from "node:assert/strict";
import { afterEach, beforeEach, test } from "node:test";
import { loadApp } from "../sdk/testing.mjs";

const WASM = new URL("../build/app.wasm", import.meta.url).pathname;
const JSON_HEADERS = { "content-type": "application/json" };
let app;

beforeEach(async () => {
  app = await loadApp(WASM);
});
afterEach(() => app.close());

const post = (note) => app.request("POST", "/notes", { body: JSON.stringify(note), headers: JSON_HEADERS });
const put = (id, note) => app.request("PUT", "/notes/" + id, { body: JSON.stringify(note), headers: JSON_HEADERS });

test("create, read, edit, delete", async () => {
  const created = await post({ title: "Shopping", body: "# List\n- milk", tags: ["Home", "todo", "home"] });
  assert.equal(created.status, 201, created.body);
  const note = created.json();
  assert.equal(note.id, "n1");
  assert.deepEqual(note.tags, ["home", "todo"], "tags are lowercased, deduplicated and sorted");
  assert.equal(note.body, "# List\n- milk");
  assert.equal(note.rev, 1);

  assert.deepEqual((await app.request("GET", "/notes/n1")).json(), note);
  const edited = await put("n1", { body: "# List\n- milk\n- bread" });
  assert.equal(edited.status, 200, edited.body);
  assert.equal(edited.json().title, "Shopping", "untouched fields stay");
  assert.equal(edited.json().rev, 2);

  assert.equal((await app.request("DELETE", "/notes/n1")).status, 204);
  assert.equal((await app.request("GET", "/notes/n1")).status, 404);
  assert.equal((await app.request("DELETE", "/notes/n1")).status, 404);
  assert.deepEqual([...app.kv.keys()].filter((k) => k.startsWith("note/")), []);
});

test("list is ordered by last edit; search by words and tag", async () => {
  await post({ title: "Alpha", body: "apples and pears", tags: ["fruit"] });
  await post({ title: "Beta", body: "Bananas", tags: ["fruit", "yellow"] });
  await post({ title: "Gamma", body: "nothing here", tags: [] });
  await put("n1", { body: "apples, pears and plums" });
  const ids = (await app.request("GET", "/notes")).json().map((n) => n.id);
  assert.deepEqual(ids, ["n1", "n3", "n2"]);
  const search = async (query) => (await app.request("GET", "/notes", { query })).json().map((n) => n.id);
  assert.deepEqual(await search("q=PLUMS"), ["n1"]);
  assert.deepEqual(await search("q=apples+plums"), ["n1"]);
  assert.deepEqual(await search("q=apples+bananas"), []);
  assert.deepEqual(await search("tag=fruit"), ["n1", "n2"]);
  assert.deepEqual(await search("tag=yellow&q=ban"), ["n2"]);
  assert.deepEqual(await search("q=yellow"), ["n2"], "tags are searched too");
  const list = (await app.request("GET", "/notes")).json();
  assert.equal(list[0].excerpt, "apples, pears and plums");
  assert.equal(list[0].body, undefined, "the list carries excerpts, not bodies");
  assert.deepEqual((await app.request("GET", "/tags")).json(), [
    { tag: "fruit", count: 2 },
    { tag: "yellow", count: 1 },
  ]);
});

test("unicode survives the round trip", async () => {
  const n = (await post({ title: "Grüße 👋", body: "naïve — café", tags: ["über"] })).json();
  assert.equal(n.title, "Grüße 👋");
  assert.deepEqual((await app.request("GET", "/notes", { query: "q=CAF%C3%89" })).json().map((x) => x.id), [n.id]);
});

test("hostile inputs are refused with 4xx and change nothing", async () => {
  const bad = [
    ["not json", "{"],
    ["array", "[]"],
    ["missing title", { body: "x" }],
    ["blank title", { title: "   " }],
    ["title type", { title: 5 }],
    ["long title", { title: "x".repeat(201) }],
    ["control in title", { title: "a\u0000b" }],
    ["long body", { title: "t", body: "x".repeat(100001) }],
    ["tags type", { title: "t", tags: "a,b" }],
    ["bad tag", { title: "t", tags: ["a b"] }],
    ["tag path", { title: "t", tags: ["../x"] }],
    ["too many tags", { title: "t", tags: Array.from({ length: 21 }, (_, i) => "t" + i) }],
    ["unknown field", { title: "t", id: "n99" }],
    ["duplicate member", '{"title":"a","title":"b"}'],
    ["deep nesting", '{"title":"t","body":' + "[".repeat(5000) + "]".repeat(5000) + "}"],
  ];
  for (const [what, body] of bad) {
    const r = await app.request("POST", "/notes", {
      body: typeof body === "string" ? body : JSON.stringify(body),
      headers: JSON_HEADERS,
    });
    assert.equal(r.status, 400, what + ": " + r.body);
    assert.ok(r.json().error.length > 0, what);
  }
  const huge = await app.request("POST", "/notes", { body: JSON.stringify({ title: "t", body: "x".repeat(600000) }), headers: JSON_HEADERS });
  assert.equal(huge.status, 413, "refused before parsing");
  const wrongType = await app.request("POST", "/notes", { body: '{"title":"t"}', headers: { "content-type": "text/plain" } });
  assert.equal(wrongType.status, 400);
  assert.equal([...app.kv.keys()].filter((k) => k.startsWith("note/")).length, 0, "nothing stored");

  for (const id of ["..%2Fmeta%2Fnext", "meta", "N1", "n1%00", "n" + "1".repeat(20), "%FF"]) {
    assert.equal((await app.request("GET", "/notes/" + id)).status, 404, id);
    assert.equal((await put(id, { title: "x" })).status, 404, id);
  }
  assert.equal((await app.request("GET", "/notes", { query: "q=" + "x".repeat(201) })).status, 400);
  assert.equal((await app.request("GET", "/notes", { query: "tag=%3Cb%3E" })).status, 400);
  assert.equal((await app.request("PATCH", "/notes")).status, 405);
  assert.equal((await app.request("GET", "/nope")).status, 404);
  const envelope = JSON.parse(await app.call("handle", '{"method":"GET","path":"/notes","body":"@@@"}'));
  assert.equal(envelope.status, 400, "a body that is not base64");
});

test("markup is returned as data, escaped for HTML", async () => {
  const r = await post({ title: "<img src=x onerror=alert(1)>", body: "</script><script>alert(1)</script>" });
  assert.equal(r.status, 201);
  assert.ok(!r.body.includes("<"), "no raw < in the JSON: " + r.body);
  assert.equal(r.json().title, "<img src=x onerror=alert(1)>");
});

test("the number of notes is capped", async () => {
  for (let i = 0; i < 1000; i++) {
    app.kv.set("note/n" + i.toString(36), new TextEncoder().encode(JSON.stringify({ id: "n" + i.toString(36), title: "t", body: "", tags: [], rev: 1, seq: i })));
  }
  const r = await post({ title: "one too many" });
  assert.equal(r.status, 409, r.body);
  assert.equal((await app.request("GET", "/notes")).json().length, 1000);
});
