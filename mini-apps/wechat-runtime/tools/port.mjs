#!/usr/bin/env node
// Ports a WeChat mini-program folder to an ElastOS Node mini-app project:
//   node tools/port.mjs <mini-program-dir> <out-dir> [--id org.example.x] [--name N] [--allow-host h]...
// out-dir gets manifest.json, the host backend (host/ sources, the SDK, build.sh: `sh build.sh`
// builds build/app.wasm + manifest + ui), ui/ (the runtime, app-api.js, a boot page over the
// node backends, the mini-program under ui/mp/ with its scripts wrapped under ui/mp/__esm__/),
// and PORT-REPORT.md + port-report.json: what the mini-program uses that the runtime does not
// support. Nothing is signed; `elastos app pack build --key KEY` does that after the build.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { wrapTree } from './wrap.mjs';
import { BUILTINS } from '../src/render/components/index.js';
import { parseWxml, WxmlError } from '../src/wxml/parse.js';
import { createWx, supportedApiNames } from '../src/wx/index.js';
import { createStorage, createMemoryStorage } from '../src/wx/storage.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The UI client: beside the tool when "elastos app port-wechat" unpacks it, else the source tree's.
const SDK_UI = fs.existsSync(path.join(ROOT, 'sdk-ui', 'app-api.js'))
  ? path.join(ROOT, 'sdk-ui', 'app-api.js')
  : path.join(ROOT, '..', 'sdk', 'ui', 'app-api.js');

export class PortError extends Error {}

/** The wx APIs a ported app has: the runtime's, with the node backends (login included). */
export function supportedApis() {
  const noop = () => {};
  const wx = createWx({
    storage: createStorage(createMemoryStorage()), identity: async () => ({}), timers: {}, overlay: noop, doc: noop,
    win: noop, pageWidth: noop, requestTimeout: noop, nav: {}, setTitle: noop, setBarColor: noop, launchOptions: noop,
  });
  return new Set(supportedApiNames(wx));
}

// WXML tags that are language, not components.
const STRUCTURAL = new Set(['block', 'template', 'import', 'include', 'slot', 'wxs']);

function readJson(file, { required = false } = {}) {
  if (!fs.existsSync(file)) {
    if (required) throw new PortError(`${path.basename(file)} not found in ${path.dirname(file)}: is this a mini-program folder?`);
    return null;
  }
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new PortError(`${file}: malformed JSON: ${e.message}`);
  }
}

function walk(dir) {
  const out = [];
  const go = (d, rel) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.name.startsWith('.') || e.name === 'node_modules' || e.name === '__esm__') continue;
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) go(path.join(d, e.name), r);
      else if (e.isFile()) out.push(r);
    }
  };
  go(dir, '');
  return out;
}

