// SPDX-License-Identifier: Apache-2.0
//
// Drives the web desktop in a real Chromium (playwright-core) for DesktopIT. The owner's wallet is
// an injected EIP-1193 provider backed by an ethers Wallet, so the real Sign-In with Ethereum path
// runs: the page builds the EIP-4361 message and asks personal_sign, ethers signs it.
//
//   node journeys.mjs CONFIG.json
//
// CONFIG: {url, setupCode, chromium, profiles, screenshots, results,
//          bigFile: {path, name, sha256, size}, app: {id, name, publisher, capabilities,
//          v1, v2, unsigned, tampered, licensed}, member: {username, password}}
//
// Every check throws on failure; the script then saves failure-<step>.png, prints the error and
// exits 1. On success it writes the RESULTS file (what the Java test checks again on its own) and
// exits 0. It closes every browser it starts.

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { Wallet, getBytes, toUtf8String } from 'ethers';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const BASE = config.url.replace(/\/$/, '');
const HOST = new URL(BASE).host;
const results = { screenshots: [], steps: [] };
const contexts = [];
let current = 'start';
let currentPage = null;

function log(...args) {
  process.stdout.write(`[journeys] ${args.join(' ')}\n`);
}

function check(cond, message) {
  if (!cond) throw new Error(`check failed: ${message}`);
}

function sha256(buf) {
  return createHash('sha256').update(buf).digest('hex');
}

async function step(name, fn) {
  current = name;
  const t0 = Date.now();
  await fn();
  const ms = Date.now() - t0;
  results.steps.push({ name, ms });
  log(`ok ${name} (${ms} ms)`);
}

async function shot(page, name) {
  mkdirSync(config.screenshots, { recursive: true });
  const file = join(config.screenshots, `${name}.png`);
  // Notifications come and go; the screenshot is of the screen under them.
  await page.evaluate(() => document.getElementById('toasts')?.replaceChildren());
  await page.screenshot({ path: file, fullPage: false });
  results.screenshots.push(file);
}

