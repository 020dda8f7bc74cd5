// Test helpers (outside test/ so node's runner does not count this file as a test): a happy-dom window, fixture files as a loader, and a runtime booted in them.

import { Window } from 'happy-dom';
import vm from 'node:vm';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRuntime, createMapLoader, createMemoryStorage } from '../src/index.js';

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

export function makeWindow() {
  return new Window({ url: 'http://localhost/apps/org.example.mp/', width: 375, height: 667 });
}

/** The text files of a fixture (or any folder) as {relative/path: text}. */
export function readTree(dir) {
  const out = {};
  const walk = (d, rel) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(p, r);
      else if (/\.(js|json|wxml|wxss)$/.test(e.name)) out[r] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(dir, '');
  return out;
}

export const fixture = (name) => readTree(path.join(FIXTURES, name));

// Node's stand-in for the browser's pre-wrapped modules: compile the CommonJS text as a
// function with the runtime's parameters (only in tests; the runtime itself never compiles).
export function compile(source, file, params) {
  return vm.compileFunction(source, params, { filename: file });
}

/** Boots a mini-program from files; returns {win, doc, rt, container, storage}. */
export async function boot(files, opts = {}) {
  const win = opts.win || makeWindow();
  const doc = win.document;
  const container = doc.createElement('div');
  doc.body.appendChild(container);
  const storage = opts.storage || createMemoryStorage();
  const rt = createRuntime({
    container,
    loader: createMapLoader(files, { compile, base: '/mp/' }),
    storage,
    pageWidth: 375,
    fetch: opts.fetch,
    identity: opts.identity,
    media: opts.media,
    transfer: opts.transfer,
    geolocation: opts.geolocation,
    timers: opts.timers,
    onError: opts.onError,
  });
  await rt.launch(opts.launch);
  await rt.settle();
  return { win, doc, rt, container, storage };
}

/** A native click on an element (what a finger's tap becomes). */
export function click(el) {
  const win = el.ownerDocument.defaultView;
  el.dispatchEvent(new win.MouseEvent('click', { bubbles: true, cancelable: true, clientX: 5, clientY: 6 }));
}

export function typeInto(wxInput, value) {
  const c = wxInput.querySelector('input, textarea');
  const win = c.ownerDocument.defaultView;
  c.value = value;
  c.dispatchEvent(new win.Event('input', { bubbles: true }));
}

/** The active page element. */
export function page(container) {
  return container.querySelector('wx-page:not([inactive])');
}

export async function tick(rt) {
  for (let i = 0; i < 3; i++) { await rt.settle(); await new Promise((r) => setTimeout(r, 0)); }
}

/** Records DOM mutations under `root` until stop() (which returns them). */
export function recordMutations(root) {
  const win = root.ownerDocument.defaultView;
  const records = [];
  const mo = new win.MutationObserver((rs) => records.push(...rs));
  mo.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
  return {
    async stop() {
      await new Promise((r) => setTimeout(r, 0));
      records.push(...mo.takeRecords());
      mo.disconnect();
      return records;
    },
  };
}

/** A one-page mini-program: page JS + WXML (+ more files). */
export function onePage(js, wxml, more = {}) {
  return {
    'app.json': JSON.stringify({ pages: ['pages/index/index'], ...(more['app.json'] || {}) }),
    'app.js': 'App({})',
    'pages/index/index.js': js,
    'pages/index/index.wxml': wxml,
    ...Object.fromEntries(Object.entries(more).filter(([k]) => k !== 'app.json')),
  };
}

/** The page instance on top of the stack. */
export const topPage = (rt) => rt.getCurrentPages().at(-1);
