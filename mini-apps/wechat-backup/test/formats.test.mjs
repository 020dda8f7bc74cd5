// Each supported export format imports to exactly the messages it holds.
import assert from "node:assert/strict";
import { afterEach, beforeEach, test } from "node:test";
import { loadApp } from "../sdk/testing.mjs";
import * as fx from "./fixtures.mjs";
import { allMessages, chatNamed, chats, importFile, problems, WASM } from "./helpers.mjs";

let app;
beforeEach(async () => {
  app = await loadApp(WASM);
});
afterEach(() => app.close());

const cases = [
  ["wechatmsg-csv", (c) => `inbox/${c.name}_utf8.csv`, fx.wechatMsgCsv, fx.wechatMsgCsvExpected],
  ["wechatmsg-txt", (c) => `inbox/${c.name}.txt`, fx.wechatMsgTxt, fx.wechatMsgTxtExpected],
  ["wechatexporter-txt", (c) => `inbox/${c.usr}.txt`, fx.wechatExporterTxt, fx.wechatExporterTxtExpected],
  ["wechatexporter-html", (c) => `inbox/${c.usr}.html`, fx.wechatExporterHtml, fx.wechatExporterHtmlExpected],
];

for (const [format, path, render, expected] of cases) {
  for (const chat of [fx.PRIVATE, fx.GROUP]) {
    test(`${format}: ${chat.group ? "group" : "private"} chat imports exactly`, async () => {
      // The TXT formats do not mark the owner's messages; the owner's name tells them apart.
      const { status } = await importFile(app, path(chat), render(chat), { me: fx.ME });
      assert.equal(status.state, "done", JSON.stringify(status));
      assert.equal(status.format, format, "detected from the content");
      assert.equal(status.problems, 0, JSON.stringify((await problems(app)).problems));
      assert.equal(status.imported, chat.messages.length);
      assert.equal(status.percent, 100);
      const c = await chatNamed(app, chat.name);
      assert.equal(c.isGroup, chat.group);
      assert.equal(c.count, chat.messages.length);
      assert.deepEqual(fx.simplify(await allMessages(app, c.id)), expected(chat));
    });
  }
}

test("wechatexporter-txt of versions before 1.8 (12-hour times with AM/PM)", async () => {
  const { status } = await importFile(app, "inbox/old.txt", fx.wechatExporterTxt(fx.PRIVATE, { ampm: true }), { me: fx.ME });
  assert.equal(status.state, "done");
  assert.equal(status.problems, 0);
  const c = await chatNamed(app, fx.PRIVATE.name);
  assert.deepEqual(fx.simplify(await allMessages(app, c.id)), fx.wechatExporterTxtExpected(fx.PRIVATE));
});

test("wechatmsg-csv of older versions: private-chat rows without Remark, NickName, Sender", async () => {
  const { status } = await importFile(app, "inbox/张三_utf8.csv", fx.wechatMsgCsv(fx.PRIVATE, { oldPrivateRows: true }), { me: fx.ME });
  assert.equal(status.problems, 0, JSON.stringify((await problems(app)).problems));
  const c = await chatNamed(app, "张三");
  assert.deepEqual(fx.simplify(await allMessages(app, c.id)), fx.wechatMsgCsvExpected(fx.PRIVATE));
});

test("the owner's name is learned from formats that mark sent messages", async () => {
  await importFile(app, "inbox/家庭群_utf8.csv", fx.wechatMsgCsv(fx.GROUP));
  // No "me" this time: the CSV's IsSender rows named the owner.
  await importFile(app, "inbox/张三.txt", fx.wechatMsgTxt(fx.PRIVATE));
  const c = await chatNamed(app, "张三");
  assert.equal(c.isGroup, false);
  const mine = (await allMessages(app, c.id)).filter((m) => m.isSender).map((m) => m.sender);
  assert.ok(mine.length > 0 && mine.every((s) => s === fx.ME));
});

test("an explicit chat name and format win over the file's", async () => {
  const { status } = await importFile(app, "inbox/export.html", fx.wechatExporterHtml(fx.PRIVATE), {
    format: "wechatexporter-html",
    chat: "Zhang San (work)",
  });
  assert.equal(status.chat, "Zhang San (work)");
  assert.deepEqual((await chats(app)).map((c) => c.name), ["Zhang San (work)"]);
});

test("messages can be read by date range and in pages", async () => {
  await importFile(app, "inbox/张三_utf8.csv", fx.wechatMsgCsv(fx.PRIVATE));
  const c = await chatNamed(app, "张三");
  const may2 = await allMessages(app, c.id, "from=2023-05-02&to=2023-05-02");
  assert.deepEqual(may2.map((m) => m.time), ["2023-05-02 20:15:09", "2023-05-02 20:16:00"]);
  const june = await allMessages(app, c.id, "from=2023-06-01");
  assert.equal(june.length, 3);
  const r = await app.request("GET", `/chats/${c.id}/messages`, { query: "limit=2" });
  const v = r.json();
  assert.equal(v.more, true);
  assert.deepEqual(v.messages.map((m) => m.time), ["2023-06-10 08:01:00", "2023-06-10 08:02:00"], "the newest, oldest first");
  const older = (await app.request("GET", `/chats/${c.id}/messages`, { query: "limit=2&before=" + v.next })).json();
  assert.deepEqual(older.messages.map((m) => m.time), ["2023-05-02 20:16:00", "2023-06-10 08:00:00"]);
});