async function launch(name) {
  const ctx = await chromium.launchPersistentContext(join(config.profiles, name), {
    executablePath: config.chromium,
    headless: true,
    viewport: { width: 1280, height: 860 },
    acceptDownloads: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  contexts.push(ctx);
  return ctx;
}

/** Collects uncaught page errors and CSP violations: the desktop must cause neither. */
function watch(page, problems) {
  const note = (p) => { problems.push(p); log(`problem: ${p}`); };
  page.on('pageerror', (e) => note(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to (execute|apply|load)/i.test(m.text())) {
      note(`CSP: ${m.text()}`);
    }
  });
  page.on('requestfailed', (r) => log(`request failed: ${r.method()} ${r.url()} ${r.failure() && r.failure().errorText}`));
}

/** The owner's wallet: an EIP-1193 provider in the page whose signing happens here, in ethers. */
async function installWallet(ctx, wallet, signed) {
  await ctx.exposeBinding('__elastosTestWallet', async (_source, method, params) => {
    switch (method) {
      case 'eth_requestAccounts':
      case 'eth_accounts':
        // Lowercase, as many wallets answer: the page must make the EIP-55 form itself.
        return [wallet.address.toLowerCase()];
      case 'eth_chainId':
        return '0x1';
      case 'personal_sign': {
        const [data, address] = params;
        if (address.toLowerCase() !== wallet.address.toLowerCase()) throw new Error(`personal_sign for another account ${address}`);
        const bytes = getBytes(data);
        signed.push(toUtf8String(bytes));
        return wallet.signMessage(bytes);
      }
      default:
        throw new Error(`test wallet: unsupported method ${method}`);
    }
  });
  await ctx.addInitScript(() => {
    window.ethereum = {
      isElastosTestWallet: true,
      request: ({ method, params }) => window.__elastosTestWallet(method, params || []),
      on() {},
      removeListener() {},
    };
  });
}

/** fetch() inside the page (same origin, the session cookie): {status, sha256?, json?}. */
function pageFetch(page, path, { hash = false } = {}) {
  return page.evaluate(async ([p, h]) => {
    const r = await fetch(p, { credentials: 'same-origin' });
    if (h) {
      const d = new Uint8Array(await crypto.subtle.digest('SHA-256', await r.arrayBuffer()));
      return { status: r.status, sha256: [...d].map((b) => b.toString(16).padStart(2, '0')).join('') };
    }
    const text = await r.text();
    let json = null;
    try { json = JSON.parse(text); } catch { /* not JSON */ }
    return { status: r.status, json, headers: Object.fromEntries(r.headers.entries()) };
  }, [path, hash]);
}

async function openDock(page, key) {
  await page.locator(`.dock-item[data-key="${key}"]`).click();
  await page.locator(`section.window[data-key="${key}"]`).waitFor({ state: 'visible' });
}

async function expectDesktop(page, role) {
  await page.locator('#desktop').waitFor({ state: 'visible', timeout: 20000 });
  await page.locator('#who .role', { hasText: role }).waitFor({ timeout: 10000 });
}

async function ownerJourney() {
  // The Java side gives the key whose wallet holds the license tokens on the local chain.
  const wallet = config.ownerKey ? new Wallet(config.ownerKey) : Wallet.createRandom();
  results.ownerAddress = wallet.address;
  const signed = [];
  const problems = [];
  const ctx = await launch('owner');
  await installWallet(ctx, wallet, signed);
  const page = ctx.pages()[0] || await ctx.newPage();
  currentPage = page;
  watch(page, problems);

  await step('login page and its security headers', async () => {
    const resp = await page.goto(`${BASE}/`);
    check(resp.status() === 200, `GET / answered ${resp.status()}`);
    const h = resp.headers();
    const csp = h['content-security-policy'] || '';
    check(csp.includes("default-src 'self'") && csp.includes("frame-ancestors 'none'") && !csp.includes('unsafe-inline'), `CSP: ${csp}`);
    check(h['x-content-type-options'] === 'nosniff', 'nosniff');
    check(h['referrer-policy'] === 'no-referrer', 'no-referrer');
    await page.locator('#login').waitFor({ state: 'visible' });
    const js = await pageFetch(page, '/desktop/js/main.js');
    check(js.status === 200 && js.headers['content-type'].startsWith('text/javascript') && js.headers['content-security-policy'], `main.js headers ${JSON.stringify(js.headers)}`);
    check((await pageFetch(page, '/api/files/list?path=/')).status === 401, 'the APIs stay guarded before sign-in');
    await shot(page, 'login');
  });

  await step('first-run owner setup with the setup code and the wallet', async () => {
    await page.getByRole('tab', { name: 'First setup' }).click();
    await page.getByLabel('Setup code').fill(config.setupCode);
    await page.getByRole('button', { name: 'Become the owner' }).click();
    await expectDesktop(page, 'owner');
    check(signed.length === 1, `one message signed, got ${signed.length}`);
    const m = signed[0];
    check(m.startsWith(`${HOST} wants you to sign in with your Ethereum account:\n${wallet.address}\n\n`), `SIWE header and EIP-55 address: ${m}`);
    check(m.includes(`\nURI: ${BASE}\n`) || m.includes(`\nURI: ${BASE}/\n`), `URI line: ${m}`);
    check(/\nVersion: 1\nChain ID: 1\nNonce: [A-Za-z0-9]{8,}\nIssued At: \S+\nExpiration Time: \S+$/.test(m), `fields: ${m}`);
    const who = await pageFetch(page, '/api/auth/whoami');
    check(who.json && who.json.role === 'owner' && who.json.did === `did:pkh:eip155:1:${wallet.address.toLowerCase()}`, `whoami ${JSON.stringify(who.json)}`);
  });

  await step('sign out and sign in again with the wallet', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.locator('#login').waitFor({ state: 'visible' });
    check((await pageFetch(page, '/api/auth/whoami')).status === 401, 'signed out');
    await page.getByRole('tab', { name: 'Wallet' }).click();
    await page.getByRole('button', { name: 'Sign in with wallet' }).click();
    await expectDesktop(page, 'owner');
    check(signed.length === 2, 'a second SIWE message');
    await shot(page, 'desktop');
  });

  const big = config.bigFile;
  await step('upload 20 MiB with a moving progress bar, resuming after a broken piece', async () => {
    await page.locator('section.window[data-key="files"]').waitFor({ state: 'visible' });
    await page.evaluate(() => {
      window.__progress = [];
      window.__notes = [];
      new MutationObserver((records) => {
        for (const r of records) {
          const t = r.target.nodeType === 1 ? r.target : r.target.parentElement;
          if (t && t.tagName === 'PROGRESS') window.__progress.push(Number(t.getAttribute('value')));
          const s = t && t.closest && t.closest('.upload-note');
          if (s) window.__notes.push(s.textContent);
        }
      }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['value'], childList: true, characterData: true });
    });
    // Break the connection of the second piece once: the page must ask the node for `received`
    // and go on from there.
    let broken = 0;
    const piece = /\/api\/files\/uploads\/[^/?]+\?offset=(\d+)/;
    await page.route(piece, async (route) => {
      const offset = Number(new URL(route.request().url()).searchParams.get('offset'));
      if (broken === 0 && offset > 0) {
        broken++;
        await route.abort('connectionreset');
      } else {
        await route.continue();
      }
    });
    await page.locator('#file-picker').setInputFiles(big.path);
    await page.locator(`li.upload[data-name="${big.name}"] .upload-status`, { hasText: 'done' }).waitFor({ timeout: 90000 });
    await page.unroute(piece);
    const values = await page.evaluate(() => window.__progress);
    const notes = await page.evaluate(() => window.__notes);
    const size = big.size;
    const between = [...new Set(values.filter((v) => v > 0 && v < size))];
    check(between.length >= 3, `the progress bar moved through intermediate values: ${JSON.stringify(values)}`);
    check(values[values.length - 1] === size, `the progress bar ends full: ${values[values.length - 1]}`);
    check(broken === 1, 'one piece was broken');
    check(notes.some((n) => /the node holds \d+(\.\d)? [KM]iB, resuming there/.test(n)), `the page resumed from the node's count: ${JSON.stringify([...new Set(notes)])}`);
    results.progress = between;
    await page.locator(`tr[data-name="${big.name}"]`).waitFor();
    check((await page.locator(`tr[data-name="${big.name}"] td`).nth(1).textContent()).includes('20.0 MiB'), 'listed with its size');
  });

  await step('download it and compare the bytes', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: `Download ${big.name}` }).click(),
    ]);
    const file = join(config.profiles, `downloaded-${big.name}`);
    await download.saveAs(file);
    const got = sha256(readFileSync(file));
    check(got === big.sha256, `downloaded SHA-256 ${got}, uploaded ${big.sha256}`);
    results.downloadedSha256 = got;
  });

  await step('publish to IPFS and read the CID', async () => {
    await page.getByRole('button', { name: `Publish ${big.name} to IPFS` }).click();
    const cidEl = page.locator('.published-item .cid').first();
    await cidEl.waitFor({ timeout: 60000 });
    const cid = (await cidEl.textContent()).trim();
    check(/^baf[a-z2-7]{50,}$/.test(cid), `a CIDv1: ${cid}`);
    const href = await page.locator('.published-item a[href^="/ipfs/"]').first().getAttribute('href');
    check(href === `/ipfs/${cid}`, `link ${href}`);
    const car = await page.locator('.published-item a[href^="/api/files/car"]').first().getAttribute('href');
    check(car === `/api/files/car?cid=${cid}`, `CAR export link ${car}`);
    const viaGateway = await pageFetch(page, href, { hash: true });
    check(viaGateway.status === 200 && viaGateway.sha256 === big.sha256, `GET ${href}: ${JSON.stringify(viaGateway)}`);
    results.cid = cid;
    await shot(page, 'files');
  });

  await step('drag-and-drop upload, versions and restore, rename, delete and undo', async () => {
    const row = (name) => page.locator(`tr[data-name="${name}"]`);
    const version = (name) => row(name).locator('td').nth(2);
    const dt = await page.evaluateHandle(() => {
      const d = new DataTransfer();
      d.items.add(new File(['first version\n'], 'notes.txt', { type: 'text/plain' }));
      return d;
    });
    const zone = page.locator('section.window[data-key="files"] .files');
    await zone.dispatchEvent('dragenter', { dataTransfer: dt });
    await zone.dispatchEvent('drop', { dataTransfer: dt });
    await row('notes.txt').waitFor();
    await page.locator('#file-picker').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('second version\n') });
    await version('notes.txt').filter({ hasText: /^2$/ }).waitFor();
    await page.getByRole('button', { name: 'Versions of notes.txt' }).click();
    await page.locator('dialog[open]').getByRole('button', { name: 'Restore version 1' }).click();
    await version('notes.txt').filter({ hasText: /^3$/ }).waitFor();
    const body = await page.evaluate(() => fetch('/api/files/content?path=%2Fnotes.txt').then((r) => r.text()));
    check(body === 'first version\n', `version 1 restored as the newest: ${JSON.stringify(body)}`);
    await page.getByRole('button', { name: 'Rename or move notes.txt' }).click();
    await page.locator('dialog[open]').getByLabel('New path').fill('/notes-renamed.txt');
    await page.locator('dialog[open]').getByRole('button', { name: 'Move' }).click();
    await row('notes-renamed.txt').waitFor();
    check(await row('notes.txt').count() === 0, 'the old name is gone');
    await page.getByRole('button', { name: 'Delete notes-renamed.txt' }).click();
    await page.locator('dialog[open]').getByRole('button', { name: 'Delete' }).click();
    await row('notes-renamed.txt').waitFor({ state: 'detached' });
    await page.locator('.toast').getByRole('button', { name: 'Undo' }).click();
    await row('notes-renamed.txt').waitFor();
  });

  const app = config.app;
  const row = page.locator(`tr[data-app="${app.id}"]`);
  await step('preview a signed .wapp and install it, trusting its publisher and granting its capabilities', async () => {
    await openDock(page, 'apps');
    await page.locator('#wapp-picker').setInputFiles(app.v1);
    await page.locator('.preview [data-verdict="verified"]').waitFor({ timeout: 30000 });
    check((await page.locator('.preview .publisher').textContent()) === app.publisher, 'publisher DID shown');
    const caps = page.locator('.preview input[name="cap"]');
    check(await caps.count() === app.capabilities.length, 'one checkbox per requested capability');
    for (const c of app.capabilities) check(await page.locator(`.preview input[name="cap"][value="${c}"]`).isChecked(), `${c} granted by default`);
    await shot(page, 'install-preview');
    await page.getByRole('button', { name: `Install ${app.name} 1.0.0` }).click();
    // The publisher is not trusted yet: the refusal names the trust step and offers to trust it.
    await page.getByRole('button', { name: /^Trust publisher / }).click();
    await row.locator('.version', { hasText: '1.0.0' }).waitFor({ timeout: 30000 });
    const d = await pageFetch(page, `/api/apps/${app.id}`);
    check(JSON.stringify([...d.json.grants].sort()) === JSON.stringify([...app.capabilities].sort()), `grants ${JSON.stringify(d.json.grants)}`);
    check(d.json.state === 'running', `state ${d.json.state}`);
    await shot(page, 'apps');
  });

  const frameSel = `iframe[data-app="${app.id}"]`;
  await step('open the app UI in a sandboxed frame', async () => {
    await page.getByRole('button', { name: `Open ${app.name}` }).click();
    const frame = page.locator(frameSel);
    await frame.waitFor();
    const sandbox = await frame.getAttribute('sandbox');
    check(sandbox && !sandbox.includes('allow-same-origin') && sandbox.includes('allow-scripts'), `sandbox="${sandbox}"`);
    await page.frameLocator(frameSel).getByText('center 1.0.0').waitFor({ timeout: 15000 });
    // The app's own script file loads in the frame (its static UI files need no session).
    await page.frameLocator(frameSel).getByText('script ran').waitFor({ timeout: 15000 });
    // The frame's origin is opaque: no reach into the desktop or its storage.
    const appFrame = page.frames().find((f) => f.url().endsWith(`/apps/${app.id}/`));
    check(appFrame, 'the app frame');
    const reach = await appFrame.evaluate(() => {
      const tryIt = (fn) => { try { return String(fn()); } catch { return 'blocked'; } };
      return { parent: tryIt(() => parent.document.title), storage: tryIt(() => sessionStorage.length), origin: origin };
    });
    check(reach.parent === 'blocked' && reach.storage === 'blocked' && reach.origin === 'null', `sandbox reach ${JSON.stringify(reach)}`);
    // The app calls its own API through the desktop's bridge; paths out of its API are refused.
    const ask = (path) => appFrame.evaluate((p) => new Promise((resolve) => {
      const id = Math.random();
      window.addEventListener('message', (ev) => {
        if (ev.data && ev.data.elastos === 'api-response' && ev.data.id === id) resolve({ status: ev.data.status, text: ev.data.text, error: ev.data.error });
      });
      parent.postMessage({ elastos: 'api', id, method: 'GET', path: p }, '*');
    }), path);
    const ok = await ask('hello?x=1');
    check(ok.status === 201 && ok.text === 'center 1.0.0', `bridge answer ${JSON.stringify(ok)}`);
    for (const bad of ['../../../api/users', '%2e%2e/%2e%2e/%2e%2e/api/users', '/api/users', '..\\..\\api']) {
      const r = await ask(bad);
      check(r.status === 0 && /refused/.test(r.error), `bridge refuses ${bad}: ${JSON.stringify(r)}`);
    }
    // A file picked in the app's frame goes to the app's own file area through the desktop,
    // with progress; paths out of that area are refused.
    const put = (path) => appFrame.evaluate((p) => new Promise((resolve) => {
      const id = Math.random();
      let progress = 0;
      window.addEventListener('message', (ev) => {
        if (!ev.data || ev.data.id !== id) return;
        if (ev.data.elastos === 'upload-progress') progress++;
        if (ev.data.elastos === 'upload-response') resolve({ status: ev.data.status, text: ev.data.text, error: ev.data.error, progress });
      });
      const file = new File(['x'.repeat(300000)], 'export.xml', { type: 'text/xml' });
      parent.postMessage({ elastos: 'upload', id, path: p, file }, '*');
    }), path);
    const up = await put('inbox/export.xml');
    check(up.status === 201 && JSON.parse(up.text).size === 300000 && up.progress > 0, `bridge upload ${JSON.stringify(up)}`);
    const stored = await pageFetch(page, `/api/apps/${app.id}/files/inbox`);
    check(stored.status === 200 && JSON.stringify(stored.json) === '["export.xml"]', `app files ${JSON.stringify(stored.json)}`);
    for (const bad of ['../escape.txt', '.hidden/x', '/abs.txt', 'a//b']) {
      const r = await put(bad);
      check(r.status === 0 && /refused/.test(r.error), `upload refuses ${bad}: ${JSON.stringify(r)}`);
    }
    await shot(page, 'app-window');
  });

  await step('update the app to a new version', async () => {
    await page.getByRole('tab', { name: 'App center' }).click();
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByRole('button', { name: `Update ${app.name}` }).click(),
    ]);
    await chooser.setFiles(app.v2);
    await page.locator('.preview [data-verdict="verified"]').waitFor({ timeout: 30000 });
    await page.getByRole('button', { name: 'Update 1.0.0 → 1.1.0' }).click();
    await row.locator('.version', { hasText: '1.1.0' }).waitFor({ timeout: 30000 });
    await page.getByRole('tab', { name: app.name }).click();
    await page.frameLocator(frameSel).getByText('center 1.1.0').waitFor({ timeout: 15000 });
  });

  await step('roll it back', async () => {
    await page.getByRole('tab', { name: 'App center' }).click();
    await page.getByRole('button', { name: `Roll back ${app.name}` }).click();
    await row.locator('.version', { hasText: '1.0.0' }).waitFor({ timeout: 30000 });
    await page.getByRole('tab', { name: app.name }).click();
    await page.frameLocator(frameSel).getByText('center 1.0.0').waitFor({ timeout: 15000 });
  });

  await step('remove it, keeping its data', async () => {
    await page.getByRole('tab', { name: 'App center' }).click();
    await page.getByRole('button', { name: `Remove ${app.name}` }).click();
    const dlg = page.locator('dialog[open]');
    check(await dlg.getByRole('checkbox').isChecked(), 'keep data is the default');
    await dlg.getByRole('button', { name: 'Remove' }).click();
    await row.waitFor({ state: 'detached', timeout: 30000 });
    check(await page.locator(frameSel).count() === 0, 'the app window closed');
    const list = await pageFetch(page, '/api/apps');
    check(!list.json.some((a) => a.id === app.id && a.state !== 'removed'), `removed: ${JSON.stringify(list.json)}`);
  });

  await step('unsigned and tampered packages are refused with the reason shown', async () => {
    for (const [file, reason] of [[app.unsigned, 'UNSIGNED'], [app.tampered, 'BAD_SIGNATURE']]) {
      await page.locator('#wapp-picker').setInputFiles(file);
      const verdict = page.locator('.preview [data-verdict="refused"]');
      await verdict.waitFor({ timeout: 30000 });
      const text = await verdict.textContent();
      check(text.includes(reason), `refusal shows ${reason}: ${text}`);
      check(await page.locator('.preview button.primary').isDisabled(), 'install stays disabled');
      results[`refused${reason}`] = text;
    }
    await shot(page, 'refused-package');
  });

  await step("a licensed package: the owner's wallet holds the token on the local chain, so it installs", async () => {
    await page.locator('#wapp-picker').setInputFiles(app.licensed);
    await page.locator('.preview [data-verdict="verified"]').waitFor({ timeout: 30000 });
    const box = page.locator('.preview .license-box');
    const terms = await box.textContent();
    check(terms.includes('ERC721') && terms.toLowerCase().includes(app.licenseContract.toLowerCase()) && terms.includes('501'), `license terms: ${terms}`);
    const valid = box.locator('[data-license="valid"]');
    await valid.waitFor({ timeout: 30000 });
    check((await valid.textContent()).toLowerCase().includes(results.ownerAddress.toLowerCase()), `the holder is the owner's wallet: ${await valid.textContent()}`);
    await page.getByRole('button', { name: 'Install Licensed 1.0.0' }).click();
    const row = page.locator('tr[data-app="org.example.licensed"]');
    await row.waitFor({ timeout: 60000 });
    await row.locator('.badge', { hasText: 'running' }).waitFor({ timeout: 30000 });
    await shot(page, 'license-valid');
  });

  await step("a package licensed by someone else's token is refused at the license step", async () => {
    await page.locator('#wapp-picker').setInputFiles(app.licensedOther);
    await page.locator('.preview [data-verdict="verified"]').waitFor({ timeout: 30000 });
    await page.locator('.preview .license-box [data-license="not-held"]').waitFor({ timeout: 30000 });
    await page.getByRole('button', { name: 'Install Not Mine 1.0.0' }).click();
    const refusal = page.locator('.preview [data-result="refused"]');
    await refusal.filter({ hasText: 'step license' }).waitFor({ timeout: 60000 });
    check(await page.locator('tr[data-app="org.example.notmine"]').count() === 0, 'not installed');
    await shot(page, 'license-refused');
  });

  await step('services list the bundles', async () => {
    await openDock(page, 'services');
    await page.locator('tr[data-bundle="io.elastos.web"]', { hasText: 'ACTIVE' }).waitFor();
    check(await page.locator('.bundles-table tbody tr').count() >= 10, 'every bundle listed');
    // An unsigned bundle jar is refused with the reason, and nothing is installed.
    const before = await page.locator('.bundles-table tbody tr').count();
    await page.locator('#bundle-picker').setInputFiles(config.unsignedBundle);
    const outcome = page.locator('#bundle-outcome[data-verdict="refused"]');
    await outcome.waitFor({ timeout: 30000 });
    const text = await outcome.textContent();
    check(/UNSIGNED/i.test(text), `the refusal names the reason: ${text}`);
    check(await page.locator('tr[data-bundle="org.example.unsigned"]').count() === 0, 'not installed');
    check(await page.locator('.bundles-table tbody tr').count() === before, 'the bundle list is unchanged');
    results.bundleRefusal = text;
    await shot(page, 'services');
  });

  await step('peers & messages: this node, a contact added and removed', async () => {
    await openDock(page, 'peers');
    const self = (await pageFetch(page, '/api/peers')).json.self;
    await page.locator(`#peer-self [data-peer-id="${self.peerId}"]`).waitFor();
    const form = page.locator('#contact-form');
    await form.getByLabel('DID').fill(self.did);
    await form.getByLabel('Peer id').fill(self.peerId);
    await form.getByLabel('Name').fill('Myself');
    await form.getByRole('button', { name: 'Add contact' }).click();
    const row = page.locator(`.contacts-table tr[data-contact="${self.did}"]`);
    await row.waitFor();
    check((await row.textContent()).includes('Myself'), 'the contact row');
    check((await page.locator('#message-to option').count()) >= 1, 'the contact is a message recipient');
    const stored = (await pageFetch(page, '/api/peers/contacts')).json;
    check(stored.some((c) => c.did === self.did && c.name === 'Myself'), `contact stored: ${JSON.stringify(stored)}`);
    await shot(page, 'peers');
    await row.getByRole('button', { name: 'Remove Myself' }).click();
    await page.locator('dialog[open]').getByRole('button', { name: 'Remove' }).click();
    await row.waitFor({ state: 'detached', timeout: 15000 });
  });

  await step('audit log, filtered in the page', async () => {
    await openDock(page, 'audit');
    const win = page.locator('section.window[data-key="audit"]');
    const filter = win.getByRole('searchbox', { name: 'Filter entries' });
    const rows = page.locator('.audit-table tbody tr');
    await rows.first().waitFor();
    const all = await rows.count();
    await filter.fill('app.install');
    const shown = await rows.count();
    check(shown >= 1 && shown < all, `filter narrowed ${all} to ${shown}`);
    for (const t of await rows.allTextContents()) check(t.toLowerCase().includes('app.install'), `row matches: ${t}`);
    await filter.fill('');
    await win.getByLabel('Outcome').selectOption('denied');
    for (const t of await page.locator('.audit-table tbody tr .badge').allTextContents()) check(t === 'denied', `denied only: ${t}`);
    await win.getByLabel('Outcome').selectOption('');
    await page.getByRole('button', { name: 'Verify the chain' }).click();
    await page.locator('.chain.good').waitFor();
    await shot(page, 'audit');
  });

  await step('invite a member with a password', async () => {
    await openDock(page, 'people');
    const form = page.locator('#invite-form');
    await form.getByRole('textbox', { name: 'Username' }).fill(config.member.username);
    await form.getByLabel(/^Password \(/).fill(config.member.password);
    await form.getByRole('button', { name: 'Invite' }).click();
    await page.locator(`tr[data-user="${config.member.username}"]`).waitFor();
    await shot(page, 'people');
  });

  await step('phone width', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await openDock(page, 'files');
    const dock = await page.locator('.dock').boundingBox();
    const top = await page.locator('.topbar').boundingBox();
    check(dock.y > top.y + top.height + 200 && dock.width <= 390, `the dock moves to the bottom: ${JSON.stringify(dock)}`);
    check(await page.evaluate(() => document.documentElement.scrollWidth <= 390), 'no horizontal scrolling of the page');
    await shot(page, 'phone');
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  check(problems.length === 0, `no page errors or CSP violations: ${problems.join(' | ')}`);
  results.signedMessages = signed;
}

async function memberJourney() {
  const problems = [];
  const ctx = await launch('member');
  const page = ctx.pages()[0] || await ctx.newPage();
  currentPage = page;
  watch(page, problems);
  await step('a member signs in with a password and sees no owner pages', async () => {
    await page.goto(`${BASE}/`);
    await page.getByRole('tab', { name: 'Password' }).click();
    await page.locator('#password-form').getByLabel('Username').fill(config.member.username);
    await page.locator('#password-form').getByLabel('Password').fill(config.member.password);
    await page.locator('#password-form').getByRole('button', { name: 'Sign in' }).click();
    await expectDesktop(page, 'member');
    const keys = await page.locator('.dock-item').evaluateAll((b) => b.map((x) => x.dataset.key));
    check(JSON.stringify(keys) === '["files"]', `the member's launcher: ${JSON.stringify(keys)}`);
    check(await page.locator('section.window[data-key="apps"], section.window[data-key="services"], section.window[data-key="audit"]').count() === 0, 'no owner windows');
    for (const path of ['/api/apps', '/api/node/bundles', '/api/audit', '/api/users', '/api/peers', '/api/messages']) {
      const r = await pageFetch(page, path);
      check(r.status === 403, `${path} answers the member ${r.status}`);
    }
    await shot(page, 'member');
  });
  check(problems.length === 0, `no page errors or CSP violations: ${problems.join(' | ')}`);
}

async function main() {
  try {
    await ownerJourney();
    await memberJourney();
    writeFileSync(config.results, JSON.stringify(results, null, 2));
    log('all journeys passed');
  } catch (e) {
    log(`FAILED in "${current}": ${e && e.stack ? e.stack : e}`);
    if (currentPage) {
      try { await shot(currentPage, `failure-${current.replace(/[^a-z0-9]+/gi, '-')}`); } catch { /* the page may be gone */ }
    }
    process.exitCode = 1;
  } finally {
    for (const c of contexts) {
      try { await c.close(); } catch { /* already closed */ }
    }
  }
}

await main();
