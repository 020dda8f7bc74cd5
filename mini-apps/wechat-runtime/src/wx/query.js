// wx.createSelectorQuery(): SelectorQuery and NodesRef, WeChat's way of reading the layout of
// rendered WXML nodes (rects, sizes, scroll offsets, a few fields).
//
//   wx.createSelectorQuery()            the current page's nodes (not those inside components)
//     .in(componentOrPage)              that component's own nodes instead
//     .select(sel) / .selectAll(sel)    -> NodesRef (first match or null / all matches or [])
//     .selectViewport()                 -> NodesRef of the page's display area
//   NodesRef: .boundingClientRect(cb?) .scrollOffset(cb?) .fields(fields, cb?) .node(cb?)
//             each queues one request and returns the SelectorQuery
//   .exec(cb?)  on the next microtask runs the requests in order: each request's callback,
//               then cb(results), results[i] being request i's answer.
//
// Selectors are parsed here and matched against the rendered WXML tree, never handed to
// querySelector and never evaluated. Supported: `#id`, `.class` (several: `.a.b`), a WXML tag
// name (`view`, `scroll-view`, a usingComponents tag; it is the element `wx-<tag>` in the DOM)
// alone or before `#id`/`.class`, `a b` (descendant), `a > b` (child), `a >>> b` (descendant
// across custom components), `a, b` (union). Anything else (`*`, `[attr]`, `:pseudo`, `+`, `~`,
// `\` escapes, quotes, ...) throws "SelectorQuery: ... is not supported" from select/selectAll.
//
// Scopes are WeChat's: a page's query sees the page's own nodes, the hosts of the components
// on it and the slot content it hands them, not the nodes inside those components; `.in(c)`
// sees c's own nodes (not its host, not the slot content it receives); `>>>` crosses into
// components. `a > b` and `a b` stay inside one tree; `a > b` is about the WXML parent (a
// swiper's items are children of the swiper, whatever wrapper the renderer adds).
//
// Answers use WeChat's field names. Rects are relative to the display area, the scope's page
// element (WeChat: "relative to the display area"), so the viewport's rect is {left: 0, top: 0,
// width, height} of the page element and its scrollOffset is the page's scroll. Limits:
// fields `mark` answers {} (marks are not supported), `context` answers null; node() answers
// {node: ScrollViewContext-like {scrollTo, scrollIntoView('#id')}} for a scroll-view, else
// {node: null} (no canvas). `properties` reads a component's data / a built-in's attributes
// (`scrollY` -> `scroll-y`), undefined when not set (no built-in defaults), never id, class,
// style. `scrollOffset` answers any node's own scroll values (WeChat: scroll-view or viewport).
// Rendering is a microtask batch: setData made before exec() shows in its answers.

import { clone } from '../core/data.js';

export const MAX_REQUESTS = 256;
export const MAX_SELECTOR_LENGTH = 1024;
export const MAX_SELECTOR_PARTS = 32; // members of a union, compounds of one member
const MAX_NAMES = 64; // properties / computedStyle names per fields() call

const IDENT = /[A-Za-z0-9_\-\u0080-\uffff]/;
const TAG_START = /[A-Za-z]/;
const WHY = {
  '*': 'the universal selector *',
  '[': 'attribute selectors [...]',
  ':': 'pseudo-classes and pseudo-elements (:...)',
  '+': 'the sibling combinator +',
  '~': 'the sibling combinator ~',
  '\\': 'escapes (\\)',
  '"': 'quotes',
  "'": 'quotes',
  '(': 'parentheses',
  '|': 'namespaces (|)',
};

function refuse(selector, reason) {
  return new Error(`SelectorQuery: ${reason} in selector "${selector}" (supported: #id, .class, tag, "a b", "a > b", "a >>> b", "a, b")`);
}

/**
 * '.a > #b, view .c' -> [[{tag, ids, classes}, '>', {...}], [...]] (a union of complex
 * selectors: compounds with the combinator before each one). Throws on anything else.
 */
