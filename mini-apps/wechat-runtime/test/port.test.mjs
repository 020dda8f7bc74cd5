// tools/port.mjs: each fixture ported into a temp folder; a fixture copy with planted unsupported
// parts (the report lists exactly those); net.fetch hosts; errors; the ported project builds.
import test, { after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { FIXTURES } from '../support/helpers.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PORT = path.join(ROOT, 'tools', 'port.mjs');
const made = [];
const tmp = () => { const d = fs.mkdtempSync(path.join(os.tmpdir(), 'wx-port-')); made.push(d); return d; };
after(() => { for (const d of made) fs.rmSync(d, { recursive: true, force: true }); });
const run = (...args) => spawnSync(process.execPath, [PORT, ...args], { encoding: 'utf8' });
const readJson = (f) => JSON.parse(fs.readFileSync(f, 'utf8'));

test('every fixture ports: manifest, backend, UI, wrapped scripts, an empty report', () => {
  for (const name of ['todo', 'shop', 'signup']) {
    const out = path.join(tmp(), 'out');
    const r = run(path.join(FIXTURES, name), out);
    assert.equal(r.status, 0, r.stderr);
    const m = readJson(path.join(out, 'manifest.json'));
    assert.equal(m.id, `org.wechat.${name}`);
    assert.equal(m.version, '1.0.0');
    assert.equal(m.abi, 'extism/1');
    assert.equal(m.entry, 'app.wasm');
    assert.equal(m.ui, 'ui');
    assert.deepEqual(m.capabilities, ['storage.kv', 'identity.read']);
    for (const f of ['build.sh', 'package.json', 'package-lock.json', '.npmrc', 'src/index.ts', 'sdk/index.ts', 'sdk/abort.ts',
      'ui/index.html', 'ui/boot.js', 'ui/app-api.js', 'ui/runtime/index.js', 'ui/runtime/wx/node-backends.js',
      'ui/mp/app.json', 'ui/mp/__esm__/app.js', 'PORT-REPORT.md', 'port-report.json']) {
      assert.ok(fs.existsSync(path.join(out, f)), `${name}: ${f}`);
    }
    assert.ok(!fs.lstatSync(path.join(out, 'sdk')).isSymbolicLink(), 'the SDK is copied');
    assert.match(fs.readFileSync(path.join(out, 'ui/boot.js'), 'utf8'), /createNodeBackends\(\{ api \}\)/);
    const report = readJson(path.join(out, 'port-report.json'));
    assert.deepEqual(report.files, {}, name);
    assert.deepEqual(report.plugins, []);
    assert.deepEqual(report.subpackages, []);
  }
  // signup's API base is in globalData, not a wx.request literal: reported, not granted.
  const out = path.join(tmp(), 'out');
  run(path.join(FIXTURES, 'signup'), out);
  assert.deepEqual(readJson(path.join(out, 'port-report.json')).hosts, { granted: [], ungranted: ['tea.example.com'] });
  const allowed = path.join(tmp(), 'out');
  assert.equal(run(path.join(FIXTURES, 'signup'), allowed, '--allow-host', 'tea.example.com', '--id', 'org.example.signup', '--name', 'Sign up').status, 0);
  const m = readJson(path.join(allowed, 'manifest.json'));
  assert.deepEqual([m.id, m.name, m.capabilities], ['org.example.signup', 'Sign up', ['storage.kv', 'identity.read', 'net.fetch:tea.example.com']]);
});

function plantedCopy() {
  const dir = path.join(tmp(), 'mp');
  fs.cpSync(path.join(FIXTURES, 'todo'), dir, { recursive: true });
  const app = readJson(path.join(dir, 'app.json'));
  app.plugins = { myPlugin: { version: '1.0.0', provider: 'wxidxxxxxxxxxxxxxxxx' } };
  app.subpackages = [{ root: 'packageA', pages: ['pages/cat/index'] }];
  app.networkTimeout = { request: 5000 };
  fs.writeFileSync(path.join(dir, 'app.json'), JSON.stringify(app));
  fs.writeFileSync(path.join(dir, 'project.config.json'), JSON.stringify({
    appid: 'wx0123456789ABCDEF', projectname: 'Planted todo', setting: { urlCheck: true },
    requestDomain: ['https://svc.example.org'],
  }));
  const page = path.join(dir, 'pages/index/index');
  fs.appendFileSync(`${page}.wxml`, '\n<map latitude="1" longitude="2"></map>\n<!-- <video src="x"/> in a comment -->\n<wxs module="m">module.exports = {};</wxs>\n');
  fs.appendFileSync(`${page}.js`, `
function locate() {
  wx.openLocation({ latitude: 31.2, longitude: 121.5 });
  wx.chooseImage({ count: 1 });
  wx.request({ url: 'https://api.example.com/todos', method: 'GET' });
  wx.downloadFile({ url: \`https://cdn.example.net/\${'a'}.png\` });
  // wx.scanCode() in a comment is not a use
  wx.setStorageSync('k', 1);
  wx.login({});
}
`);
  const comp = path.join(dir, 'components/todo-item/index.js');
  fs.appendFileSync(comp, "\nComponent({ behaviors: ['wx://form-field', { data: {} }], methods: { go() { wx.vibrateShort(); } } });\n");
  return dir;
}

test('the report lists exactly the unsupported parts planted in a fixture copy', () => {
  const out = path.join(tmp(), 'out');
  const r = run(plantedCopy(), out);
  assert.equal(r.status, 0, r.stderr);
  const report = readJson(path.join(out, 'port-report.json'));
  assert.deepEqual(report.files, {
    'components/todo-item/index.js': { apis: ['vibrateShort'], behaviors: ['wx://form-field'] },
    'pages/index/index.js': { apis: ['openLocation'] },
    'pages/index/index.wxml': { components: ['map'], wxs: true },
  });
  assert.deepEqual(report.plugins, ['myPlugin']);
  assert.deepEqual(report.subpackages, ['packageA']);
  assert.deepEqual(report.hosts.granted, ['api.example.com', 'cdn.example.net', 'svc.example.org']);
  const m = readJson(path.join(out, 'manifest.json'));
  assert.equal(m.id, 'org.wechat.wx0123456789abcdef');
  assert.equal(m.name, 'Planted todo');
  // chooseImage needs the owner's files (read-only), downloadFile the app's own file area.
  assert.deepEqual(m.capabilities, ['storage.kv', 'identity.read', 'files.read', 'storage.files', 'net.fetch:api.example.com', 'net.fetch:cdn.example.net', 'net.fetch:svc.example.org']);
  const md = fs.readFileSync(path.join(out, 'PORT-REPORT.md'), 'utf8');
  for (const s of ['`<map>`', '`wx.openLocation`', '`wx.vibrateShort`', '`wx://form-field`', 'WXS', '`myPlugin`', '`packageA`']) assert.ok(md.includes(s), s);
  for (const s of ['video', 'scanCode', 'setStorageSync', 'wx.login', 'todo-item>']) assert.ok(!md.includes(s), s);
  assert.ok(!fs.existsSync(path.join(out, 'ui/mp/project.config.json')), 'the project config stays behind');
});

test('clear errors: missing app.json, malformed JSON, bad arguments, a non-empty out-dir', () => {
  const empty = tmp();
  let r = run(empty, path.join(tmp(), 'out'));
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^port: app\.json not found in .*: is this a mini-program folder\?/);
  const broken = path.join(tmp(), 'mp');
  fs.cpSync(path.join(FIXTURES, 'todo'), broken, { recursive: true });
  fs.writeFileSync(path.join(broken, 'app.json'), '{"pages": [');
  r = run(broken, path.join(tmp(), 'out'));
  assert.equal(r.status, 2);
  assert.match(r.stderr, /app\.json: malformed JSON/);
  fs.writeFileSync(path.join(broken, 'app.json'), '{"pages": ["pages/index/index"]}');
  fs.writeFileSync(path.join(broken, 'pages/index/index.json'), '{,}');
  r = run(broken, path.join(tmp(), 'out'));
  assert.equal(r.status, 2);
  assert.match(r.stderr, /index\.json: malformed JSON/);
  fs.writeFileSync(path.join(broken, 'pages/index/index.json'), '{}');
  fs.writeFileSync(path.join(broken, 'pages/index/index.wxml'), '<view>\n  <text>{{ a + }}</text>\n</view>');
  r = run(broken, path.join(tmp(), 'out'));
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^port: malformed WXML: pages\/index\/index\.wxml:2:\d+: /);
  fs.writeFileSync(path.join(broken, 'pages/index/index.wxml'), '<view><text>unclosed</view>');
  r = run(broken, path.join(tmp(), 'out'));
  assert.match(r.stderr, /^port: malformed WXML: pages\/index\/index\.wxml:1:\d+: /);
  assert.match(run(path.join(FIXTURES, 'todo')).stderr, /usage:/);
  assert.match(run(path.join(FIXTURES, 'todo'), path.join(tmp(), 'o'), '--id', 'Bad Id').stderr, /bad app id/);
  assert.match(run(path.join(FIXTURES, 'todo'), ROOT).stderr, /is not empty/);
});

