// WXSS -> CSS: rpx becomes px for the page width (750rpx = the page), @import is inlined through
// the loader, every selector is scoped to its page (or component) and WXML tag names become the
// wx-<tag> elements the renderer makes (`view` -> `wx-view`, `page` -> the page element).

import { resolvePath } from './path.js';

export const MAX_WXSS_SIZE = 512 * 1024;
export const MAX_WXSS_TOTAL = 2 * 1024 * 1024;
const MAX_IMPORT_DEPTH = 16;

/** Returns css => css with every NNNrpx replaced by px for a page `width` px wide. */
export function rpxConverter(width) {
  const w = Number(width) > 0 ? Number(width) : 375;
  return (css) => css.replace(/(-?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)rpx\b/gi, (_, n) => {
    const px = (Number(n) * w) / 750;
    return `${Math.round(px * 10000) / 10000}px`;
  });
}

function stripComments(css) {
  let out = '';
  for (let i = 0; i < css.length; i++) {
    const c = css[i];
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < css.length && css[j] !== c && css[j] !== '\n') j += css[j] === '\\' ? 2 : 1;
      out += css.slice(i, j + 1);
      i = j;
    } else if (c === '/' && css[i + 1] === '*') {
      const end = css.indexOf('*/', i + 2);
      i = end < 0 ? css.length : end + 1;
    } else out += c;
  }
  return out;
}

// Splits at top level: returns [{prelude, body}] for blocks and {statement} for `@import ...;`.
function blocks(css) {
  const out = [];
  let i = 0, start = 0;
  while (i < css.length) {
    const c = css[i];
    if (c === '"' || c === "'") {
      i++;
      while (i < css.length && css[i] !== c) i += css[i] === '\\' ? 2 : 1;
      i++;
    } else if (c === ';') {
      const st = css.slice(start, i).trim();
      if (st) out.push({ statement: st });
      start = ++i;
    } else if (c === '{') {
      let depth = 1, j = i + 1;
      while (j < css.length && depth > 0) {
        const d = css[j];
        if (d === '"' || d === "'") { j++; while (j < css.length && css[j] !== d) j += css[j] === '\\' ? 2 : 1; }
        else if (d === '{') depth++;
        else if (d === '}') depth--;
        j++;
      }
      out.push({ prelude: css.slice(start, i).trim(), body: css.slice(i + 1, j - 1) });
      start = i = j;
    } else i++;
  }
  const rest = css.slice(start).trim();
  if (rest) out.push({ statement: rest });
  return out;
}

function splitTop(s, sep) {
  const parts = [];
  let depth = 0, last = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === '"' || c === "'") { i++; while (i < s.length && s[i] !== c) i++; }
    else if (c === sep && depth === 0) { parts.push(s.slice(last, i)); last = i + 1; }
  }
  parts.push(s.slice(last));
  return parts;
}

const PAGE = '\u0000page\u0000';

// Rewrites type selectors (`view`, `text`, `page`) outside [...] and strings.
function rewriteTypes(sel) {
  let out = '';
  let depth = 0;
  for (let i = 0; i < sel.length; i++) {
    const c = sel[i];
    if (c === '[') depth++;
    if (c === ']') depth--;
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < sel.length && sel[j] !== c) j++;
      out += sel.slice(i, j + 1);
      i = j;
      continue;
    }
    const prev = i === 0 ? ' ' : sel[i - 1];
    if (depth === 0 && /[A-Za-z]/.test(c) && /[\s>+~(,]/.test(prev)) {
      const m = /^[A-Za-z][\w-]*/.exec(sel.slice(i));
      const name = m[0].toLowerCase();
      out += name === 'page' ? PAGE : `wx-${name}`;
      i += m[0].length - 1;
      continue;
    }
    out += c;
  }
  return out;
}

/** Scopes one selector list: `page` and `:host` become the scope itself, others descend from it. */
export function scopeSelectors(prelude, scope) {
  return splitTop(prelude, ',').map((raw) => {
    const s = raw.trim();
    if (!s) return s;
    let r = rewriteTypes(s).replace(/:host\b/g, PAGE);
    if (r.startsWith(PAGE)) return scope + r.slice(PAGE.length).split(PAGE).join(scope);
    r = r.split(PAGE).join(scope);
    return `${scope} ${r}`;
  }).join(', ');
}

function transform(css, scope) {
  let out = '';
  for (const b of blocks(css)) {
    if (b.statement !== undefined) {
      if (!b.statement.startsWith('@import')) out += `${b.statement};\n`;
      continue;
    }
    const p = b.prelude;
    if (/^@(media|supports|document|layer)\b/i.test(p)) out += `${p} {\n${transform(b.body, scope)}}\n`;
    else if (p.startsWith('@')) out += `${p} {${b.body}}\n`;
    else if (p) out += `${scopeSelectors(p, scope)} {${b.body}}\n`;
  }
  return out;
}

/**
 * Compiles a WXSS file and its @imports.
 * @param path     'pages/index/index.wxss'
 * @param readText loader: path -> Promise<string>
 * @param opts     { scope: CSS selector of the page or component element, width: page px }
 */
export async function compileWxss(path, readText, { scope, width }) {
  const budget = { left: MAX_WXSS_TOTAL };
  const css = await inline(path, readText, [], budget);
  return rpxConverter(width)(transform(css, scope));
}

/** Compiles WXSS text that is already in hand (no @import). */
export function compileWxssText(text, { scope, width }) {
  if (text.length > MAX_WXSS_SIZE) throw new Error(`WXSS larger than ${MAX_WXSS_SIZE} bytes`);
  return rpxConverter(width)(transform(stripComments(text), scope));
}

async function inline(path, readText, chain, budget) {
  if (chain.includes(path)) throw new Error(`${path}: @import cycle: ${[...chain, path].join(' -> ')}`);
  if (chain.length >= MAX_IMPORT_DEPTH) throw new Error(`${path}: @import nested deeper than ${MAX_IMPORT_DEPTH}`);
  const text = await readText(path);
  if (text.length > MAX_WXSS_SIZE) throw new Error(`${path}: WXSS larger than ${MAX_WXSS_SIZE} bytes`);
  budget.left -= text.length;
  if (budget.left < 0) throw new Error(`${path}: WXSS with its imports larger than ${MAX_WXSS_TOTAL} bytes`);
  let out = '';
  for (const b of blocks(stripComments(text))) {
    const m = b.statement !== undefined && /^@import\s+(?:url\()?\s*["']([^"']+)["']\s*\)?/.exec(b.statement);
    if (m) {
      out += await inline(resolvePath(path, m[1]), readText, [...chain, path], budget);
    } else if (b.statement !== undefined) out += `${b.statement};\n`;
    else out += `${b.prelude} {${b.body}}\n`;
  }
  return out;
}

/**
 * Adds CSS to a document through CSSOM (a constructed sheet), which the node's Content-Security-
 * Policy allows where a <style> element would be refused; falls back to <style> elsewhere.
 */
export function addSheet(doc, css) {
  const win = doc.defaultView;
  if (win && typeof win.CSSStyleSheet === 'function' && 'adoptedStyleSheets' in doc) {
    try {
      const sheet = new win.CSSStyleSheet();
      sheet.replaceSync(css);
      doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
      sheet.__wxText = css;
      return { css, remove: () => { doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((s) => s !== sheet); } };
    } catch { /* fall through to <style> */ }
  }
  const style = doc.createElement('style');
  style.textContent = css;
  doc.head.appendChild(style);
  return { css, remove: () => style.remove() };
}
