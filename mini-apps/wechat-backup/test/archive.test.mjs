// CSV export and its round trip, re-import without duplicates, and stepped imports.
import assert from "node:assert/strict";
import { afterEach, beforeEach, test } from "node:test";
import { loadApp } from "../sdk/testing.mjs";
import * as fx from "./fixtures.mjs";
import { allMessages, chatNamed, chats, importFile, WASM } from "./helpers.mjs";

let app;
beforeEach(async () => {
  app = await loadApp(WASM);
});
afterEach(() => app.close());

const enc = new TextEncoder();

test("CSV export: BOM, header, RFC 4180 quoting, every message", async () => {
  await importFile(app, "inbox/wxid_zhangsan.html", fx.wechatExporterHtml(fx.PRIVATE));
  const c = await chatNamed(app, "张三");
  const info = (await app.request("GET", "/chats/" + c.id)).json();
  assert.equal(info.exportParts, 1);
  const r = await app.request("GET", `/chats/${c.id}/export.csv`);
  assert.equal(r.status, 200);
  assert.equal(r.headers["content-type"], "text/csv; charset=utf-8");
  assert.ok(r.body.startsWith("\uFEFFTime,Sender,IsSender,Type,Text,Media\r\n"), "UTF-8 BOM, then the header");
  const rows = fx.parseCsv(r.body.slice(1));
  assert.deepEqual(rows[0], ["Time", "Sender", "IsSender", "Type", "Text", "Media"]);
  const msgs = await allMessages(app, c.id);
  assert.deepEqual(
    rows.slice(1),
    msgs.map((m) => [m.time, m.sender, m.isSender ? "1" : "0", m.type, m.text, m.media]),
  );
  assert.ok(r.body.includes('"第一行\n第二行, with ""quotes"" & <b>markup</b>\n  indented  line"'), "quotes doubled, line breaks kept inside quotes");
});

test("CSV export round trip: the export imports back to the same messages", async () => {
  await importFile(app, "inbox/20190101@chatroom.html", fx.wechatExporterHtml(fx.GROUP));
  // A message a spreadsheet would run as a formula, and one with a leading apostrophe.
  const extra = [
    "Time,Sender,IsSender,Type,Text,Media",
    `2024-03-01 10:00:00,Alice,0,text,"=HYPERLINK(""http://x"")",`,
    "2024-03-01 10:00:01,Alice,0,text,''=1+1,",
    "2024-03-01 10:00:02,Alice,0,text,-5 degrees,",
  ];
  await importFile(app, "inbox/extra.csv", enc.encode(extra.join("\r\n") + "\r\n"), { chat: "家庭群" });
  const c = await chatNamed(app, "家庭群");
  const before = await allMessages(app, c.id);
  assert.equal(before.length, fx.GROUP.messages.length + 3);
  const csv = (await app.request("GET", `/chats/${c.id}/export.csv`)).body;
  assert.ok(csv.includes(`,"'=HYPERLINK(""http://x"")",`), "formulas are defused for spreadsheet apps");
  assert.ok(csv.includes(",''=1+1,") && csv.includes(",'-5 degrees,"), "and so are their look-alikes");
  assert.equal((await app.request("DELETE", "/chats/" + c.id)).status, 204);
  assert.deepEqual(await chats(app), []);
  const { status } = await importFile(app, "inbox/家庭群.csv", enc.encode(csv));
  assert.equal(status.format, "backup-csv");
  assert.equal(status.problems, 0);
  const back = await chatNamed(app, "家庭群");
  assert.equal(back.isGroup, true);
  assert.deepEqual(fx.simplify(await allMessages(app, back.id)), fx.simplify(before));
});

