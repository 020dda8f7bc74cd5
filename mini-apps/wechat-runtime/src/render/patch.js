// Writes vnodes to the DOM and, on later renders, only what changed: a text node's data, one
// attribute, one moved list item. Keyed children (wx:key) keep their DOM node (and its state:
// focus, a half-typed input) across reorders; unkeyed children are matched in order.

import { builtin } from './components/index.js';
import { listen } from './events.js';
import { str } from '../wxml/expr.js';

/**
 * env: { doc, rpx(css), createComponent(vnode, host), emit, ... } shared by the builtins.
 */
export function patchChildren(container, oldCh, newCh, env) {
  const keyedOld = new Map();
  const unkeyedOld = [];
  for (const o of oldCh) {
    if (o.key !== undefined) keyedOld.set(o.key, o); else unkeyedOld.push(o);
  }
  const matched = new Set();
  const pairs = new Array(newCh.length);
  let u = 0;
  for (let i = 0; i < newCh.length; i++) {
    const v = newCh[i];
    let o;
    if (v.key !== undefined) {
      o = keyedOld.get(v.key);
      if (o && !sameType(o, v)) o = undefined;
    } else {
      for (let j = u; j < unkeyedOld.length; j++) {
        if (sameType(unkeyedOld[j], v)) { o = unkeyedOld[j]; u = j + 1; break; }
      }
    }
    if (o && !matched.has(o)) { matched.add(o); pairs[i] = o; }
  }
  for (const o of oldCh) {
    if (!matched.has(o)) {
      destroy(o, env);
      if (o.el && o.el.parentNode === container) container.removeChild(o.el);
    }
  }
  for (let i = 0; i < newCh.length; i++) {
    const v = newCh[i];
    const o = pairs[i];
    if (o) patch(o, v, env);
    else mount(v, env);
    const cur = container.childNodes[i];
    if (cur !== v.el) container.insertBefore(v.el, cur || null);
  }
}

function sameType(o, v) {
  if (o.t !== v.t) return false;
  if (o.t === 'text') return true;
  return o.tag === v.tag && (o.t !== 'comp' || o.def === v.def);
}

/** Where an element's children go: the element, or an inner node a builtin made for them. */
export function slotOf(el) {
  return el.__wxSlot || el;
}

export function mount(v, env) {
  const { doc } = env;
  if (v.t === 'text') {
    v.el = doc.createTextNode(v.text);
    return v.el;
  }
  const el = doc.createElement(`wx-${v.tag}`);
  v.el = el;
  el.__wx = { events: v.events, dataset: v.dataset, tag: v.tag };
  listen(el, v.events);
  applyCommon(el, v.props, {}, env);
  if (v.t === 'comp') {
    v.inst = env.createComponent(v, el);
    return el;
  }
  const b = builtin(v.tag);
  el.__wxBuiltin = b;
  b.mount?.(el, env);
  el.__props = v.props;
  b.update?.(el, v.props, {}, env);
  patchChildren(slotOf(el), [], v.children, env);
  b.afterChildren?.(el, v.props, env);
  return el;
}

function patch(o, v, env) {
  if (o === v) return;
  const el = o.el;
  v.el = el;
  if (v.t === 'text') {
    if (o.text !== v.text) el.data = v.text;
    return;
  }
  el.__wx.events = v.events;
  el.__wx.dataset = v.dataset;
  listen(el, v.events);
  applyCommon(el, v.props, o.props, env);
  if (v.t === 'comp') {
    v.inst = o.inst;
    v.inst.__wx.receive(v);
    return;
  }
  const b = el.__wxBuiltin;
  el.__props = v.props;
  b.update?.(el, v.props, o.props, env);
  patchChildren(slotOf(el), o.children, v.children, env);
  b.afterChildren?.(el, v.props, env);
}

// id, class, style and hidden work the same on every element and on custom component hosts.
function applyCommon(el, props, old, env) {
  if (props.id !== old.id) {
    if (props.id === undefined || props.id === '') el.removeAttribute('id'); else el.id = str(props.id);
  }
  if (props.class !== old.class) el.className = str(props.class);
  if (props.style !== old.style) {
    // Through CSSOM, which the node's CSP (no 'unsafe-inline') allows, unlike a style attribute.
    el.style.cssText = env.rpx(str(props.style));
  }
  const hidden = props.hidden !== undefined && props.hidden !== false && props.hidden !== null;
  const wasHidden = old.hidden !== undefined && old.hidden !== false && old.hidden !== null;
  if (hidden !== wasHidden) {
    if (hidden) el.setAttribute('hidden', ''); else el.removeAttribute('hidden');
  }
}

/** Tears down a removed subtree: builtin timers, component lifetimes (detached). */
export function destroy(v, env) {
  if (v.t === 'text') return;
  if (v.t === 'comp') { v.inst?.__wx.detach(); return; }
  v.el?.__wxBuiltin?.unmount?.(v.el, env);
  for (const c of v.children || []) destroy(c, env);
}
