// Drives both pages in Chromium (playwright-core) against build/app.wasm with the SDK's
// stand-ins, served by a small stand-in node: the owner picks the album and makes a code, the
// frame pairs and shows photos, the owner revokes it and the frame falls back to "unpaired".
//   node --preserve-symlinks ui-test/photo-frame-ui.mjs PLAYWRIGHT_CORE_DIR CHROMIUM
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize } from "node:path";
import { loadApp } from "../sdk/testing.mjs";

const [playwrightDir, chromiumPath] = process.argv.slice(2);
const { chromium } = await import(playwrightDir + "/index.mjs");
const HERE = new URL("..", import.meta.url).pathname;
const PREFIX = "/apps/org.elastos.photo-frame/";
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0]);
// A real 1x1 JPEG, sent in place of the stand-in decoder's "thumb:<path>:<edge>" text.
const PIXEL = Buffer.from(
  "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=",
  "base64",
);
Buffer.poolSize = 0; // see test/photo-frame.test.mjs

const app = await loadApp(join(HERE, "build/app.wasm"), {
  ownerFiles: new Map([
    ["/Photos/Holiday/a.jpg", JPEG],
    ["/Photos/Holiday/b.jpg", JPEG],
    ["/Photos/Other/c.jpg", JPEG],
  ]),
});
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css" };

// The node's part: public frame/ routes reach the app as "anonymous", the rest as the owner.
const server = createServer(async (req, res) => {
  const url = new URL(req.url, "http://x");
  res.setHeader("Content-Security-Policy", "default-src 'self'; img-src 'self' blob:; frame-ancestors 'self'");
  if (url.pathname.startsWith(PREFIX + "api/")) {
    const path = url.pathname.slice(PREFIX.length + 3);
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const caller = path.startsWith("/frame/") ? { did: "", role: "anonymous" } : { did: "did:key:z6MkOwner", role: "owner" };
    const headers = req.headers["content-type"] ? { "content-type": req.headers["content-type"] } : {};
    const r = await app.request(req.method, path, { query: url.search.slice(1), body: Buffer.concat(chunks), headers, caller });
    res.writeHead(r.status, r.headers);
    res.end(r.headers["content-type"] === "image/jpeg" ? PIXEL : r.body);
    return;
  }
  const file = normalize(url.pathname.slice(PREFIX.length) || "index.html");
  try {
    const body = await readFile(join(HERE, "build/ui", file));
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const base = `http://127.0.0.1:${server.address().port}${PREFIX}`;

const browser = await chromium.launch({ executablePath: chromiumPath, args: ["--no-sandbox"] });
try {
  const errors = [];
  const watch = (page) => {
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => m.type() === "error" && !/Failed to load resource/.test(m.text()) && errors.push(m.text()));
  };
  const owner = await (await browser.newContext()).newPage();
  watch(owner);
  await owner.goto(base);
  await owner.click("#folders button:text-is('Photos')");
  await owner.click("#folders button:text-is('Holiday')");
  await owner.locator("#here", { hasText: "2 photos in /Photos/Holiday" }).waitFor();
  await owner.click("#pick");
  await owner.locator("#album", { hasText: "/Photos/Holiday (2 photos)" }).waitFor();
  await owner.fill("#interval", "5");
  await owner.click("#settings button");
  await owner.locator("#settings-status", { hasText: "Saved" }).waitFor();
  await owner.click("#pair");
  await owner.locator("#code", { hasText: /^[A-Z2-9]{4} [A-Z2-9]{4}$/ }).waitFor();
  const code = (await owner.locator("#code").innerText()).replace(" ", "");
  assert.match(code, /^[A-Z2-9]{8}$/);

  const frame = await (await browser.newContext()).newPage();
  watch(frame);
  await frame.goto(base + "frame.html");
  await frame.fill("#code", "wrong-code");
  await frame.click("#pair-form button");
  await frame.locator("#pair-error", { hasText: "wrong" }).waitFor();
  await frame.fill("#code", code.toLowerCase());
  await frame.fill("#name", "Hall <b>");
  await frame.click("#pair-form button");
  await frame.locator("#show img.on").waitFor();
  const first = await frame.locator("#show img.on").getAttribute("src");
  assert.match(first, /^api\/frame\/image\?token=[0-9a-f]{64}&id=[0-9a-f]{16}&edge=\d+$/);
  await frame.waitForFunction((src) => document.querySelector("#show img.on")?.getAttribute("src") !== src, first, { timeout: 8000 });

  await owner.reload();
  const row = owner.locator("#devices tr", { hasText: "Hall <b>" });
  await row.waitFor();
  await row.locator("button").click();
  await row.locator("button").click();
  await owner.locator("#no-devices").waitFor();

  await frame.reload();
  await frame.locator("#pair-message", { hasText: "unpaired" }).waitFor();
  assert.equal(await frame.evaluate(() => localStorage.length), 0, "the revoked token is forgotten");
  assert.deepEqual(errors, []);
  console.log("photo-frame UI: ok");
} finally {
  await browser.close();
  server.close();
  app.close();
}
