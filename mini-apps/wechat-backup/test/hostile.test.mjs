// Hostile input: every bad line is reported with its number and the rest still imports.
import assert from "node:assert/strict";
import { afterEach, beforeEach, test } from "node:test";
import { loadApp } from "../sdk/testing.mjs";
import * as fx from "./fixtures.mjs";
import { allMessages, chatNamed, chats, importFile, JSON_HEADERS, problems, startImport, WASM } from "./helpers.mjs";

let app;
beforeEach(async () => {
  app = await loadApp(WASM);
});
afterEach(() => app.close());

const enc = new TextEncoder();
const bytes = (...parts) => Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : Buffer.from(p))));
const HEADER = "localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime,Remark,NickName,Sender\r\n";
const row = (id, text, time = "2023-05-01 09:00:05", type = "1") => `${id},7,${type},0,0,1682902805,2,${text},${time},张三,Zhang San,wxid_z\r\n`;

function byLine(list) {
  return Object.fromEntries(list.map((p) => [p.line, p.reason]));
}

for (const budget of [undefined, 300]) {
  test(`a broken WeChatMsg CSV: each bad row reported, the rest imported${budget ? " (tiny steps)" : ""}`, async () => {
    const file = bytes(
      "\uFEFF" + HEADER, // 1
      row(1, "good one"), // 2
      row(2, 'He said "hi" there'), // 3 bad quoting
      "3,7,1,0\r\n", // 4 wrong number of fields
      row(4, "x".repeat(100 * 1024)), // 5 huge line
      row(5, "bad \xff bytes").replace("\xff", ""), // placeholder, replaced below
      row(6, "GBK"), // 7 replaced below
      row(7, "unknown kind", "2023-05-01 09:00:07", "12345"), // 8 unknown type
      "8,7,1,0,0,abc,2,bad time,2023-13-45 99:00:00,张三,Zhang San,wxid_z\r\n", // 9 bad timestamp
      row(9, '"multi\r\nline\r\nfield"', "2023-05-01 09:00:09"), // 10-12
      '10,7,1,0,0,1682902805,2,"never closed,2023-05-01 09:00:10,张三,Zhang San,wxid_z\r\n', // 13 unterminated quote
      row(11, "after the broken quote", "2023-05-01 09:00:11"), // 14
      row(12, "last one", "2023-05-01 09:00:12"), // 15
    );
    // Line 6: invalid UTF-8; line 7: the text in GBK ("你好世界").
    let text = file.toString("latin1");
    text = text.replace("bad  bytes", "bad \xff\xfe bytes").replace("GBK", "\xc4\xe3\xba\xc3\xca\xc0\xbd\xe7");
    const { status } = await importFile(app, "inbox/张三_utf8.csv", Buffer.from(text, "latin1"), budget ? { budget } : {});
    assert.equal(status.state, "done");
    const p = await problems(app);
    assert.equal(p.total, 8, JSON.stringify(p.problems, null, 1));
    const lines = byLine(p.problems);
    assert.match(lines[3], /bad quoting/);
    assert.match(lines[4], /expected 12 fields, found 4/);
    assert.match(lines[5], /longer than 64 KiB/);
    assert.match(lines[6], /invalid UTF-8; kept/);
    assert.match(lines[7], /GBK/);
    assert.match(lines[8], /unknown message type 12345; kept as other/);
    assert.match(lines[9], /bad timestamp/);
    assert.match(lines[13], /unterminated quoted field/);
    assert.ok(p.problems.find((x) => x.line === 3).text.startsWith("2,7,1,0,0,1682902805,2,He said"), "the line's first characters");
    assert.ok(p.problems.every((x) => x.text.length <= 80));

    const c = await chatNamed(app, "张三");
    const texts = (await allMessages(app, c.id)).map((m) => [m.type, m.text]);
    assert.deepEqual(texts, [
      ["text", "good one"],
      ["text", "bad \uFFFD\uFFFD bytes"],
      ["text", "\uFFFD".repeat(8)],
      ["other", "unknown kind"],
      ["text", "multi\nline\nfield"],
      ["text", "after the broken quote"],
      ["text", "last one"],
    ]);
    assert.equal(status.imported, 7);
  });
}

test("a UTF-16 file is refused and reported", async () => {
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(HEADER + row(1, "hi"), "utf16le")]);
  app.files.set("inbox/u.csv", utf16);
  const r = await startImport(app, { path: "inbox/u.csv" });
  assert.equal(r.status, 200);
  assert.equal(r.json().state, "failed");
  assert.match(r.json().error, /UTF-16/);
  const p = await problems(app);
  assert.equal(p.problems[0].line, 1);
  assert.match(p.problems[0].reason, /UTF-16/);
  assert.equal((await app.request("POST", "/import/step")).json().state, "failed", "a failed job does not go on");
});