export function parseSelector(selector) {
  if (typeof selector !== 'string') throw new TypeError('SelectorQuery: the selector must be a string');
  if (selector.length > MAX_SELECTOR_LENGTH) throw refuse(selector.slice(0, 40) + '...', `a selector longer than ${MAX_SELECTOR_LENGTH} characters`);
  const s = selector;
  const union = [];
  let complex = [];
  let compound = null;
  let comb = null; // pending combinator before the next compound
  let i = 0;
  const readIdent = () => {
    const start = i;
    while (i < s.length && IDENT.test(s[i])) i++;
    return s.slice(start, i);
  };
  const endCompound = () => {
    if (!compound) return;
    if (complex.length / 2 >= MAX_SELECTOR_PARTS) throw refuse(s, `more than ${MAX_SELECTOR_PARTS} compounds`);
    complex.push(compound);
    compound = null;
  };
  const setComb = (c) => {
    endCompound();
    if (!complex.length) throw refuse(s, `a combinator "${c}" with nothing before it`);
    if (comb && comb !== ' ') throw refuse(s, `two combinators in a row ("${comb}" then "${c}")`);
    comb = c;
  };
  const endComplex = () => {
    endCompound();
    if (!complex.length) throw refuse(s, 'an empty selector');
    if (comb && comb !== ' ') throw refuse(s, `a combinator "${comb}" with nothing after it`);
    if (union.length >= MAX_SELECTOR_PARTS) throw refuse(s, `more than ${MAX_SELECTOR_PARTS} selectors in a union`);
    union.push(complex);
    complex = [];
    comb = null;
  };
  const startCompound = () => {
    if (compound) return;
    if (complex.length) {
      if (!comb) throw refuse(s, 'a missing combinator');
      complex.push(comb);
      comb = null;
    }
    compound = { tag: null, ids: [], classes: [] };
  };
  while (i < s.length) {
    const c = s[i];
    if (/\s/.test(c)) {
      endCompound();
      if (complex.length && !comb) comb = ' ';
      i++;
    } else if (c === '>') {
      if (s.startsWith('>>>', i)) { setComb('>>>'); i += 3; }
      else if (s.startsWith('>>', i)) throw refuse(s, '">>" (did you mean ">>>"?)');
      else { setComb('>'); i++; }
    } else if (c === ',') {
      endComplex();
      i++;
    } else if (c === '#' || c === '.') {
      startCompound();
      i++;
      const name = readIdent();
      if (!name) throw refuse(s, `"${c}" without a name`);
      (c === '#' ? compound.ids : compound.classes).push(name);
    } else if (TAG_START.test(c)) {
      if (compound) throw refuse(s, `a tag name after #id or .class ("${s.slice(i, i + 20)}")`);
      startCompound();
      compound.tag = readIdent().toLowerCase();
    } else {
      throw refuse(s, WHY[c] ? `${WHY[c]} are not supported` : `the character "${c}" is not supported`);
    }
  }
  endComplex();
  return union;
}

// ---- the rendered tree -------------------------------------------------------------------

/**
 * The logical WXML tree of one page, from the vnodes the runtime rendered: every element node
 * {el, tag, owner (the page or component whose WXML made it), parent (its WXML parent node;
 * a component's top-level nodes have its host as parent), v}. Slot content belongs to the
 * owner that wrote it and is a child of the component's host there, as in WeChat. Nodes come
 * in document order.
 */
