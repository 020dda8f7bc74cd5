// AST + data -> a light virtual tree (vnodes) that patch.js writes to the DOM. Expressions are
// evaluated here; wx:if/elif/else, wx:for (with keys), <block>, <template is> and <slot> are
// expanded, so the patcher only sees elements, text and custom components.

import { scope as makeScope, getMember, str } from '../wxml/expr.js';

export const MAX_FOR_ITEMS = 20000;
const MAX_TEMPLATE_DEPTH = 64;

const ids = new WeakMap();
let nextId = 1;
function nodeId(node) {
  let id = ids.get(node);
  if (!id) { id = nextId++; ids.set(node, id); }
  return id;
}

export function evalValue(value, sc) {
  switch (value.kind) {
    case 'static': return value.v;
    case 'expr': return value.fn(sc);
    default: {
      let s = '';
      for (const p of value.parts) s += typeof p === 'string' ? p : str(p(sc));
      return s;
    }
  }
}

const truthy = (value, sc) => !!evalValue(value, sc);

/**
 * @param ctx {owner, templates, components, slots, warn}
 *   owner: the page or component instance whose methods handle events
 *   components: tag -> custom component definition (usingComponents)
 *   slots: for a component's template, the parent's slot content by slot name
 */
export function build(children, sc, ctx, out = [], depth = 0) {
  for (let i = 0; i < children.length; i++) {
    const node = children[i];
    if (node.type === 'text') {
      out.push({ t: 'text', text: str(evalValue(node.value, sc)) });
      continue;
    }
    if (node.for) {
      buildFor(node, sc, ctx, out, depth);
      continue;
    }
    if (node.if) {
      // The chain: this node, then following siblings with wx:elif / wx:else.
      let chosen = truthy(node.if, sc) ? node : null;
      while (i + 1 < children.length && children[i + 1].type === 'element' && (children[i + 1].elif || children[i + 1].else)) {
        const n = children[++i];
        if (!chosen && (n.else || truthy(n.elif, sc))) chosen = n;
      }
      if (chosen) buildElement(chosen, sc, ctx, out, undefined, depth);
      continue;
    }
    if (node.elif || node.else) {
      ctx.warn?.(`${node.tag} at ${node.loc.line}:${node.loc.col} has wx:elif/wx:else without wx:if`);
      if (node.elif && !truthy(node.elif, sc)) continue;
    }
    buildElement(node, sc, ctx, out, undefined, depth);
  }
  return out;
}

function* entries(list) {
  if (Array.isArray(list)) { for (let i = 0; i < list.length; i++) yield [list[i], i]; return; }
  if (typeof list === 'number') { for (let i = 0; i < list; i++) yield [i, i]; return; }
  if (typeof list === 'string') { for (let i = 0; i < list.length; i++) yield [list[i], i]; return; }
  if (list && typeof list === 'object') for (const k of Object.keys(list)) yield [getMember(list, k), k];
}

function buildFor(node, sc, ctx, out, depth) {
  const list = evalValue(node.for, sc);
  const prefix = `${nodeId(node)}:`;
  const seen = new Set();
  let n = 0;
  for (const [item, index] of entries(list)) {
    if (++n > MAX_FOR_ITEMS) { ctx.warn?.(`wx:for stops at ${MAX_FOR_ITEMS} items`); break; }
    const inner = makeScope({ [node.forItem]: item, [node.forIndex]: index }, sc);
    // wx:for comes before wx:if on the same element, as in WeChat.
    if (node.if && !truthy(node.if, inner)) continue;
    let key;
    if (node.key) {
      let k;
      if (typeof node.key !== 'string') k = evalValue(node.key, inner);
      else if (node.key === '*this') k = item;
      else k = getMember(item, node.key);
      if (typeof k === 'string' || typeof k === 'number') key = prefix + k;
    }
    if (key === undefined || seen.has(key)) key = `${prefix}#${index}`;
    seen.add(key);
    buildElement(node, inner, ctx, out, key, depth);
  }
}

function prop(node, name) {
  for (const p of node.props) if (p.name === name) return p.value;
  return undefined;
}

// Children of <block>/<template>: the group's key is prefixed to each produced node's key so
// keyed diffing still sees one stable identity per list item.
function keyed(list, key) {
  if (key === undefined) return list;
  list.forEach((v, j) => { v.key = `${key}/${v.key === undefined ? j : v.key}`; });
  return list;
}

function buildElement(node, sc, ctx, out, key, depth) {
  switch (node.tag) {
    case 'block':
      out.push(...keyed(build(node.children, sc, ctx, [], depth), key));
      return;
    case 'import': case 'include': case 'wxs':
      return;
    case 'template': {
      const isVal = prop(node, 'is');
      if (!isVal) return;
      const name = str(evalValue(isVal, sc));
      const def = ctx.templates && Object.prototype.hasOwnProperty.call(ctx.templates, name) ? ctx.templates[name] : null;
      if (!def) { ctx.warn?.(`template "${name}" not found`); return; }
      if (depth >= MAX_TEMPLATE_DEPTH) { ctx.warn?.(`templates nested deeper than ${MAX_TEMPLATE_DEPTH}`); return; }
      const dataVal = prop(node, 'data');
      const data = dataVal ? evalValue(dataVal, sc) : undefined;
      // A template sees only its data, never the page's.
      const inner = makeScope(data && typeof data === 'object' ? data : {}, null);
      const sub = { ...ctx, templates: def.tmap || ctx.templates };
      out.push(...keyed(build(def.children, inner, sub, [], depth + 1), key));
      return;
    }
    case 'slot': {
      const nameVal = prop(node, 'name');
      const name = nameVal ? str(evalValue(nameVal, sc)) : '';
      const content = ctx.slots && ctx.slots[name];
      if (content) out.push(...keyed(content.map(copyVNode), key));
      return;
    }
    default: break;
  }
  const props = {};
  for (const p of node.props) props[p.name] = evalValue(p.value, sc);
  const dataset = {};
  for (const d of node.dataset) dataset[d.key] = evalValue(d.value, sc);
  const events = [];
  for (const e of node.events) {
    const handler = evalValue(e.handler, sc);
    if (typeof handler === 'string' && handler) {
      events.push({ type: e.type, capture: e.capture, catch: e.catch, handler, owner: ctx.owner });
    }
  }
  const children = build(node.children, sc, ctx, [], depth);
  const def = ctx.components && Object.prototype.hasOwnProperty.call(ctx.components, node.tag) ? ctx.components[node.tag] : null;
  if (def) {
    out.push({ t: 'comp', tag: node.tag, def, props, dataset, events, children, key, owner: ctx.owner });
  } else {
    out.push({ t: 'el', tag: node.tag, props, dataset, events, children, key });
  }
}

/** A fresh copy of a (slot) vnode tree without its DOM links, so it can be patched again. */
export function copyVNode(v) {
  const c = { ...v };
  delete c.el;
  delete c.inst;
  if (v.children) c.children = v.children.map(copyVNode);
  return c;
}
