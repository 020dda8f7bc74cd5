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
  check(problems.length === 0, `no page errors or CSP violations: ${JSON.stringify(problems)}`);
  code = 0;
} catch (e) {
  log(`FAILED: ${e.message}`);
  if (problems.length) log(`problems: ${JSON.stringify(problems)}`);
} finally {
  await browser.close();
}
process.exit(code);
