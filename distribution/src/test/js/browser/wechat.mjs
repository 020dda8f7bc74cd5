// SPDX-License-Identifier: Apache-2.0
// A ported WeChat mini-program (the todo fixture) in Chromium on a real node, as the owner opens
// it on its own: it renders under the node's CSP, adds a todo through its WXML events, and the
// todo is still there after a reload (wx storage kept by the node in the app's scope). Any page
// error or CSP violation fails it. Usage: node wechat.mjs CONFIG.json
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const problems = [];
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
  await ctx.addCookies([{ name: config.cookieName, value: config.cookieValue, url: config.url }]);
  // The desktop keeps the session's CSRF token in sessionStorage; a page opened from it has it.
  await ctx.addInitScript((csrf) => sessionStorage.setItem('elastos.csrf', csrf), config.csrf);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
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

  check(problems.length === 0, `no page errors or CSP violations: ${JSON.stringify(problems)}`);
  code = 0;
} catch (e) {
  log(`FAILED: ${e.message}`);
  if (problems.length) log(`problems: ${JSON.stringify(problems)}`);
} finally {
  await browser.close();
}
process.exit(code);