test("re-importing a file adds nothing", async () => {
  const file = fx.wechatMsgCsv(fx.GROUP);
  const first = await importFile(app, "inbox/家庭群_utf8.csv", file);
  assert.equal(first.status.imported, fx.GROUP.messages.length);
  const c = await chatNamed(app, "家庭群");
  const msgs = await allMessages(app, c.id);
  const again = await importFile(app, "inbox/家庭群_utf8.csv", file);
  assert.equal(again.status.imported, 0);
  assert.equal(again.status.duplicates, fx.GROUP.messages.length);
  assert.deepEqual(await allMessages(app, c.id), msgs);
  assert.equal((await chatNamed(app, "家庭群")).count, fx.GROUP.messages.length);
  // The same chat in another tool's format adds only what the first lacked.
  const html = await importFile(app, "inbox/x.html", fx.wechatExporterHtml({ ...fx.GROUP }), { chat: "家庭群" });
  assert.ok(html.status.duplicates >= 5, "same time, sender and text are the same message: " + JSON.stringify(html.status));
});

test("duplicate lines inside one file are kept once", async () => {
  const row = "2024-03-01 10:00:00,Alice,0,text,hello,\r\n";
  const { status } = await importFile(app, "inbox/d.csv", enc.encode("Time,Sender,IsSender,Type,Text,Media\r\n" + row + row + row));
  assert.equal(status.imported, 1);
  assert.equal(status.duplicates, 2);
});

// A stepped import must end in the same archive as a one-step import.
function archive(a) {
  return [...a.kv.entries()]
    .filter(([k]) => !k.startsWith("job"))
    .map(([k, v]) => [k, new TextDecoder().decode(v)])
    .sort();
}

const formats = [
  ["wechatmsg-csv", "inbox/家庭群_utf8.csv", fx.wechatMsgCsv],
  ["wechatmsg-txt", "inbox/家庭群.txt", fx.wechatMsgTxt],
  ["wechatexporter-txt", "inbox/20190101@chatroom.txt", fx.wechatExporterTxt],
  ["wechatexporter-html", "inbox/20190101@chatroom.html", fx.wechatExporterHtml],
];
for (const [format, path, render] of formats) {
  test(`${format}: many tiny steps give the same archive as one step`, async () => {
    const chat = { ...fx.GROUP, messages: [...fx.GROUP.messages, ...fx.PRIVATE.messages.map((m) => ({ ...m, from: m.from === "张三" ? "爸爸" : m.from }))] };
    const one = await importFile(app, path, render(chat), { me: fx.ME });
    assert.equal(one.steps, 1);
    const tiny = await loadApp(WASM);
    try {
      const many = await importFile(tiny, path, render(chat), { me: fx.ME, budget: 256 });
      assert.ok(many.steps > 3, "steps: " + many.steps);
      assert.equal(many.status.imported, one.status.imported);
      assert.equal(many.status.problems, 0);
      assert.deepEqual(archive(tiny), archive(app));
    } finally {
      tiny.close();
    }
  });
}

test("an import goes on in a new instance: all state is in the store", async () => {
  const file = fx.wechatExporterHtml(fx.GROUP);
  app.files.set("inbox/g@chatroom.html", file);
  let r = await app.request("POST", "/import", { body: JSON.stringify({ path: "inbox/g@chatroom.html", budget: 512 }), headers: { "content-type": "application/json" } });
  let st = (await app.request("POST", "/import/step")).json();
  let current = app;
  const opened = [];
  while (st.state === "running") {
    // Every step on a fresh instance holding only the store and the files.
    const next = await loadApp(WASM);
    opened.push(next);
    for (const [k, v] of current.kv) next.kv.set(k, v);
    for (const [k, v] of current.files) next.files.set(k, v);
    current = next;
    r = await current.request("POST", "/import/step");
    st = r.json();
  }
  assert.equal(st.imported, fx.GROUP.messages.length);
  const c = await chatNamed(current, "家庭群");
  assert.deepEqual(fx.simplify(await allMessages(current, c.id)), fx.wechatExporterHtmlExpected(fx.GROUP));
  opened.forEach((a) => a.close());
});