/** Builds a ported project with its build.sh; the names its app.wasm imports. */
function buildPorted(out) {
  // The host's installed packages stand in for `npm ci` (linked, with a fresh install marker).
  const hostModules = path.join(ROOT, 'host', 'node_modules');
  if (!fs.existsSync(path.join(hostModules, '.package-lock.json'))) execFileSync('sh', ['build.sh'], { cwd: path.join(ROOT, 'host'), stdio: 'pipe' });
  const nm = path.join(out, 'node_modules');
  fs.mkdirSync(nm);
  for (const e of fs.readdirSync(hostModules)) if (e !== '.package-lock.json' && e !== '.bin') fs.symlinkSync(path.join(hostModules, e), path.join(nm, e));
  fs.writeFileSync(path.join(nm, '.package-lock.json'), '{}');
  execFileSync('sh', ['build.sh'], { cwd: out, stdio: 'pipe' });
  const wasm = fs.readFileSync(path.join(out, 'build', 'app.wasm'));
  assert.ok(WebAssembly.validate(wasm));
  return WebAssembly.Module.imports(new WebAssembly.Module(wasm)).map((i) => i.name);
}

const OWNER_FNS = ['owner_file_list', 'owner_image'];
const FILE_FNS = ['file_read', 'file_write', 'file_list', 'file_delete'];

