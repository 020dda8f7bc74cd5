// What pages and components share: data, setData (applied to this.data at once, rendered in a
// microtask batch), and rendering their WXML into their element.

import { parsePath, setPath, getPath } from './data.js';
import { build } from '../render/build.js';
import { patchChildren, destroy } from '../render/patch.js';
import { scope } from '../wxml/expr.js';

export const MAX_SETDATA_BYTES = 1024 * 1024;

/**
 * Gives `inst` its internal state (inst.__wx, not enumerable) and setData.
 * opts: { rt, kind, file, tree: {children, templates}, components, root, env, onChange(paths) }
 */
export function makeOwner(inst, opts) {
  const state = {
    ...opts,
    vnodes: [],
    alive: true,
    slots: null,
    render() {
      if (!state.alive) return;
      const ctx = {
        owner: inst,
        templates: state.tree.templates,
        components: state.components,
        slots: state.slots,
        warn: (m) => opts.rt.warn(`${state.file}: ${m}`),
      };
      const next = build(state.tree.children, scope(inst.data), ctx);
      const old = state.vnodes;
      state.vnodes = next;
      patchChildren(state.root, old, next, state.env);
    },
    teardown() {
      state.alive = false;
      opts.rt.scheduler.forget(state);
      for (const v of state.vnodes) destroy(v, state.env);
      state.vnodes = [];
    },
    report(e) { opts.rt.report(e); },
  };
  Object.defineProperty(inst, '__wx', { value: state, enumerable: false });
  inst.setData = function setData(obj, cb) {
    if (!obj || typeof obj !== 'object') throw new TypeError('setData expects an object');
    if (!state.alive) { opts.rt.warn(`setData on a ${state.kind} that is gone (${state.file})`); return; }
    const changed = [];
    for (const key of Object.keys(obj)) {
      const segs = parsePath(key);
      const v = obj[key];
      if (v === undefined) { opts.rt.warn(`setData: ${key} is undefined and is not set (as in WeChat)`); continue; }
      const old = getPath(inst.data, segs);
      // An unchanged primitive renders nothing; objects always re-render, since pages often
      // mutate this.data in place and set the same array back.
      if (old === v && (v === null || typeof v !== 'object')) continue;
      setPath(inst.data, segs, v);
      changed.push(key);
    }
    if (changed.length) {
      state.onChange?.(changed, obj);
      opts.rt.scheduler.mark(state, typeof cb === 'function' ? () => cb.call(inst) : null);
    } else if (typeof cb === 'function') {
      opts.rt.scheduler.after(() => cb.call(inst));
    }
  };
  return state;
}

/** Finds custom component instances under an owner's element (by CSS selector on their hosts). */
export function selectComponents(root, selector) {
  if (!root) return [];
  return [...root.querySelectorAll(selector)].filter((n) => n.__wxInst).map((n) => n.__wxInst);
}