test("a file of no known format is refused", async () => {
  app.files.set("inbox/x.bin", enc.encode("just some\nrandom text\n"));
  const r = (await startImport(app, { path: "inbox/x.bin" })).json();
  assert.equal(r.state, "failed");
  assert.match(r.error, /cannot tell the format/);
  const forced = (await startImport(app, { path: "inbox/x.bin", format: "wechatmsg-csv" })).json();
  assert.equal(forced.state, "running");
  const done = (await app.request("POST", "/import/step")).json();
  assert.equal(done.state, "failed");
  assert.match(done.error, /not a WeChatMsg CSV/);
});

test("TXT: bad timestamps, stray text and an undated system message are reported", async () => {
  const txt = [
    "家庭群 - 微信聊天记录", // 1
    "", // 2
    "系统消息：before any message", // 3 no time to give it
    "爸爸 (2024-01-01 00:00:01):hello", // 4
    "妈妈 (2024-02-30 10:00:00):no such day", // 5
    "second line of the bad message", // 6
    "Alice (2024-01-01 00:00:09):fine", // 7
    "系统消息：Alice joined", // 8
  ].join("\n");
  const { status } = await importFile(app, "inbox/g@chatroom.txt", enc.encode(txt));
  const lines = byLine((await problems(app)).problems);
  assert.deepEqual(Object.keys(lines).map(Number), [3, 5]);
  assert.match(lines[3], /no time/);
  assert.match(lines[5], /bad timestamp/);
  assert.equal(status.imported, 3);
  const c = await chatNamed(app, "家庭群");
  assert.equal(c.isGroup, true, "a @chatroom file is a group");
  const msgs = await allMessages(app, c.id);
  assert.deepEqual(msgs.map((m) => [m.time, m.type, m.text]), [
    ["2024-01-01 00:00:01", "text", "hello"],
    ["2024-01-01 00:00:09", "text", "fine"],
    ["2024-01-01 00:00:09", "system", "Alice joined"],
  ]);

  const wm = ["noise before", "", "2023-05-01 09:00:05 张三", "ok", "", "2023-02-31 09:00:06 张三", "bad", ""].join("\n");
  app.files.set("inbox/张三.txt", enc.encode(wm));
  await startImport(app, { path: "inbox/张三.txt", format: "wechatmsg-txt", restart: true });
  const st = (await app.request("POST", "/import/step")).json();
  assert.equal(st.imported, 1);
  assert.deepEqual(byLine((await problems(app)).problems), { 1: "text outside any message; skipped", 6: "bad timestamp; message skipped" });
});

test("an overlong line is skipped across steps; an overlong message is cut", async () => {
  const long = "y".repeat(300 * 1024);
  const txt = `张三 - 微信聊天记录\n\n张三 (2023-05-01 09:00:05):before\n张三 (2023-05-01 09:00:06):${long}\n张三 (2023-05-01 09:00:07):after\n`;
  const { status, steps } = await importFile(app, "inbox/a.txt", enc.encode(txt), { budget: 4096 });
  assert.ok(steps > 10);
  const p = (await problems(app)).problems;
  assert.deepEqual(p.map((x) => [x.line, x.reason]), [[4, "line longer than 64 KiB; skipped"]]);
  assert.equal(status.imported, 2);

  // Many short lines adding up to more than 64 KiB in one message.
  const many = Array.from({ length: 2000 }, (_, i) => `<p>line ${i} ${"z".repeat(40)}</p>`).join("\n");
  const html = new TextDecoder().decode(fx.wechatExporterHtml(fx.PRIVATE)).replace("Good&nbsp;morning!", "Good&nbsp;morning!\n" + many);
  app.files.set("inbox/b.html", enc.encode(html));
  await startImport(app, { path: "inbox/b.html", restart: true });
  let st;
  do st = (await app.request("POST", "/import/step")).json(); while (st.state === "running");
  const reasons = (await problems(app)).problems;
  assert.equal(reasons.length, 1);
  assert.match(reasons[0].reason, /longer than 64 KiB; the rest was cut/);
  assert.equal(st.imported + st.duplicates, fx.PRIVATE.messages.length);
});

test("the problem list keeps the first 1000", async () => {
  const rows = [HEADER];
  for (let i = 0; i < 1500; i++) rows.push(`${i},7,1,0\r\n`);
  rows.push(row(9999, "the one good row"));
  const { status } = await importFile(app, "inbox/p_utf8.csv", enc.encode(rows.join("")));
  assert.equal(status.problems, 1500);
  assert.equal(status.imported, 1);
  const p = await problems(app);
  assert.equal(p.total, 1500);
  assert.equal(p.problems.length, 1000);
  assert.equal(p.kept, 1000);
  assert.equal(p.problems[999].line, 1001);
});