test('the ported project builds with its own build.sh, importing only what its capabilities allow', { timeout: 300000 }, () => {
  const out = path.join(tmp(), 'out');
  assert.equal(run(plantedCopy(), out).status, 0);
  const imports = buildPorted(out);
  // chooseImage (files.read) and downloadFile (storage.files) are used: both parts are in.
  for (const name of ['kv_get', 'kv_put', 'identity_caller', 'http_request', ...OWNER_FNS, ...FILE_FNS]) assert.ok(imports.includes(name), name);
  assert.deepEqual(readJson(path.join(out, 'build', 'manifest.json')).id, 'org.wechat.wx0123456789abcdef');
  assert.ok(fs.existsSync(path.join(out, 'build', 'ui', 'mp', '__esm__', 'pages', 'index', 'index.js')));

  // The todo list asks for no files: its module imports none of those functions (the node
  // refuses to install a module that imports a function of a capability it did not request).
  const plain = path.join(tmp(), 'out');
  assert.equal(run(path.join(FIXTURES, 'todo'), plain).status, 0);
  const few = buildPorted(plain);
  assert.ok(few.includes('kv_get') && few.includes('http_request'));
  for (const name of [...OWNER_FNS, ...FILE_FNS]) assert.ok(!few.includes(name), name);
});

test('postcard ports with the capabilities its wx calls need; getLocation without its declaration is noted', () => {
  const out = path.join(tmp(), 'out');
  assert.equal(run(path.join(FIXTURES, 'postcard'), out, '--allow-host', 'postcards.example.com').status, 0);
  const m = readJson(path.join(out, 'manifest.json'));
  assert.deepEqual(m.capabilities, ['storage.kv', 'identity.read', 'files.read', 'storage.files', 'net.fetch:postcards.example.com']);
  const report = readJson(path.join(out, 'port-report.json'));
  assert.deepEqual(report.files, {}, 'everything it uses is supported');
  const md = fs.readFileSync(path.join(out, 'PORT-REPORT.md'), 'utf8');
  assert.match(md, /`files\.read`: `wx\.chooseImage`/);
  assert.doesNotMatch(md, /will be refused/);

  const copy = path.join(tmp(), 'postcard');
  fs.cpSync(path.join(FIXTURES, 'postcard'), copy, { recursive: true });
  const appJson = readJson(path.join(copy, 'app.json'));
  delete appJson.permission;
  fs.writeFileSync(path.join(copy, 'app.json'), JSON.stringify(appJson));
  const out2 = path.join(tmp(), 'out');
  assert.equal(run(copy, out2).status, 0);
  assert.match(fs.readFileSync(path.join(out2, 'PORT-REPORT.md'), 'utf8'), /`wx\.getLocation` will be refused: app\.json declares no `permission\["scope\.userLocation"\]`/);
});
