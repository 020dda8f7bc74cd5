// Search by English words, Chinese characters, chat and date range.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { loadApp } from "../sdk/testing.mjs";
import * as fx from "./fixtures.mjs";
import { chatNamed, importFile, search, WASM } from "./helpers.mjs";

let app;
let priv;
let group;
before(async () => {
  app = await loadApp(WASM);
  await importFile(app, "inbox/张三_utf8.csv", fx.wechatMsgCsv(fx.PRIVATE));
  await importFile(app, "inbox/20190101@chatroom.html", fx.wechatExporterHtml(fx.GROUP));
  priv = await chatNamed(app, "张三");
  group = await chatNamed(app, "家庭群");
});
after(() => app.close());

const q = (s) => "q=" + encodeURIComponent(s);

test("an English word, in any case, newest first", async () => {
  const hits = await search(app, q("HIKING"));
  assert.deepEqual(hits.map((h) => h.time), ["2023-06-10 08:02:00", "2023-05-01 09:01:10"]);
  assert.equal(hits[1].chat, priv.id);
  assert.equal(hits[1].chatName, "张三");
  assert.equal(hits[1].sender, fx.ME);
  assert.equal(hits[1].snippet, "Good morning! Sure, let's go hiking at 10.");
  assert.deepEqual(await search(app, q("hik")), [], "whole words only");
});

test("Chinese characters, as a phrase", async () => {
  const hits = await search(app, q("爬山"));
  assert.deepEqual(hits.map((h) => h.time), ["2023-06-10 08:02:00", "2023-05-01 09:00:05"]);
  const newYear = await search(app, q("新年快乐"));
  assert.deepEqual(newYear.map((h) => h.sender).sort(), ["妈妈", "小明", "爸爸"].sort());
  assert.ok(newYear.every((h) => h.chat === group.id));
  assert.deepEqual(await search(app, q("快新")), [], "the characters must be adjacent");
});

test("every term must match", async () => {
  const hits = await search(app, q("新年 happy"));
  assert.deepEqual(hits.map((h) => h.sender), ["爸爸"]);
  assert.deepEqual(await search(app, q("新年 hiking")), []);
});

test("emoji are searchable", async () => {
  assert.deepEqual((await search(app, q("🎉"))).map((h) => h.time), ["2023-06-10 08:00:00"]);
});

test("by chat", async () => {
  assert.equal((await search(app, q("新年") + "&chat=" + group.id)).length, 3);
  assert.deepEqual(await search(app, q("新年") + "&chat=" + priv.id), []);
});

test("by date range (inclusive days)", async () => {
  assert.equal((await search(app, q("快乐") + "&from=2024-01-01&to=2024-01-01")).length, 3);
  assert.deepEqual(await search(app, q("快乐") + "&from=2024-01-02"), []);
  assert.deepEqual(await search(app, q("快乐") + "&to=2023-12-31"), []);
  const may = await search(app, q("hiking") + "&from=2023-05-01&to=2023-05-31");
  assert.deepEqual(may.map((h) => h.time), ["2023-05-01 09:01:10"]);
});

test("limit and more", async () => {
  const r = await app.request("GET", "/search", { query: q("新年") + "&limit=2" });
  assert.equal(r.json().results.length, 2);
  assert.equal(r.json().more, true);
});

test("bad searches are 4xx", async () => {
  for (const [query, status] of [
    ["", 400],
    ["q=", 400],
    [q("!!! ..."), 400],
    [q("x".repeat(201)), 400],
    [q("a b c d e f g h i j k"), 400],
    [q("hi") + "&from=2024-13-01", 400],
    [q("hi") + "&to=yesterday", 400],
    [q("hi") + "&limit=0", 400],
    [q("hi") + "&limit=201", 400],
    [q("hi") + "&chat=c999", 404],
    [q("hi") + "&chat=../x", 404],
  ]) {
    const r = await app.request("GET", "/search", { query });
    assert.equal(r.status, status, query + ": " + r.body);
    assert.ok(r.json().error, query);
  }
});

test("a deleted chat is not found any more", async () => {
  const other = await loadApp(WASM);
  try {
    await importFile(other, "inbox/张三_utf8.csv", fx.wechatMsgCsv(fx.PRIVATE));
    const c = await chatNamed(other, "张三");
    assert.equal((await search(other, q("hiking"))).length, 2);
    assert.equal((await other.request("DELETE", "/chats/" + c.id)).status, 204);
    assert.deepEqual(await search(other, q("hiking")), []);
    assert.equal((await other.request("GET", "/chats/" + c.id)).status, 404);
    assert.deepEqual([...other.kv.keys()].filter((k) => k.startsWith("page/") || k.startsWith("dir/")), []);
  } finally {
    other.close();
  }
});

test("a search that would read too much stops early and says where to go on", async () => {
  const other = await loadApp(WASM);
  try {
    // 12 months; every month has "alpha" and "beta", but only the oldest message has both.
    const rows = ["Time,Sender,IsSender,Type,Text,Media", "2020-01-01 00:00:00,Alice,0,text,alpha and beta together,"];
    let t = Date.parse("2020-01-01T00:00:10Z");
    for (let i = 0; i < 60000; i++) {
      t += 520 * 1000;
      const ts = new Date(t).toISOString().slice(0, 19).replace("T", " ");
      rows.push(`${ts},Bob,0,text,${i % 2 ? "alpha" : "beta"} number ${i},`);
    }
    const { status } = await importFile(other, "inbox/many.csv", new TextEncoder().encode(rows.join("\r\n") + "\r\n"));
    assert.equal(status.imported, 60001);
    let query = q("alpha beta");
    const found = [];
    let rounds = 0;
    for (;;) {
      const r = await other.request("GET", "/search", { query });
      assert.equal(r.status, 200, r.body);
      const v = r.json();
      found.push(...v.results);
      rounds++;
      if (!v.continueTo) break;
      query = q("alpha beta") + "&to=" + v.continueTo;
    }
    assert.ok(rounds > 1, "the search was split: " + rounds);
    assert.deepEqual(found.map((h) => h.snippet), ["alpha and beta together"]);
  } finally {
    other.close();
  }
});