export function indexPage(pageInst) {
  const st = pageInst && pageInst.__wx;
  if (!st || !st.alive || !st.el) return { nodes: [], byEl: new Map() };
  const byEl = new Map();
  // A component shows copies of its slot content vnodes, sharing their props object
  // (render/build.js copyVNode): props -> {owner, parent} for the top-level slotted nodes.
  const slotted = new Map();
  const walk = (vnodes, owner, parent) => {
    for (const v of vnodes || []) {
      if (!v || v.t === 'text' || !v.el) continue;
      let o = owner, p = parent;
      const s = v.props && slotted.get(v.props);
      if (s) { o = s.owner; p = s.parent; }
      const node = { el: v.el, tag: String(v.tag).toLowerCase(), owner: o, parent: p, v };
      byEl.set(v.el, node);
      if (v.t === 'comp') {
        for (const c of v.children || []) {
          if (c && c.t !== 'text' && c.props && !slotted.has(c.props)) slotted.set(c.props, { owner: o, parent: node });
        }
        const inst = v.inst;
        if (inst && inst.__wx && inst.__wx.alive) walk(inst.__wx.vnodes, inst, node);
      } else {
        walk(v.children, o, node);
      }
    }
  };
  walk(st.vnodes, pageInst, null);
  const nodes = [];
  for (const el of st.el.querySelectorAll('*')) {
    const n = byEl.get(el);
    if (n) nodes.push(n);
  }
  return { nodes, byEl };
}

function compoundMatches(c, node) {
  if (c.tag && c.tag !== node.tag) return false;
  for (const id of c.ids) if (node.el.id !== id) return false;
  for (const cls of c.classes) if (!node.el.classList.contains(cls)) return false;
  return true;
}

// Does `complex` match `node`, its leftmost compound lying in `scope`'s own tree?
function complexMatches(complex, node, scope, memo) {
  const last = complex.length - 1;
  if (!compoundMatches(complex[last], node)) return false;
  const from = (i, n) => { // complex[i] matches n; do the parts left of it match?
    if (i === 0) return n.owner === scope;
    let m = memo[i];
    if (!m) m = memo[i] = new Map();
    if (m.has(n)) return m.get(n);
    const comb = complex[i - 1];
    const left = complex[i - 2];
    let ok = false;
    if (comb === '>') {
      const p = n.parent;
      ok = !!p && p.owner === n.owner && compoundMatches(left, p) && from(i - 2, p);
    } else {
      for (let p = n.parent; p && !ok; p = p.parent) {
        if (comb !== '>>>' && p.owner !== n.owner) break;
        ok = compoundMatches(left, p) && from(i - 2, p);
      }
    }
    m.set(n, ok);
    return ok;
  };
  return from(last, node);
}

export function select(index, union, scope, all) {
  const memos = union.map(() => []);
  const out = [];
  for (const n of index.nodes) {
    if (union.some((cx, k) => complexMatches(cx, n, scope, memos[k]))) {
      if (!all) return n;
      out.push(n);
    }
  }
  return all ? out : null;
}

// ---- answers -----------------------------------------------------------------------------

