// Where the mini-program's files come from. A loader is
//   { text(path) -> Promise<string|null>   (null: no such file)
//     script(path) -> Promise<{factory, requires}>
//     url(path) -> string                 (for <image src>, tab bar icons) }
// with paths relative to the package root ('pages/index/index.wxml').
//
// In the browser the page's Content-Security-Policy forbids eval, so a script is not fetched as
// text and compiled: each mini-program file X.js is served pre-wrapped as the ES module
// __esm__/X.js (see wrapModule and tools/wrap.mjs) and imported.

import { MODULE_PARAMS, scanRequires } from './core/modules.js';

export const ESM_DIR = '__esm__/';

/** Wraps a CommonJS mini-program file as an ES module whose default export is the factory. */
export function wrapModule(source) {
  const requires = JSON.stringify(scanRequires(source));
  return `export const requires = ${requires};\n`
    + `export default function (${MODULE_PARAMS.join(', ')}) {\n${source}\n}\n`;
}

/** Files fetched relative to `base` (e.g. the app's '/apps/<id>/mp/'). */
export function createFetchLoader({ base, fetch = globalThis.fetch, importModule = (u) => import(u) }) {
  const root = new URL(base, globalThis.location ? globalThis.location.href : undefined);
  const url = (path) => new URL(path.replace(/^\/+/, ''), root).href;
  return {
    async text(path) {
      const res = await fetch(url(path));
      if (res.status === 404) return null;
      if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
      return res.text();
    },
    async script(path) {
      const mod = await importModule(url(ESM_DIR + path));
      return { factory: mod.default, requires: mod.requires || [] };
    },
    url,
  };
}

/**
 * Files from a map {path: text}, for tests and tools. `compile(source, path, params)` turns a
 * script's source into its factory (in Node: vm.compileFunction).
 */
export function createMapLoader(files, { compile, base = '' } = {}) {
  const get = (path) => (Object.prototype.hasOwnProperty.call(files, path) ? files[path] : null);
  return {
    async text(path) { return get(path); },
    async script(path) {
      const source = get(path);
      if (source === null) throw new Error(`${path}: no such script`);
      if (!compile) throw new Error('createMapLoader needs a compile function for scripts');
      return { factory: compile(source, path, MODULE_PARAMS), requires: scanRequires(source) };
    },
    url: (path) => base + path,
  };
}
