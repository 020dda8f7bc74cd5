import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { wrapModule, createFetchLoader, createMapLoader, ESM_DIR } from '../src/loader.js';
import { createModules, scanRequires, MODULE_PARAMS } from '../src/core/modules.js';
import { wrapTree } from '../tools/wrap.mjs';
import { compile, boot, fixture } from '../support/helpers.mjs';

test('scanRequires finds the literal specifiers', () => {
  assert.deepEqual(scanRequires(`const a = require('./a.js'); const b = require("../b")\n// require(x)\nrequire ( './c' )`), ['./a.js', '../b', './c']);
});

test('wrapModule makes an ES module whose default export is the factory (no eval anywhere)', async () => {
  const code = wrapModule(`const util = require('./util.js');\nmodule.exports = { v: util.x + 1, page: typeof Page };`);
  const mod = await import(`data:text/javascript,${encodeURIComponent(code)}`);
  assert.deepEqual(mod.requires, ['./util.js']);
  const module = { exports: {} };
  mod.default(() => ({ x: 41 }), module, module.exports, ...MODULE_PARAMS.slice(3).map((n) => (n === 'Page' ? () => {} : undefined)));
  assert.deepEqual(module.exports, { v: 42, page: 'function' });
});

test('createFetchLoader: files relative to the base, 404 -> null, scripts from __esm__', async () => {
  const fetched = [];
  const fetch = async (url) => {
    fetched.push(url);
    if (url.endsWith('missing.json')) return new Response('', { status: 404 });
    if (url.endsWith('broken.json')) return new Response('', { status: 500 });
    return new Response('{"pages":[]}', { status: 200 });
  };
  const imported = [];
  const loader = createFetchLoader({ base: 'http://node.local/apps/org.example.mp/mp/', fetch, importModule: async (u) => { imported.push(u); return { default: () => {}, requires: ['./x'] }; } });
  assert.equal(await loader.text('app.json'), '{"pages":[]}');
  assert.equal(await loader.text('pages/a/missing.json'), null);
  await assert.rejects(loader.text('broken.json'), /HTTP 500/);
  const s = await loader.script('pages/a/index.js');
  assert.deepEqual(s.requires, ['./x']);
  assert.equal(fetched[0], 'http://node.local/apps/org.example.mp/mp/app.json');
  assert.equal(imported[0], `http://node.local/apps/org.example.mp/mp/${ESM_DIR}pages/a/index.js`);
  assert.equal(loader.url('/images/a.png'), 'http://node.local/apps/org.example.mp/mp/images/a.png');
});

test('modules: CommonJS semantics, cycles, caching, missing files', async () => {
  const loader = createMapLoader({
    'a.js': "exports.name = 'a'; const b = require('./lib/b'); exports.fromB = b.name; exports.bSawA = b.sawA;",
    'lib/b.js': "const a = require('../a.js'); exports.name = 'b'; exports.sawA = a.name;",
    'c.js': "require('./nope.js');",
    'count.js': 'globalThis.__runs = (globalThis.__runs || 0) + 1; module.exports = globalThis.__runs;',
    'd.js': "module.exports = [require('./count'), require('./count.js')];",
  }, { compile });
  const m = createModules(loader, {});
  assert.deepEqual({ ...(await m.require('a.js')) }, { name: 'a', fromB: 'b', bSawA: 'a' });
  await assert.rejects(m.require('c.js'), /nope\.js is not part of the mini-program/);
  assert.deepEqual(await m.require('d.js'), [1, 1], 'a module runs once');
  delete globalThis.__runs;
  await assert.rejects(m.require('zzz.js'), /no such script/);
});

test('tools/wrap.mjs wraps a fixture; the wrapped files run the same mini-program', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wxmp-'));
  try {
    fs.cpSync(path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'fixtures', 'shop'), dir, { recursive: true });
    assert.equal(wrapTree(dir), 6);
    const wrapped = fs.readFileSync(path.join(dir, ESM_DIR, 'pages/list/index.js'), 'utf8');
    assert.match(wrapped, /^export const requires = \["\.\.\/\.\.\/utils\/teas\.js"\];/);
    // Boot with scripts imported from the wrapped files (as the browser does).
    const files = fixture('shop');
    const loader = createMapLoader(files, { compile });
    loader.script = async (p) => {
      const mod = await import(path.join(dir, ESM_DIR, p));
      return { factory: mod.default, requires: mod.requires };
    };
    const { Window } = await import('happy-dom');
    const win = new Window({ url: 'http://localhost/' });
    const container = win.document.createElement('div');
    win.document.body.appendChild(container);
    const { createRuntime } = await import('../src/index.js');
    const rt = createRuntime({ container, loader, pageWidth: 375 });
    await rt.launch();
    await rt.settle();
    assert.equal(container.querySelectorAll('.tea').length, 3);
    void boot;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