test("API misuse is answered 4xx with an error and changes nothing", async () => {
  app.files.set("inbox/ok.csv", fx.wechatMsgCsv(fx.PRIVATE));
  const bad = [
    [{ path: "../secret" }, 400],
    [{ path: "/etc/passwd" }, 400],
    [{ path: "inbox/../../x" }, 400],
    [{ path: "inbox\\x" }, 400],
    [{ path: "" }, 400],
    [{}, 400],
    [{ path: "inbox/missing.csv" }, 404],
    [{ path: "inbox/ok.csv", format: "pdf" }, 400],
    [{ path: "inbox/ok.csv", budget: 10 }, 400],
    [{ path: "inbox/ok.csv", budget: 1e12 }, 400],
    [{ path: "inbox/ok.csv", tzOffsetMinutes: 5000 }, 400],
    [{ path: "inbox/ok.csv", chat: "x".repeat(201) }, 400],
    [{ path: "inbox/ok.csv", chat: "a\u0000b" }, 400],
    [{ path: "inbox/ok.csv", me: [""] }, 400],
  ];
  for (const [body, status] of bad) {
    const r = await startImport(app, body);
    assert.equal(r.status, status, JSON.stringify(body) + " " + r.body);
    assert.ok(r.json().error);
  }
  assert.equal((await app.request("POST", "/import", { body: "{", headers: JSON_HEADERS })).status, 400);
  assert.equal((await app.request("POST", "/import", { body: '{"path":"inbox/ok.csv"}', headers: { "content-type": "text/plain" } })).status, 400);
  assert.equal((await app.request("POST", "/import/step")).status, 404, "no job yet");
  assert.equal((await app.request("GET", "/import")).json().state, "idle");
  assert.deepEqual(await chats(app), []);

  assert.equal((await startImport(app, { path: "inbox/ok.csv", budget: 256 })).status, 200);
  assert.equal((await startImport(app, { path: "inbox/ok.csv" })).status, 409, "one import at a time");
  assert.equal((await app.request("DELETE", "/import")).status, 204);
  assert.equal((await app.request("GET", "/import")).json().state, "idle");

  for (const id of ["c999", "..%2Fjob", "job", "C1", "c1%00", "c" + "1".repeat(20)]) {
    assert.equal((await app.request("GET", "/chats/" + id)).status, 404, id);
    assert.equal((await app.request("GET", `/chats/${id}/messages`)).status, 404, id);
    assert.equal((await app.request("GET", `/chats/${id}/export.csv`)).status, 404, id);
    assert.equal((await app.request("DELETE", "/chats/" + id)).status, 404, id);
  }
  await importFile(app, "inbox/ok.csv", fx.wechatMsgCsv(fx.PRIVATE));
  const c = await chatNamed(app, "ok");
  for (const query of ["limit=0", "limit=501", "limit=x", "from=2023-02-30", "to=2023/05", "before=nonsense", "before=1.zz"]) {
    assert.equal((await app.request("GET", `/chats/${c.id}/messages`, { query })).status, 400, query);
  }
  assert.equal((await app.request("GET", `/chats/${c.id}/export.csv`, { query: "part=1" })).status, 404);
  assert.equal((await app.request("GET", `/chats/${c.id}/export.csv`, { query: "part=-1" })).status, 400);
  assert.equal((await app.request("DELETE", "/inbox/..%2Fjob")).status, 404);
  assert.equal((await app.request("PATCH", "/chats")).status, 405);
});

test("markup in messages stays data", async () => {
  const evil = `<img src=x onerror=alert(1)></script>`;
  const csv = "Time,Sender,IsSender,Type,Text,Media\r\n" + `2024-01-01 00:00:00,${evil},0,text,${evil},\r\n`;
  await importFile(app, "inbox/evil.csv", enc.encode(csv));
  const c = (await chats(app))[0];
  const r = await app.request("GET", `/chats/${c.id}/messages`);
  assert.ok(!r.body.includes("<"), "no raw < in the JSON");
  assert.equal(r.json().messages[0].text, evil);
});

test("the inbox lists and deletes uploaded files", async () => {
  app.files.set("inbox/a.csv", enc.encode("x"));
  app.files.set("inbox/b.txt", enc.encode("yy"));
  const list = (await app.request("GET", "/inbox")).json();
  assert.deepEqual(list, [
    { name: "a.csv", path: "inbox/a.csv", size: 1 },
    { name: "b.txt", path: "inbox/b.txt", size: 2 },
  ]);
  assert.equal((await app.request("DELETE", "/inbox/a.csv")).status, 204);
  assert.equal((await app.request("DELETE", "/inbox/a.csv")).status, 404);
  assert.deepEqual([...app.files.keys()], ["inbox/b.txt"]);
});

test("a file with no messages at all says so", async () => {
  const page = "<!doctype html>\n<html><head><title>x - 微信聊天记录</title></head>\n<body>\n<script>var msgArray = [];</script>\n</body></html>\n";
  const { status } = await importFile(app, "inbox/async.html", enc.encode(page));
  assert.equal(status.state, "done");
  assert.equal(status.imported, 0);
  const p = (await problems(app)).problems;
  assert.equal(p.length, 1);
  assert.match(p[0].reason, /no messages found .*asynchronously/);
  assert.deepEqual(await chats(app), [], "no empty chat is listed");
});
