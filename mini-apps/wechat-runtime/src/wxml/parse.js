// WXML source -> AST. Hand-written so that it can be tolerant where WeChat's own compiler is
// (unclosed <image>/<input>, bare attributes, `<` inside {{ }}), strict where a silent guess
// would render the wrong page (a mismatched close tag), and bounded in size and depth so a
// hostile file cannot exhaust the page. Every {{ }} is parsed and compiled here, so a syntax
// error is reported with the file's line:column before anything renders.

import { parseExpr, parseTemplateData, compile, ExprError } from './expr.js';

export const MAX_WXML_SIZE = 1 << 20; // 1 MiB, half of WeChat's whole-package limit
export const MAX_DEPTH = 256;
export const MAX_NODES = 50000;

// Tags WeChat authors often leave open (`<image src="a">`); closed implicitly by their parent.
const MAY_STAY_OPEN = new Set(['import', 'include', 'input', 'image', 'icon', 'progress']);
const TAG_NAME = /^[A-Za-z_][A-Za-z0-9_-]*/;
const EVENT_ATTR = /^(capture-bind|capture-catch|mut-bind|bind|catch):?([A-Za-z][\w-]*)$/;

export class WxmlError extends Error {
  constructor(file, line, col, message) {
    super(`${file}:${line}:${col}: ${message}`);
    this.file = file;
    this.line = line;
    this.col = col;
    this.reason = message;
  }
}

const ENTITIES = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: '\u00a0', ensp: '\u2002', emsp: '\u2003' };
export function decodeEntities(s) {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (m, e) => {
    if (e[0] === '#') {
      const n = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : m;
    }
    return Object.prototype.hasOwnProperty.call(ENTITIES, e) ? ENTITIES[e] : m;
  });
}

/** A value as WXML writes it: static text, one {{expr}} (keeps its type), or a mix (a string). */
export function staticValue(v) {
  return { kind: 'static', v };
}

class Source {
  constructor(text, file) {
    this.text = text;
    this.file = file;
    this.lineStarts = [0];
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.lineStarts.push(i + 1);
  }
  loc(offset) {
    let lo = 0, hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - this.lineStarts[lo] + 1 };
  }
  error(offset, message) {
    const { line, col } = this.loc(offset);
    return new WxmlError(this.file, line, col, message);
  }
}

/**
 * Finds the `}}` closing the interpolation whose body starts at `i`, skipping strings and
 * nested braces so `{{ {a: {b: 1}} }}` works. Returns the index of the `}}` or -1.
 */
function interpEnd(text, i) {
  let depth = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"' || c === "'") {
      i++;
      while (i < text.length && text[i] !== c) i += text[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    if (c === '}' && text[i + 1] === '}' && depth === 0) return i;
    if (c === '{') depth++;
    else if (c === '}') depth--;
    i++;
  }
  return -1;
}

/**
 * Splits a text or attribute value into static strings and compiled expressions.
 * `base` is the value's offset in the file, for error positions. `asData` parses the body as
 * template data (the inside of an object literal).
 */
export function parseValue(raw, src, base, { decode = true, asData = false } = {}) {
  const parts = [];
  let i = 0;
  while (i < raw.length) {
    const open = raw.indexOf('{{', i);
    if (open < 0) { parts.push(decode ? decodeEntities(raw.slice(i)) : raw.slice(i)); break; }
    if (open > i) parts.push(decode ? decodeEntities(raw.slice(i, open)) : raw.slice(i, open));
    const end = interpEnd(raw, open + 2);
    if (end < 0) throw src.error(base + open, "'{{' without a closing '}}'");
    const body = raw.slice(open + 2, end);
    let ast;
    try {
      ast = body.trim() === '' ? { k: 'lit', v: '' } : (asData ? parseTemplateData(body) : parseExpr(body));
    } catch (e) {
      if (e instanceof ExprError) throw src.error(base + open + 2 + (e.offset || 0), `in {{ }}: ${e.message}`);
      throw e;
    }
    const fn = compile(ast);
    fn.src = body;
    parts.push(fn);
    i = end + 2;
  }
  if (parts.length === 0) return staticValue('');
  if (parts.length === 1) return typeof parts[0] === 'string' ? staticValue(parts[0]) : { kind: 'expr', fn: parts[0] };
  return { kind: 'mix', parts };
}

function camelDataset(name) {
  // WeChat lower-cases the name, then turns each -x into X: data-foo-bar -> fooBar.
  return name.toLowerCase().replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
}

