// Drives the Notes UI in Chromium (playwright-core): sign in with a password, create a note with
// markup in it, see it in the list and the tag bar, search, delete. Run by MiniAppsIT:
//   node notes-ui.mjs BASE_URL USERNAME PASSWORD PLAYWRIGHT_CORE_DIR CHROMIUM
// The page is opened at its own URL, the way the desktop does with the CSRF token it keeps.
import assert from "node:assert/strict";

const [base, username, password, playwrightDir, chromiumPath] = process.argv.slice(2);
const { chromium } = await import(playwrightDir + "/index.mjs");
const browser = await chromium.launch({ executablePath: chromiumPath, args: ["--no-sandbox"] });
try {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("dialog", (d) => d.accept());
  const signIn = await page.request.post(base + "/api/auth/login/password", { data: { username, password } });
  assert.equal(signIn.status(), 200, await signIn.text());
  const { csrf } = await signIn.json();
  await page.goto(base + "/apps/org.elastos.notes/");
  await page.evaluate((t) => sessionStorage.setItem("elastos.csrf", t), csrf);
  await page.reload();

  await page.click("#new");
  await page.fill("#title", "Groceries <b>");
  await page.fill("#note-tags", "home, Todo");
  await page.fill("#body", "# Buy\n- **milk**\n- <img src=x onerror=alert(1)>\n[link](https://example.com)\n[bad](javascript:alert(1))");
  assert.equal(await page.locator("#preview h1").innerText(), "Buy");
  assert.equal(await page.locator("#preview strong").innerText(), "milk");
  assert.equal(await page.locator("#preview img").count(), 0, "markup in a note stays text");
  assert.deepEqual(await page.locator("#preview a").evaluateAll((as) => as.map((a) => a.href)), ["https://example.com/"]);
  await page.click("#save");
  await page.locator("#status", { hasText: "Saved" }).waitFor();
  await page.locator("#list li", { hasText: "Groceries <b>" }).waitFor();
  await page.locator("#tags button", { hasText: "#todo 1" }).waitFor();

  await page.fill("#search", "milk");
  await page.locator("#list li").first().waitFor();
  await page.fill("#search", "nothing-like-this");
  await page.waitForFunction(() => document.querySelectorAll("#list li").length === 0);
  await page.fill("#search", "");
  await page.locator("#list li").first().waitFor();

  await page.click("#list li button");
  await page.click("#delete");
  await page.waitForFunction(() => document.querySelectorAll("#list li").length === 0);
  assert.deepEqual(errors, []);
  console.log("notes UI: create, preview, list, tags, search, delete ok");
} finally {
  await browser.close();
}
