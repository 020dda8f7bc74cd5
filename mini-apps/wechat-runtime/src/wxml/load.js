// Loads a WXML file with its <import>s and <include>s through the loader. <import> brings the
// target's own templates (not the ones it imports, as in WeChat); <include> pastes the target's
// content in place, without its templates.

import { parseWxml, WxmlError } from './parse.js';
import { resolvePath } from '../path.js';

const MAX_INCLUDE_DEPTH = 16;

/**
 * @param {string} path  the file inside the package, e.g. 'pages/index/index.wxml'
 * @param {(path: string) => Promise<string>} readText
 * @returns {Promise<{file, children, templates}>}
 */
export async function loadWxml(path, readText, cache = new Map()) {
  return load(path, readText, cache, []);
}

async function parseFile(path, readText, cache) {
  if (!cache.has(path)) {
    cache.set(path, (async () => parseWxml(await readText(path), path))());
  }
  return cache.get(path);
}

async function load(path, readText, cache, chain) {
  if (chain.includes(path)) throw new Error(`${path}: import/include cycle: ${[...chain, path].join(' -> ')}`);
  if (chain.length > MAX_INCLUDE_DEPTH) throw new Error(`${path}: imports/includes nested deeper than ${MAX_INCLUDE_DEPTH}`);
  const root = await parseFile(path, readText, cache);
  const next = [...chain, path];
  const templates = Object.create(null);
  for (const imp of root.imports) {
    const target = resolve(path, imp);
    const sub = await load(target, readText, cache, next);
    for (const [name, def] of Object.entries(sub.own)) templates[name] = def;
  }
  const own = Object.create(null);
  for (const [name, def] of Object.entries(root.templates)) {
    own[name] = { ...def, children: await inline(def.children, path, readText, cache, next), tmap: templates };
    templates[name] = own[name];
  }
  const children = await inline(root.children, path, readText, cache, next);
  return { file: path, children, templates, own };
}

function resolve(path, node) {
  let src = node.src;
  if (!/\.wxml$/.test(src)) src += '.wxml';
  try {
    return resolvePath(path, src);
  } catch (e) {
    throw new WxmlError(path, node.loc.line, node.loc.col, e.message);
  }
}

// Replaces <include> elements (at any depth) by the included file's content.
async function inline(children, path, readText, cache, chain) {
  const out = [];
  for (const node of children) {
    if (node.type === 'element' && node.tag === 'include') {
      const sub = await load(resolve(path, node), readText, cache, chain);
      out.push(...sub.children);
    } else if (node.type === 'element' && node.children.length) {
      out.push({ ...node, children: await inline(node.children, path, readText, cache, chain) });
    } else {
      out.push(node);
    }
  }
  return out;
}
