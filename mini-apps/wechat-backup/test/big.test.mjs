// A 20 MB export imports in steps within the app's 64 MiB memory; prints the throughput.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { loadApp } from "../sdk/testing.mjs";
import * as fx from "./fixtures.mjs";
import { allMessages, chatNamed, importFile, search, WASM } from "./helpers.mjs";

function leb(n) {
  const out = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

function readLeb(buf, at) {
  let n = 0;
  let shift = 0;
  let i = at;
  for (;;) {
    const b = buf[i++];
    n |= (b & 0x7f) << shift;
    shift += 7;
    if (!(b & 0x80)) return [n >>> 0, i];
  }
}

/** The module with its memory capped at pages (64 KiB each), as the node does for memoryMiB. */
function capMemory(wasm, pages) {
  const out = [wasm.subarray(0, 8)];
  let at = 8;
  while (at < wasm.length) {
    const id = wasm[at];
    const [size, body] = readLeb(wasm, at + 1);
    if (id === 5) {
      const [count, p] = readLeb(wasm, body);
      assert.equal(count, 1);
      const flags = wasm[p];
      const [min] = readLeb(wasm, p + 1);
      assert.ok(flags === 0 || flags === 1);
      const content = [...leb(1), 1, ...leb(min), ...leb(pages)];
      out.push(Uint8Array.from([5, ...leb(content.length), ...content]));
    } else {
      out.push(wasm.subarray(at, body + size));
    }
    at = body + size;
  }
  return Buffer.concat(out);
}

test("a 20 MB WeChatMsg CSV imports in steps under the memory cap", async () => {
  const dir = mkdtempSync(join(tmpdir(), "wechat-backup-"));
  const capped = join(dir, "app.wasm");
  writeFileSync(capped, capMemory(readFileSync(WASM), 1024)); // 64 MiB
  const app = await loadApp(capped);
  try {
    const { bytes, count } = fx.bigWechatMsgCsv(20 * 1000 * 1000);
    const t0 = performance.now();
    const { status, steps, times } = await importFile(app, "inbox/大群_utf8.csv", bytes);
    const seconds = (performance.now() - t0) / 1000;
    assert.equal(status.state, "done");
    assert.equal(status.problems, 0);
    assert.equal(status.imported, count);
    assert.equal(steps, Math.ceil(bytes.length / (4 << 20)), "each step reads about the default 4 MiB budget");
    const mb = bytes.length / 1e6;
    console.log(
      `# 20 MB import: ${count} messages, ${mb.toFixed(1)} MB in ${steps} steps, ${seconds.toFixed(2)} s ` +
        `(${(mb / seconds).toFixed(1)} MB/s, ${Math.round(count / seconds)} messages/s); ` +
        `slowest step ${Math.max(...times).toFixed(0)} ms; kv keys ${app.kv.size}, ` +
        `largest kv value ${Math.max(...[...app.kv.values()].map((v) => v.length))} bytes`,
    );
    const c = await chatNamed(app, "大群");
    assert.equal(c.count, count);
    assert.equal(c.isGroup, true);

    let t1 = performance.now();
    const hits = await search(app, "q=" + encodeURIComponent("爬山 coffee") + "&limit=50");
    console.log(`# search "爬山 coffee": ${hits.length} hits in ${(performance.now() - t1).toFixed(0)} ms`);
    assert.ok(hits.length > 0 && hits.every((h) => h.snippet.includes("爬山")));
    t1 = performance.now();
    const rare = await search(app, "q=%23" + (count - 5));
    console.log(`# search a rare word across the archive: ${(performance.now() - t1).toFixed(0)} ms`);
    assert.equal(rare.length, 1);
    const latest = await allMessages(app, c.id, "from=" + rare[0].time.slice(0, 10));
    assert.ok(latest.length >= 5);

    t1 = performance.now();
    const info = (await app.request("GET", "/chats/" + c.id)).json();
    let rows = 0;
    for (let part = 0; part < info.exportParts; part++) {
      const r = await app.request("GET", `/chats/${c.id}/export.csv`, { query: "part=" + part });
      assert.equal(r.status, 200);
      assert.ok(Buffer.byteLength(r.body) < 4 << 20, "each part fits the node's output cap");
      rows += fx.parseCsv(part === 0 ? r.body.slice(1) : r.body).length - (part === 0 ? 1 : 0);
    }
    console.log(`# export: ${info.exportParts} parts in ${((performance.now() - t1) / 1000).toFixed(2)} s`);
    assert.equal(rows, count);
  } finally {
    app.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