/** Parses a WXML file. `file` names it in errors. */
export function parseWxml(text, file = 'page.wxml') {
  if (typeof text !== 'string') throw new TypeError('WXML must be a string');
  if (text.length > MAX_WXML_SIZE) throw new WxmlError(file, 1, 1, `file larger than ${MAX_WXML_SIZE} bytes`);
  const src = new Source(text, file);
  const root = { type: 'root', children: [], imports: [], templates: Object.create(null), file };
  const stack = [root];
  let nodes = 0;
  let i = 0;
  const top = () => stack[stack.length - 1];
  const count = (at) => {
    if (++nodes > MAX_NODES) throw src.error(at, `more than ${MAX_NODES} nodes`);
  };

  // Content never goes inside <image>/<input>/...: one left open ends where content starts.
  const closeVoid = () => {
    while (MAY_STAY_OPEN.has(top().tag)) finish(stack.pop());
  };
  const closeTo = (index) => {
    while (stack.length - 1 > index) finish(stack.pop());
  };

  while (i < text.length) {
    if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end < 0) throw src.error(i, 'comment without a closing -->');
      i = end + 3;
      continue;
    }
    if (text.startsWith('</', i)) {
      const m = TAG_NAME.exec(text.slice(i + 2));
      if (!m) throw src.error(i, 'malformed closing tag');
      const name = m[0];
      let j = i + 2 + name.length;
      while (/\s/.test(text[j] || '')) j++;
      if (text[j] !== '>') throw src.error(j, `expected '>' to end </${name}`);
      // Match the innermost open element of that name, closing only tags that may stay open.
      let k = stack.length - 1;
      while (k > 0 && stack[k].tag !== name && MAY_STAY_OPEN.has(stack[k].tag)) k--;
      if (k === 0 || stack[k].tag !== name) {
        // `<image ...>` closed implicitly before its `</image>`: drop the stray close.
        if (MAY_STAY_OPEN.has(name)) { i = j + 1; continue; }
        const open = top();
        if (open.type === 'root') throw src.error(i, `closing tag </${name}> without an opening tag`);
        throw src.error(i, `expected </${open.tag}> (opened at ${open.loc.line}:${open.loc.col}) but found </${name}>`);
      }
      closeTo(k);
      finish(stack.pop());
      i = j + 1;
      continue;
    }
    if (text[i] === '<' && /[A-Za-z_]/.test(text[i + 1] || '')) {
      const start = i;
      const m = TAG_NAME.exec(text.slice(i + 1));
      const tag = m[0];
      i += 1 + tag.length;
      const attrs = [];
      let selfClose = false;
      for (;;) {
        while (/\s/.test(text[i] || '')) i++;
        if (i >= text.length) throw src.error(start, `<${tag}> is not terminated by '>'`);
        if (text[i] === '>') { i++; break; }
        if (text.startsWith('/>', i)) { i += 2; selfClose = true; break; }
        const am = /^[^\s=/>"'<]+/.exec(text.slice(i));
        if (!am) throw src.error(i, `unexpected '${text[i]}' in <${tag}>`);
        const name = am[0];
        const nameAt = i;
        i += name.length;
        while (/\s/.test(text[i] || '')) i++;
        let raw = null, valueAt = i;
        if (text[i] === '=') {
          i++;
          while (/\s/.test(text[i] || '')) i++;
          const q = text[i];
          if (q === '"' || q === "'") {
            // Find the closing quote, skipping over {{ }} (which may hold the other quote).
            let j = i + 1;
            for (;;) {
              if (j >= text.length) throw src.error(i, `attribute ${name} has no closing ${q}`);
              if (text.startsWith('{{', j)) {
                const e = interpEnd(text, j + 2);
                if (e < 0) throw src.error(j, "'{{' without a closing '}}'");
                j = e + 2;
                continue;
              }
              if (text[j] === q) break;
              j++;
            }
            raw = text.slice(i + 1, j);
            valueAt = i + 1;
            i = j + 1;
          } else {
            const um = /^[^\s>]+/.exec(text.slice(i));
            if (!um) throw src.error(i, `attribute ${name} has no value`);
            raw = um[0].endsWith('/') && text[i + um[0].length] === '>' ? um[0].slice(0, -1) : um[0];
            valueAt = i;
            i += raw.length;
          }
        }
        attrs.push({ name, raw, at: nameAt, valueAt });
      }
      count(start);
      closeVoid();
      if (stack.length > MAX_DEPTH) throw src.error(start, `elements nested deeper than ${MAX_DEPTH}`);
      const el = element(tag, attrs, start);
      top().children.push(el);
      if (tag === 'wxs') {
        // WXS modules are kept as raw text (not run yet); their body is not WXML.
        if (!selfClose) {
          const end = text.indexOf('</wxs>', i);
          if (end < 0) throw src.error(start, '<wxs> without </wxs>');
          el.code = text.slice(i, end);
          i = end + 6;
        }
        continue;
      }
      if (!selfClose) stack.push(el);
      else finish(el);
      continue;
    }
    // Text up to the next tag; a '<' inside {{ }} (a comparison) is part of the text.
    const start = i;
    while (i < text.length) {
      if (text.startsWith('{{', i)) {
        const e = interpEnd(text, i + 2);
        if (e < 0) throw src.error(i, "'{{' without a closing '}}'");
        i = e + 2;
        continue;
      }
      if (text[i] === '<' && /[A-Za-z_/!]/.test(text[i + 1] || '')) break;
      i++;
    }
    const raw = text.slice(start, i);
    if (raw.trim() === '' && top().tag !== 'text') continue;
    closeVoid();
    const parent = top();
    count(start);
    parent.children.push({ type: 'text', value: parseValue(raw, src, start), loc: src.loc(start) });
  }
  // At the end only tags that may stay open may still be open.
  for (let k = stack.length - 1; k > 0; k--) {
    if (!MAY_STAY_OPEN.has(stack[k].tag)) {
      const { line, col } = stack[k].loc;
      throw new WxmlError(file, line, col, `<${stack[k].tag}> is never closed`);
    }
  }
  closeTo(0);
  return root;

  function element(tag, attrs, at) {
    const el = {
      type: 'element', tag, loc: src.loc(at), props: [], events: [], dataset: [], children: [],
    };
    const value = (a, opts) => (a.raw === null ? staticValue(true) : parseValue(a.raw, src, a.valueAt, opts));
    const name = (a) => (a.raw === null ? '' : a.raw.trim());
    for (const a of attrs) {
      const n = a.name;
      if (n === 'wx:if') el.if = value(a);
      else if (n === 'wx:elif') el.elif = value(a);
      else if (n === 'wx:else') el.else = true;
      else if (n === 'wx:for' || n === 'wx:for-items') el.for = value(a);
      else if (n === 'wx:for-item') el.forItem = name(a) || 'item';
      else if (n === 'wx:for-index') el.forIndex = name(a) || 'index';
      else if (n === 'wx:key') el.key = a.raw !== null && a.raw.includes('{{') ? value(a) : name(a);
      else if (n.startsWith('wx:')) throw src.error(a.at, `unknown directive ${n}`);
      else if (EVENT_ATTR.test(n)) {
        const [, kind, type] = EVENT_ATTR.exec(n);
        el.events.push({
          type,
          capture: kind.startsWith('capture'),
          catch: kind.endsWith('catch'),
          handler: value(a),
        });
      } else if (n.startsWith('data-') && n.length > 5) {
        el.dataset.push({ key: camelDataset(n.slice(5)), value: value(a) });
      } else if (tag === 'template' && n === 'data') {
        el.props.push({ name: n, value: value(a, { asData: true }) });
      } else {
        el.props.push({ name: n, value: value(a) });
      }
    }
    if (el.for && !el.forItem) el.forItem = 'item';
    if (el.for && !el.forIndex) el.forIndex = 'index';
    return el;
  }

  // Hooks run when an element's content is complete: template definitions and imports leave
  // the tree and go to the file's tables.
  function finish(el) {
    const prop = (n) => el.props.find((p) => p.name === n);
    if (el.tag === 'template') {
      const name = prop('name');
      if (name) {
        if (name.value.kind !== 'static') throw new WxmlError(file, el.loc.line, el.loc.col, 'template name must be static');
        const parent = stack[stack.length - 1];
        parent.children.splice(parent.children.indexOf(el), 1);
        root.templates[name.value.v] = { name: name.value.v, children: el.children, file, loc: el.loc };
      } else if (!prop('is')) {
        throw new WxmlError(file, el.loc.line, el.loc.col, '<template> needs a name or an is attribute');
      }
    } else if (el.tag === 'import' || el.tag === 'include') {
      const s = prop('src');
      if (!s || s.value.kind !== 'static' || !s.value.v) {
        throw new WxmlError(file, el.loc.line, el.loc.col, `<${el.tag}> needs a static src`);
      }
      el.src = s.value.v;
      if (el.tag === 'import') {
        root.imports.push({ src: el.src, loc: el.loc });
        const parent = stack[stack.length - 1];
        parent.children.splice(parent.children.indexOf(el), 1);
      }
    }
  }
}