const kebab = (name) => (name.includes('-') ? name : name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`));
const NOT_PROPERTIES = new Set(['id', 'class', 'style']);
const NAME = /^-?[A-Za-z][A-Za-z0-9-]*$/;

function names(list, what) {
  if (list === undefined || list === null || list === false) return [];
  if (!Array.isArray(list)) throw new TypeError(`SelectorQuery: fields.${what} must be an array of names`);
  if (list.length > MAX_NAMES) throw new Error(`SelectorQuery: more than ${MAX_NAMES} names in fields.${what}`);
  return list.map(String);
}

export function rectOf(el) {
  const r = el && typeof el.getBoundingClientRect === 'function' ? el.getBoundingClientRect() : null;
  const n = (x) => (typeof x === 'number' && Number.isFinite(x) ? x : 0);
  if (!r) return { left: 0, top: 0, right: 0, bottom: 0, width: 0, height: 0 };
  const left = n(r.left), top = n(r.top);
  const width = n(r.width), height = n(r.height);
  return { left, top, right: r.right === undefined ? left + width : n(r.right), bottom: r.bottom === undefined ? top + height : n(r.bottom), width, height };
}

// A scroll-view's node(): what WeChat's ScrollViewContext offers that a DOM element can do.
function scrollViewContext(el) {
  return {
    scrollTo(o = {}) {
      const top = Number(o.top), left = Number(o.left);
      if (o.animated && typeof el.scrollTo === 'function') {
        el.scrollTo({ top: Number.isFinite(top) ? top : el.scrollTop, left: Number.isFinite(left) ? left : el.scrollLeft, behavior: 'smooth' });
        return;
      }
      if (Number.isFinite(top)) el.scrollTop = top;
      if (Number.isFinite(left)) el.scrollLeft = left;
    },
    scrollIntoView(selector) {
      const m = /^#([A-Za-z0-9_\-\u0080-\uffff]+)$/.exec(String(selector));
      if (!m) throw new Error('ScrollViewContext.scrollIntoView: only "#id" is supported');
      const target = [...el.querySelectorAll('[id]')].find((n) => n.id === m[1]);
      if (!target) return;
      const vertical = el.hasAttribute('scroll-y') || !el.hasAttribute('scroll-x');
      if (vertical) el.scrollTop = target.offsetTop - el.offsetTop;
      else el.scrollLeft = target.offsetLeft - el.offsetLeft;
    },
  };
}

/**
 * host: { doc(), win(), top() (the current page instance; its element is page.__wx.el),
 *         report(e)? (errors thrown by callbacks; default console.error) }
 * Returns { createSelectorQuery }.
 */
export function createSelectorQueryApi(host) {
  const report = (e) => {
    if (host && typeof host.report === 'function') host.report(e); else console.error(e);
  };
  const call = (fn, arg) => {
    if (typeof fn !== 'function') return;
    try { fn(arg); } catch (e) { report(e); }
  };

  function scopeOf(inst) {
    const st = inst && typeof inst === 'object' ? inst.__wx : null;
    if (!st || (st.kind !== 'page' && st.kind !== 'component')) {
      throw new TypeError('SelectorQuery.in: expects a component (or page) instance, such as `this` in a Component');
    }
    return inst;
  }
  const pageOf = (scope) => (scope && scope.__wx && scope.__wx.kind === 'component' ? scope.__wx.page : scope);

  // One answer for one node: `fields` as WeChat's NodesRef.fields takes them.
  function answer(node, f, ctx) {
    const { el, viewport } = node;
    const res = {};
    if (f.id) res.id = viewport ? '' : el.id || '';
    if (f.dataset) res.dataset = viewport ? {} : clone((el.__wx && el.__wx.dataset) || {});
    if (f.mark) res.mark = {};
    if (f.rect || f.size) {
      let r;
      if (viewport) {
        const v = rectOf(el);
        r = { left: 0, top: 0, right: v.width, bottom: v.height, width: v.width, height: v.height };
      } else {
        const o = ctx.origin();
        const v = rectOf(el);
        r = { left: v.left - o.left, top: v.top - o.top, right: v.right - o.left, bottom: v.bottom - o.top, width: v.width, height: v.height };
      }
      if (f.rect) Object.assign(res, { left: r.left, right: r.right, top: r.top, bottom: r.bottom });
      if (f.size) Object.assign(res, { width: r.width, height: r.height });
    }
    if (f.scrollOffset) {
      Object.assign(res, { scrollLeft: el.scrollLeft || 0, scrollTop: el.scrollTop || 0, scrollWidth: el.scrollWidth || 0, scrollHeight: el.scrollHeight || 0 });
    }
    for (const name of f.properties) {
      if (NOT_PROPERTIES.has(name) || viewport) { res[name] = undefined; continue; }
      const inst = el.__wxInst;
      let value;
      if (inst && inst.data && Object.prototype.hasOwnProperty.call(inst.data, name)) value = clone(inst.data[name]);
      else {
        const props = el.__props || (node.v && node.v.props) || {};
        const key = Object.prototype.hasOwnProperty.call(props, name) ? name : kebab(name);
        value = Object.prototype.hasOwnProperty.call(props, key) && !NOT_PROPERTIES.has(key) ? clone(props[key]) : undefined;
      }
      res[name] = value;
    }
    if (f.computedStyle.length) {
      const win = host.win();
      const cs = win && typeof win.getComputedStyle === 'function' ? win.getComputedStyle(el) : null;
      for (const name of f.computedStyle) {
        res[name] = cs && NAME.test(name) ? cs.getPropertyValue(kebab(name)) : '';
      }
    }
    if (f.context) res.context = null;
    if (f.node) res.node = !viewport && node.tag === 'scroll-view' ? scrollViewContext(el) : null;
    return res;
  }

  function fieldsOf(o) {
    const f = o && typeof o === 'object' ? o : {};
    return {
      id: !!f.id, dataset: !!f.dataset, mark: !!f.mark, rect: !!f.rect, size: !!f.size, scrollOffset: !!f.scrollOffset,
      properties: names(f.properties, 'properties'), computedStyle: names(f.computedStyle, 'computedStyle'),
      context: !!f.context, node: !!f.node,
    };
  }
  const RECT = fieldsOf({ id: true, dataset: true, rect: true, size: true });
  const SCROLL = fieldsOf({ id: true, dataset: true, scrollOffset: true });
  const NODE = fieldsOf({ node: true });

  function createSelectorQuery() {
    let scope = host.top() || null;
    const requests = [];

    const query = {
      in(component) {
        scope = scopeOf(component);
        return query;
      },
      select(selector) { return nodesRef({ kind: 'one', union: parseSelector(selector) }); },
      selectAll(selector) { return nodesRef({ kind: 'all', union: parseSelector(selector) }); },
      selectViewport() { return nodesRef({ kind: 'viewport' }); },
      exec(cb) {
        const batch = requests.slice();
        const at = scope;
        Promise.resolve().then(() => {
          const results = run(batch, at);
          for (let i = 0; i < batch.length; i++) call(batch[i].cb, results[i]);
          call(cb, results);
        }).catch(report);
        return query;
      },
    };

    function nodesRef(target) {
      const add = (fields, cb) => {
        if (requests.length >= MAX_REQUESTS) throw new Error(`SelectorQuery: more than ${MAX_REQUESTS} requests in one query`);
        requests.push({ target, fields, cb: typeof cb === 'function' ? cb : null });
        return query;
      };
      return {
        boundingClientRect: (cb) => add(RECT, cb),
        scrollOffset: (cb) => add(SCROLL, cb),
        fields: (fields, cb) => add(fieldsOf(fields), cb),
        node: (cb) => add(NODE, cb),
        context: (cb) => add(fieldsOf({ context: true }), cb),
      };
    }
    return query;
  }

  function run(batch, scope) {
    const page = pageOf(scope);
    const alive = scope && scope.__wx && scope.__wx.alive && page && page.__wx && page.__wx.alive;
    let index = null;
    const getIndex = () => (index ||= alive ? indexPage(page) : { nodes: [], byEl: new Map() });
    const pageEl = alive ? page.__wx.el : null;
    let origin = null;
    const ctx = { origin: () => (origin ||= rectOf(pageEl)) };
    const found = new Map(); // target -> selection, once per exec
    return batch.map(({ target, fields }) => {
      if (target.kind === 'viewport') {
        if (!pageEl) return null;
        return answer({ el: pageEl, viewport: true }, fields, ctx);
      }
      if (!found.has(target)) found.set(target, alive ? select(getIndex(), target.union, scope, target.kind === 'all') : target.kind === 'all' ? [] : null);
      const sel = found.get(target);
      if (target.kind === 'all') return sel.map((n) => answer(n, fields, ctx));
      return sel ? answer(sel, fields, ctx) : null;
    });
  }

  return { createSelectorQuery };
}