const stripJsComments = (s) => s.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/(^|[^:'"`\\])\/\/[^\n]*/g, '$1');

/** The host of an http(s) URL at the start of a string literal's text, or null. */
function hostOf(text) {
  const m = /^https?:\/\/([A-Za-z0-9.-]+)(?::\d+)?(?:[/?#]|$)/.exec(text);
  return m ? m[1].toLowerCase() : null;
}

/** Hosts of URL literals passed as `url` to wx.request / uploadFile / downloadFile. */
export function requestHosts(js) {
  const hosts = new Set();
  const re = /\bwx\.(request|uploadFile|downloadFile)\s*\(/g;
  let m;
  while ((m = re.exec(js))) {
    const call = js.slice(m.index, m.index + 2000);
    const u = /\burl\s*:\s*(['"`])([^'"`]*)/.exec(call);
    const h = u && hostOf(u[2]);
    if (h) hosts.add(h);
  }
  return hosts;
}

/** Hosts from domain settings in project.config.json / app.json, where present. */
function configHosts(...configs) {
  const hosts = new Set();
  const names = /^(request|uploadFile|downloadFile|socket)(Domain|Domains)?$|^(requestDomain|uploadFileDomain|downloadFileDomain|socketDomain)$/;
  const visit = (v, depth) => {
    if (!v || typeof v !== 'object' || depth > 4) return;
    for (const [k, val] of Object.entries(v)) {
      if (names.test(k) && Array.isArray(val)) {
        for (const d of val) {
          const h = typeof d === 'string' ? hostOf(d) || (/^[A-Za-z0-9.-]+$/.test(d) ? d.toLowerCase() : null) : null;
          if (h) hosts.add(h);
        }
      } else if (typeof val === 'object') visit(val, depth + 1);
    }
  };
  for (const c of configs) visit(c, 0);
  return hosts;
}

function usingOf(json) {
  return new Set(Object.keys((json && json.usingComponents) || {}));
}

/** Scans a mini-program folder: {appJson, project, files: {file: {components, apis, behaviors, wxs}}, ...}. */
export function scan(src) {
  const appJson = readJson(path.join(src, 'app.json'), { required: true });
  const project = readJson(path.join(src, 'project.config.json'));
  const all = walk(src);
  const supported = supportedApis();
  const appUsing = usingOf(appJson);
  const files = {};
  const entry = (f) => (files[f] ||= { components: [], apis: [], behaviors: [], wxs: false });
  const granted = new Set(configHosts(project, appJson));
  const seen = new Set();
  const used = new Set(); // wx APIs that need a capability beyond the defaults
  for (const f of all) {
    const full = path.join(src, f);
    if (f.endsWith('.json') && f !== 'project.config.json' && f !== 'project.private.config.json') {
      readJson(full); // malformed page/component JSON fails the port
    }
    if (f.endsWith('.wxml')) {
      const source = fs.readFileSync(full, 'utf8');
      // Malformed WXML fails the port with its place, not the page at run time.
      try { parseWxml(source, f); } catch (e) { if (e instanceof WxmlError) throw new PortError(`malformed WXML: ${e.message}`); throw e; }
      const text = source.replace(/<!--[\s\S]*?-->/g, ' ');
      const own = readJson(full.replace(/\.wxml$/, '.json'));
      const using = new Set([...appUsing, ...usingOf(own)]);
      const tags = new Set();
      for (const m of text.matchAll(/<([A-Za-z][\w-]*)/g)) tags.add(m[1]);
      const bad = [...tags].filter((t) => !STRUCTURAL.has(t) && !Object.prototype.hasOwnProperty.call(BUILTINS, t) && !using.has(t)).sort();
      if (bad.length) entry(f).components = bad;
      if (tags.has('wxs')) entry(f).wxs = true;
    } else if (f.endsWith('.wxs')) {
      entry(f).wxs = true;
    } else if (f.endsWith('.js') && !f.startsWith('miniprogram_npm/')) {
      const js = stripJsComments(fs.readFileSync(full, 'utf8'));
      const apis = new Set();
      for (const m of js.matchAll(/\bwx\.([A-Za-z_$][\w$]*)/g)) if (!supported.has(m[1])) apis.add(m[1]);
      if (apis.size) entry(f).apis = [...apis].sort();
      for (const m of js.matchAll(/\bwx\.(chooseImage|chooseMedia|downloadFile|getLocation)\b/g)) used.add(m[1]);
      // Object behaviors are merged; WeChat's built-in ones ('wx://form-field', ...) are not run.
      const builtinBehaviors = new Set();
      for (const b of js.matchAll(/\bbehaviors\s*:\s*\[([^\]]*)\]/g)) {
        for (const s of b[1].matchAll(/(['"`])(wx:\/\/[^'"`]*)\1/g)) builtinBehaviors.add(s[2]);
      }
      if (builtinBehaviors.size) entry(f).behaviors = [...builtinBehaviors].sort();
      for (const h of requestHosts(js)) granted.add(h);
      for (const m of js.matchAll(/(['"`])(https?:\/\/[^'"`\s]+)/g)) { const h = hostOf(m[2]); if (h) seen.add(h); }
    }
  }
  for (const f of Object.keys(files)) {
    const e = files[f];
    if (!e.components.length && !e.apis.length && !e.behaviors.length && !e.wxs) delete files[f];
    else {
      if (!e.components.length) delete e.components;
      if (!e.apis.length) delete e.apis;
      if (!e.behaviors.length) delete e.behaviors;
      if (!e.wxs) delete e.wxs;
    }
  }
  const plugins = Object.keys(appJson.plugins || {}).sort();
  const subpackages = [...(appJson.subpackages || []), ...(appJson.subPackages || [])]
    .map((p) => (p && (p.root || p.name)) || '?');
  return {
    appJson, project, files, plugins, subpackages,
    granted: [...granted].sort(),
    ungranted: [...seen].filter((h) => !granted.has(h)).sort(),
    used: [...used].sort(),
  };
}

/** Capabilities some wx APIs need: the owner's photos (read-only), the app's file area for downloads. */
function extraCapabilities(used) {
  const caps = [];
  if (used.includes('chooseImage') || used.includes('chooseMedia')) caps.push('files.read');
  if (used.includes('downloadFile')) caps.push('storage.files');
  return caps;
}

/**
 * host/src/features.ts for the capabilities granted: the backend imports the node's functions of
 * a capability only when the manifest requests it (the node refuses the module otherwise).
 */
function featuresTs(caps) {
  const parts = [['files.read', 'owner'], ['storage.files', 'tmp']].filter(([c]) => caps.includes(c));
  return ['// Written by the porting tool: the optional backend parts this mini-program uses.',
    'import { Router } from "../sdk";',
    ...parts.map(([, m]) => `import * as ${m} from "./${m}";`),
    '',
    // A function without parameters' use still compiles when nothing is enabled.
    'export function enable(router: Router): void {',
    ...parts.map(([c, m]) => `  ${m}.enable(router); // ${c}`),
    ...(parts.length ? [] : ['  router;']),
    '}', ''].join('\n');
}

/** Notes on supported APIs that still depend on the package: getLocation needs its declaration. */
function locationNote(result) {
  const scope = result.appJson.permission && result.appJson.permission['scope.userLocation'];
  if (!result.used.includes('getLocation') || (scope && typeof scope === 'object')) return null;
  return '- `wx.getLocation` will be refused: app.json declares no `permission["scope.userLocation"]` (with its `desc`)';
}

function sanitizeId(s) {
  return String(s).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'miniprogram';
}

function report(result, manifest, src) {
  const lines = [`# Port report: ${manifest.name} (${manifest.id})`, '',
    `Ported from \`${path.basename(src)}\` by wechat-runtime/tools/port.mjs. Listed below is only what the`,
    'runtime does not support: those parts will not work (an unsupported wx API answers',
    '`wx.<name> is not supported on ElastOS Node (see docs)`, an unknown component renders as a plain element).', ''];
  const files = Object.entries(result.files);
  lines.push('## Per file', '');
  if (!files.length) lines.push('Nothing unsupported found in the pages, components and scripts.', '');
  for (const [f, e] of files) {
    lines.push(`### ${f}`, '');
    if (e.components) lines.push(`- components: ${e.components.map((c) => `\`<${c}>\``).join(', ')}`);
    if (e.apis) lines.push(`- wx APIs: ${e.apis.map((a) => `\`wx.${a}\``).join(', ')}`);
    if (e.behaviors) lines.push(`- built-in behaviors: ${e.behaviors.map((b) => `\`${b}\``).join(', ')}`);
    if (e.wxs) lines.push('- WXS (not executed)');
    lines.push('');
  }
  lines.push('## App', '');
  lines.push(`- plug-ins: ${result.plugins.length ? result.plugins.map((p) => `\`${p}\``).join(', ') : 'none'}`);
  lines.push(`- sub-packages: ${result.subpackages.length ? result.subpackages.map((p) => `\`${p}\``).join(', ') : 'none'}`);
  const caps = extraCapabilities(result.used);
  const note = locationNote(result);
  if (caps.length || note) {
    lines.push('', '## Capabilities', '');
    if (caps.includes('files.read')) lines.push('- `files.read`: `wx.chooseImage`/`chooseMedia` let the user pick from the owner\'s files (read-only, granted at install)');
    if (caps.includes('storage.files')) lines.push('- `storage.files`: `wx.downloadFile` keeps its temp files in the app\'s file area');
    if (note) lines.push(note);
  }
  lines.push('', '## Network', '');
  lines.push(`- granted (manifest \`net.fetch:<host>\`): ${result.granted.length ? result.granted.map((h) => `\`${h}\``).join(', ') : 'none'}`);
  if (result.ungranted.length) {
    lines.push(`- other URL hosts in the scripts, not granted (add with \`--allow-host\` if wx.request uses them): ${result.ungranted.map((h) => `\`${h}\``).join(', ')}`);
  }
  lines.push('');
  return lines.join('\n');
}

function copyDir(from, to, { skip = () => false } = {}) {
  fs.mkdirSync(to, { recursive: true });
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    const a = path.join(from, e.name);
    const b = path.join(to, e.name);
    if (skip(e.name, a)) continue;
    const st = fs.statSync(a); // follows symlinks: the SDK is copied, not linked
    if (st.isDirectory()) copyDir(a, b, { skip });
    else fs.copyFileSync(a, b);
  }
}

const BOOT = `// Starts the ported mini-program in ./mp/ inside #mp, with storage, wx.request and wx.login
// going to this app's own backend (/wx/ routes of app.wasm) through app-api.js.
import { createRuntime, createFetchLoader, createNodeBackends } from './runtime/index.js';
import { api } from './app-api.js';

const container = document.getElementById('mp');
const mp = createRuntime({
  container,
  loader: createFetchLoader({ base: new URL('./mp/', import.meta.url).href }),
  ...createNodeBackends({ api }),
});
mp.launch().catch((e) => {
  container.textContent = \`This mini-program could not start: \${e.message}\`;
  console.error(e);
});
`;

/** Ports src into out; returns {manifest, result}. */
export function port(src, out, opts = {}) {
  src = path.resolve(src);
  out = path.resolve(out);
  if (!fs.existsSync(src) || !fs.statSync(src).isDirectory()) throw new PortError(`${src} is not a folder`);
  const result = scan(src);
  if (fs.existsSync(out) && fs.readdirSync(out).length) throw new PortError(`${out} exists and is not empty`);
  const project = result.project || {};
  const id = opts.id || `org.wechat.${sanitizeId(project.appid || project.projectname || path.basename(src))}`;
  if (!/^[a-z0-9]+(\.[a-z0-9-]+)+$/.test(id)) throw new PortError(`bad app id ${id} (reverse-DNS such as org.example.app)`);
  const name = opts.name || project.projectname || (result.appJson.window && result.appJson.window.navigationBarTitleText) || id;
  for (const h of opts.allowHosts || []) {
    if (!/^[a-z0-9.-]+$/i.test(h)) throw new PortError(`bad host ${h}`);
    if (!result.granted.includes(h.toLowerCase())) result.granted.push(h.toLowerCase());
  }
  result.granted.sort();
  result.ungranted = result.ungranted.filter((h) => !result.granted.includes(h));
  const manifest = {
    format: 1, id, name: String(name), version: '1.0.0', abi: 'extism/1', entry: 'app.wasm', ui: 'ui',
    capabilities: ['storage.kv', 'identity.read', ...extraCapabilities(result.used), ...result.granted.map((h) => `net.fetch:${h}`)],
    // 15 s: a 1 MB storage item passes through the JSON envelope in one call, before the JIT warms up.
    limits: { memoryMiB: 64, timeoutMillis: 15000 },
  };

  fs.mkdirSync(out, { recursive: true });
  // The backend: host/ as it is (sources, lock, build script), the SDK copied in.
  const host = path.join(ROOT, 'host');
  for (const f of ['build.sh', 'package-lock.json', '.npmrc']) fs.copyFileSync(path.join(host, f), path.join(out, f));
  // Written, not copied: packaging tools leave .gitignore files out.
  fs.writeFileSync(path.join(out, '.gitignore'), 'node_modules/\nbuild/\n*.wapp\n*.key\n');
  const pkg = JSON.parse(fs.readFileSync(path.join(host, 'package.json'), 'utf8'));
  pkg.name = id;
  pkg.description = `${manifest.name}: a WeChat mini-program ported to ElastOS Node`;
  pkg.scripts = { build: 'sh build.sh' };
  fs.writeFileSync(path.join(out, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
  const lock = JSON.parse(fs.readFileSync(path.join(host, 'package-lock.json'), 'utf8'));
  lock.name = id;
  if (lock.packages && lock.packages['']) lock.packages[''].name = id;
  fs.writeFileSync(path.join(out, 'package-lock.json'), JSON.stringify(lock, null, 2) + '\n');
  fs.chmodSync(path.join(out, 'build.sh'), 0o755);
  copyDir(path.join(host, 'src'), path.join(out, 'src'));
  fs.writeFileSync(path.join(out, 'src', 'features.ts'), featuresTs(extraCapabilities(result.used)));
  copyDir(path.join(host, 'sdk'), path.join(out, 'sdk'), { skip: (n) => n === 'testing.mjs' });
  fs.writeFileSync(path.join(out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');

  // The UI: host page, runtime, app-api.js, the mini-program with wrapped scripts.
  const ui = path.join(out, 'ui');
  fs.mkdirSync(ui, { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'www', 'index.html'), path.join(ui, 'index.html'));
  fs.copyFileSync(path.join(ROOT, 'www', 'host.css'), path.join(ui, 'host.css'));
  fs.writeFileSync(path.join(ui, 'boot.js'), BOOT);
  fs.copyFileSync(SDK_UI, path.join(ui, 'app-api.js'));
  copyDir(path.join(ROOT, 'src'), path.join(ui, 'runtime'));
  const mp = path.join(ui, 'mp');
  copyDir(src, mp, {
    skip: (n) => n.startsWith('.') || n === 'node_modules' || n === '__esm__' || n === 'project.config.json' || n === 'project.private.config.json',
  });
  wrapTree(mp);

  const json = {
    id, name: manifest.name, capabilities: manifest.capabilities,
    files: result.files, plugins: result.plugins, subpackages: result.subpackages,
    hosts: { granted: result.granted, ungranted: result.ungranted },
  };
  fs.writeFileSync(path.join(out, 'port-report.json'), JSON.stringify(json, null, 2) + '\n');
  fs.writeFileSync(path.join(out, 'PORT-REPORT.md'), report(result, manifest, src));
  return { manifest, report: json };
}

function parseArgs(argv) {
  const pos = [];
  const opts = { allowHosts: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new PortError(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--id') opts.id = value();
    else if (a === '--name') opts.name = value();
    else if (a === '--allow-host') opts.allowHosts.push(value());
    else if (a.startsWith('--')) throw new PortError(`unknown option ${a}`);
    else pos.push(a);
  }
  if (pos.length !== 2) throw new PortError('usage: node tools/port.mjs <mini-program-dir> <out-dir> [--id org.example.x] [--name N] [--allow-host host]...');
  return { src: pos[0], out: pos[1], opts };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const { src, out, opts } = parseArgs(process.argv.slice(2));
    const { manifest, report: r } = port(src, out, opts);
    const n = Object.keys(r.files).length;
    console.log(`ported ${manifest.name} (${manifest.id}) into ${out}: ${n} file(s) with unsupported parts, see PORT-REPORT.md; build with: sh ${path.join(out, 'build.sh')}`);
  } catch (e) {
    console.error(`port: ${e instanceof PortError ? e.message : e.stack || e}`);
    process.exit(e instanceof PortError ? 2 : 1);
  }
}
