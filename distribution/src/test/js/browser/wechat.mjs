// SPDX-License-Identifier: Apache-2.0
// A ported WeChat mini-program (the todo fixture) in Chromium on a real node, as the owner opens
// it on its own: it renders under the node's CSP, adds a todo through its WXML events, and the
// todo is still there after a reload (wx storage kept by the node in the app's scope). Any page
// error or CSP violation fails it. Usage: node wechat.mjs CONFIG.json
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const problems = [];
const consoleLines = [];
const log = (m) => console.log(`[wechat] ${m}`);
const check = (ok, what) => {
  if (!ok) throw new Error(`check failed: ${what}`);
  log(`ok: ${what}`);
};

const browser = await chromium.launch({
  executablePath: config.chromium,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
});
let code = 1;
try {
  const ctx = await browser.newContext({ viewport: { width: 390, height: 760 } });
  // The postcard asks for the location: the browser has one to give, the user still decides.
  await ctx.grantPermissions(['geolocation'], { origin: config.url });
  await ctx.setGeolocation({ latitude: 31.2304, longitude: 121.4737 });
  await ctx.addCookies([{ name: config.cookieName, value: config.cookieValue, url: config.url }]);
  // The desktop keeps the session's CSRF token in sessionStorage; a page opened from it has it.
  await ctx.addInitScript((csrf) => {
    if (window.top === window) sessionStorage.setItem('elastos.csrf', csrf); // not in app frames: they have no storage
  }, config.csrf);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') consoleLines.push(`${m.type()}: ${m.text()}`);
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(`CSP: ${m.text()}`);
  });
  const app = `${config.url}/apps/${config.appId}/`;
  await page.goto(app);
  await page.getByText('Nothing to do').waitFor({ timeout: 30000 });
  check(true, 'the ported page renders');
  await page.locator('.draft input, input.draft').first().fill('买牛奶 milk');
  await page.getByText('Add', { exact: true }).click();
  await page.getByText('买牛奶 milk').waitFor({ timeout: 15000 });
  await page.getByText('1 left', { exact: false }).waitFor({ timeout: 15000 });
  check(true, 'a todo added through WXML events');
  // Give the runtime's storage write (through the app's API) time to land, then reload.
  await page.waitForTimeout(1000);
  await page.reload();
  await page.getByText('买牛奶 milk').waitFor({ timeout: 30000 });
  check(true, 'the todo survives a reload: wx storage is kept by the node');

  // The list/detail fixture: wx:for over a template, navigation with a query, the tabBar.
  if (config.shopId) {
    await page.goto(`${config.url}/apps/${config.shopId}/`);
    await page.getByText('Pu-erh').waitFor({ timeout: 30000 });
    check(await page.getByText('Longjing').count() > 0, 'the list renders every tea');
    await page.getByText('Pu-erh').click();
    await page.getByText('From Yunnan').waitFor({ timeout: 15000 });
    check(true, 'a tap opens the detail page with its query');
    await page.getByText('Add to cart').click();
    await page.getByText('In the cart').waitFor({ timeout: 15000 });
    await page.getByText('Back', { exact: true }).click();
    await page.getByText('Tieguanyin').waitFor({ timeout: 15000 });
    check(true, 'navigateBack returns to the list');
    await page.getByText('About', { exact: true }).click();
    await page.getByText('Cart: 1 item').waitFor({ timeout: 15000 });
    check(true, 'the tabBar switches tabs and the app state carries over');
  }
  // The form fixture: pickers, radio, switch, textarea, then wx.request through the node to the
  // developer's server (a local test server here, granted with --allow-host).
  if (config.signupId) {
    await page.goto(`${config.url}/apps/${config.signupId}/`);
    await page.locator('#send').waitFor({ timeout: 30000 });
    await page.locator('#send').click();
    await page.getByText('Please tell us your name.').waitFor({ timeout: 15000 });
    await page.locator('.wx-modal-confirm').click();
    check(true, 'a submit without a name shows the modal');
    await page.locator('wx-input input').first().fill('Wu Yi 武夷');
    await page.locator('#city .picked').click();
    await page.locator('.wx-picker-option', { hasText: 'Beijing' }).click();
    await page.locator('#city .picked', { hasText: 'Beijing' }).waitFor({ timeout: 15000 });
    await page.locator('#date .picked').click();
    await page.locator('.wx-picker-date').fill('2030-06-15');
    await page.locator('.wx-picker-confirm').click();
    await page.locator('#date .picked', { hasText: '2030-06-15' }).waitFor({ timeout: 15000 });
    check(true, 'the selector and date pickers set the page data');
    await page.locator('wx-radio').nth(2).click();
    await page.locator('wx-switch').click();
    await page.locator('wx-textarea textarea').fill('No nuts');
    await page.locator('#send').click();
    await page.getByText(`Booked: #${config.signupExpectId}`).waitFor({ timeout: 20000 });
    check(true, 'wx.request reached the developer server through the node and its answer shows');
  }

  // The larger program: a diary entry through its form (picker, input, a custom component),
  // the location refused in the runtime's dialog, then the History tab and the detail page.
  if (config.diaryId) {
    await page.goto(`${config.url}/apps/${config.diaryId}/`);
    await page.getByText('Your entries will show up here').waitFor({ timeout: 30000 });
    await page.locator('#add').click();
    await page.locator('#activity').click();
    await page.locator('.wx-picker-option', { hasText: 'Running' }).click();
    await page.locator('#steps input').fill('12345');
    await page.locator('wx-mood-picker .mood-label', { hasText: 'Great' }).click();
    await page.locator('#note textarea').fill('Morning run by the river');
    await page.locator('#save').click();
    await page.getByText('Your location tags diary entries with the place').waitFor({ timeout: 15000 });
    await page.locator('.wx-modal-cancel').click();
    await page.locator('#steps .stat-value', { hasText: '12,345' }).waitFor({ timeout: 15000 });
    check(true, 'a diary entry saved through the form (location refused, entry kept)');
    await page.locator('.wx-tabbar-item', { hasText: 'History' }).locator('.wx-tabbar-badge', { hasText: '1' }).waitFor({ timeout: 15000 });
    check(true, 'the entry waiting to sync shows as a badge on the History tab');
    await page.locator('.wx-tabbar-item', { hasText: 'History' }).click();
    await page.locator('.entry-title', { hasText: 'Running · 12,345 steps' }).click();
    await page.locator('.place-text', { hasText: 'No place recorded' }).waitFor({ timeout: 15000 });
    check(true, 'History lists it and its detail page opens');
    await page.reload();
    await page.locator('#steps .stat-value', { hasText: '12,345' }).waitFor({ timeout: 30000 });
    check(true, 'the diary keeps the entry across a reload (wx storage on the node)');
  }

  // The photo postcard: a stamp downloaded through the node, a photo picked from the owner's
  // files and previewed, the location with the user's consent, the postcard uploaded.
  if (config.postcardId) {
    const loaded = (sel) => page.waitForFunction((s) => {
      const img = document.querySelector(s);
      return img && img.src.startsWith('blob:') && img.complete && img.naturalWidth > 0;
    }, sel, { timeout: 20000 });
    await page.goto(`${config.url}/apps/${config.postcardId}/`);
    await loaded('#stamp img');
    check(true, 'the stamp downloaded by the node shows (a blob: image under the app CSP)');
    await page.locator('#pick').click();
    await page.locator('.wx-chooser-folder', { hasText: 'Photos' }).click();
    await page.locator('.wx-chooser-image[data-path="wxfile://owner/Photos/beach.jpg"]').click();
    await page.locator('.wx-chooser-confirm').click();
    await loaded('#photo img');
    const size = await page.evaluate(() => { const i = document.querySelector('#photo img'); return [i.naturalWidth, i.naturalHeight]; });
    check(size[0] === 1024 && Math.abs(size[1] - 683) <= 1, `the picked photo shows as the node's scaled copy (${size})`);
    // getImageInfo reads the copy an upload sends: the node's 2048-px JPEG of the 2400×1600 photo.
    await page.locator('#size', { hasText: /^2048×136[45]$/ }).waitFor({ timeout: 15000 });
    check(true, 'getImageInfo answered the size of the node\'s 2048-px copy');
    await page.locator('#photo').click();
    await loaded('.wx-preview-image');
    await page.locator('.wx-preview').click();
    check(true, 'previewImage shows the photo and closes on a tap');
    await page.locator('#locate').click();
    await page.getByText('To print where you are on the postcard').waitFor({ timeout: 15000 });
    await page.locator('.wx-modal-confirm').click();
    await page.locator('#place', { hasText: '31.23, 121.47' }).waitFor({ timeout: 15000 });
    check(true, 'getLocation after the user allowed it in the runtime dialog');
    await page.locator('#message textarea').fill('Greetings 你好');
    await page.locator('#send').click();
    await page.locator('#status', { hasText: 'Sent: postcard #' }).waitFor({ timeout: 30000 });
    check(true, 'uploadFile sent the postcard through the node');
  }

  // Layout APIs against Chromium's real layout: SelectorQuery measures the wall, an
  // IntersectionObserver loads only the photos in view, onReachBottom loads the next page.
  if (config.galleryId) {
    await page.goto(`${config.url}/apps/${config.galleryId}/`);
    const bar = page.locator('.bar');
    await bar.filter({ hasText: /Wall [1-9]\d*px · 12 loaded/ }).waitFor({ timeout: 30000 });
    const pageEl = page.locator('wx-page:not([inactive])');
    const viewport = await pageEl.evaluate((el) => el.clientWidth);
    const width = Number(/Wall (\d+)px/.exec(await bar.textContent())[1]);
    check(Math.abs(width - viewport) <= 1, `createSelectorQuery measured the wall: ${width}px of a ${viewport}px page`);
    await bar.filter({ hasText: /· [1-9]\d* shown/ }).waitFor({ timeout: 15000 });
    const shown = Number(/(\d+) shown/.exec(await bar.textContent())[1]);
    const tilesInView = await pageEl.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return [...el.querySelectorAll('.tile')].filter((t) => { const b = t.getBoundingClientRect(); return b.bottom > r.top && b.top < r.bottom; }).length;
    });
    check(shown === tilesInView && shown < 12, `the IntersectionObserver showed the ${tilesInView} tiles in view, not all 12 (${shown})`);
    check(await page.locator('.tile .photo img').count() === shown, 'only those photos are loaded');
    await pageEl.evaluate((el) => { el.scrollTop = el.scrollHeight; });
    await bar.filter({ hasText: '24 loaded' }).waitFor({ timeout: 15000 });
    check(true, 'onReachBottom loaded the next page');
    await page.waitForFunction(() => { const m = /(\d+) shown/.exec(document.querySelector('.bar').textContent); return m && Number(m[1]) > 0; });
    await page.locator('#top').click();
    await page.waitForFunction(() => document.querySelector('wx-page:not([inactive])').scrollTop === 0, null, { timeout: 10000 });
    check(true, 'pageScrollTo went back to the top');
  }

  // Hostile templates inside a desktop window: nothing runs, nothing reaches the desktop, and
  // storage over WeChat's item limit is refused while a normal write goes through the bridge.
  if (config.hostileId) {
    await page.goto(`${config.url}/`);
    await page.locator('#desktop').waitFor({ state: 'visible', timeout: 30000 });
    const title = await page.title();
    await page.locator('.dock-item[data-key="apps"]').click();
    await page.getByRole('button', { name: `Open ${config.hostileName}` }).click();
    const sel = `iframe[data-app="${config.hostileId}"]`;
    const frame = page.frameLocator(sel);
    await frame.locator('#note').waitFor({ timeout: 30000 });
    const appFrame = page.frames().find((f) => f.url().includes(`/apps/${config.hostileId}/`));
    check(appFrame, 'the ported app runs in a desktop window frame');
    for (const id of ['a', 'b', 'c']) check(await frame.locator(`#${id}`).textContent() === '', `#${id}: the hostile expression renders nothing`);
    check(await frame.locator('#d').textContent() === '<img src="x" onerror="window.__wxPwned = true; parent.__wxPwned = true">', 'markup in data is text');
    check(await frame.locator('#d img').count() === 0, 'no element made from data');
    await frame.locator('#big').click();
    await frame.locator('#result', { hasText: 'exceed storage item max length' }).waitFor({ timeout: 15000 });
    check(true, 'a 1.1 MB storage item is refused with WeChat\'s message');
    await frame.locator('#small').click();
    await frame.locator('#result', { hasText: 'note stored' }).waitFor({ timeout: 15000 });
    await page.waitForTimeout(1000);
    check(await page.evaluate(() => window.__wxPwned) === undefined, 'the desktop was not touched');
    check(await appFrame.evaluate(() => window.__wxPwned) === undefined, 'nothing ran in the app frame');
    check(await page.title() === title, 'the desktop title is unchanged');
    await appFrame.goto(appFrame.url());
    await page.frameLocator(sel).locator('#note', { hasText: 'note: 安全 safe' }).waitFor({ timeout: 30000 });
    check(true, 'the note written through the desktop bridge is there after the frame reloads');
  }

  check(problems.length === 0, `no page errors or CSP violations: ${JSON.stringify(problems)}`);
  code = 0;
} catch (e) {
  log(`FAILED: ${e.message}`);
  if (problems.length) log(`problems: ${JSON.stringify(problems)}`);
  if (consoleLines.length) log(`console:\n${consoleLines.slice(-30).join('\n')}`);
  for (const p of browser.contexts().flatMap((c) => c.pages())) {
    const text = await p.locator('body').innerText().catch(() => '');
    log(`page ${p.url()}:\n${text.slice(0, 2000)}`);
  }
} finally {
  await browser.close();
}
process.exit(code);
