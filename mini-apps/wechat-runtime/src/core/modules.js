// The mini-program's own JavaScript: CommonJS files (require, module.exports) that call the
// globals App/Page/Component. The loader turns each file into a factory taking those names as
// parameters (a pre-wrapped ES module in the browser, see loader.js), so nothing here evaluates
// source text. Files are preloaded with what they require, then run synchronously like WeChat.

import { resolvePath } from '../path.js';

/** The factory's parameters, in order. */
export const MODULE_PARAMS = ['require', 'module', 'exports', 'App', 'Page', 'Component', 'Behavior',
  'getApp', 'getCurrentPages', 'wx'];

const MAX_MODULES = 2000;

/** The string literals of require('...') calls in a source text (for preloading). */
export function scanRequires(source) {
  const out = new Set();
  const re = /\brequire\s*\(\s*(['"])([^'"\n]+)\1\s*\)/g;
  let m;
  while ((m = re.exec(source)) !== null) out.add(m[2]);
  return [...out];
}

export function resolveModule(from, spec) {
  let p = resolvePath(from, spec);
  if (!/\.js$/.test(p)) p += '.js';
  return p;
}

export function createModules(loader, globals) {
  const fetched = new Map(); // path -> Promise<{factory, requires}>
  const ready = new Map(); // path -> {factory, requires}, once fetched
  const done = new Map(); // path -> module, once run
  const params = () => MODULE_PARAMS.slice(3).map((n) => globals[n]);

  function fetchOne(path) {
    if (!fetched.has(path)) {
      if (fetched.size >= MAX_MODULES) throw new Error(`more than ${MAX_MODULES} script files`);
      const p = Promise.resolve(loader.script(path)).then((mod) => {
        if (!mod || typeof mod.factory !== 'function') throw new Error(`${path}: no such script`);
        return mod;
      });
      fetched.set(path, p);
      p.catch(() => fetched.delete(path));
    }
    return fetched.get(path);
  }

  // Fetches a file and, transitively, what it requires (a cycle stops at a file seen before).
  async function preload(path, seen) {
    if (ready.has(path) || seen.has(path)) return;
    seen.add(path);
    const mod = await fetchOne(path);
    ready.set(path, mod);
    // A require that names no file fails when it runs, as in WeChat, not at load.
    await Promise.all((mod.requires || []).map((spec) => {
      let dep;
      try { dep = resolveModule(path, spec); } catch { return null; }
      return preload(dep, seen).catch(() => null);
    }));
  }

  function run(path) {
    if (done.has(path)) return done.get(path).exports;
    const mod = ready.get(path);
    if (!mod) throw new Error(`module ${path} is not part of the mini-program`);
    const module = { exports: {}, id: path };
    done.set(path, module);
    const require = (spec) => run(resolveModule(path, spec));
    mod.factory.call(module.exports, require, module, module.exports, ...params());
    return module.exports;
  }

  return {
    /** Loads `path` and what it requires, runs it (once) and returns its exports. */
    async require(path) {
      await preload(path, new Set());
      return run(path);
    },
    has: (path) => done.has(path),
  };
}
