// Component(): properties (typed, with defaults and observers), data, methods, lifetimes
// (created/attached/ready/detached, also under `lifetimes`), pageLifetimes (show/hide),
// observers ('a, b.c'), behaviors (merged), triggerEvent, slots (default and named).

import { clone, deepEqual } from './data.js';
import { makeOwner, selectComponents } from './owner.js';
import { emit } from '../render/events.js';

const LIFETIMES = ['created', 'attached', 'ready', 'moved', 'detached', 'error'];

function defaultFor(type) {
  switch (type) {
    case String: return '';
    case Number: return 0;
    case Boolean: return false;
    case Array: return [];
    case Object: return null;
    default: return null;
  }
}

function normalizeProperty(p) {
  if (typeof p === 'function' || p === null) return { type: p, value: defaultFor(p) };
  const type = p.type ?? null;
  return { type, value: 'value' in p ? p.value : defaultFor(type), observer: p.observer, optionalTypes: p.optionalTypes };
}

/** Normalizes a Component({...}) definition, merging its behaviors first (theirs run first). */
export function normalizeComponent(def) {
  const out = { properties: {}, data: {}, methods: {}, lifetimes: {}, pageLifetimes: {}, observers: [], options: def.options || {} };
  const mergeOne = (d) => {
    for (const b of d.behaviors || []) if (b && typeof b === 'object') mergeOne(b);
    for (const [k, p] of Object.entries(d.properties || {})) out.properties[k] = normalizeProperty(p);
    Object.assign(out.data, clone(d.data || {}));
    Object.assign(out.methods, d.methods || {});
    for (const name of LIFETIMES) {
      const fn = (d.lifetimes && d.lifetimes[name]) || d[name];
      if (typeof fn === 'function') (out.lifetimes[name] ||= []).push(fn);
    }
    for (const name of ['show', 'hide', 'resize']) {
      const fn = d.pageLifetimes && d.pageLifetimes[name];
      if (typeof fn === 'function') (out.pageLifetimes[name] ||= []).push(fn);
    }
    for (const [fields, fn] of Object.entries(d.observers || {})) {
      if (typeof fn === 'function') out.observers.push({ fields: fields.split(',').map((f) => f.trim()).filter(Boolean), fn });
    }
  };
  mergeOne(def);
  return out;
}

function coerce(prop, v) {
  switch (prop.type) {
    case String: return v === undefined || v === null ? '' : typeof v === 'string' ? v : String(v);
    case Number: { const n = Number(v); return Number.isNaN(n) ? 0 : n; }
    case Boolean: return !!v;
    default: return v;
  }
}

const camel = (s) => s.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
const RESERVED = new Set(['id', 'class', 'style', 'hidden', 'slot']);

// Does an observer field ('list', 'a.b', 'list[0]', '**', 'a.**') cover a changed setData key?
function covers(field, key) {
  if (field === '**') return true;
  const f = field.replace(/\.\*\*$/, '');
  const base = (s) => s.split(/[.[]/)[0];
  return key === f || key.startsWith(`${f}.`) || key.startsWith(`${f}[`) || f.startsWith(`${key}.`) || f.startsWith(`${key}[`) || (field.endsWith('.**') && base(key) === base(f));
}

function valueAt(data, field) {
  const path = field.replace(/\.\*\*$/, '');
  if (path === '**') return data;
  let o = data;
  for (const seg of path.split(/\.|\[(\d+)\]/).filter((s) => s !== undefined && s !== '')) {
    if (o === null || typeof o !== 'object') return undefined;
    o = o[seg];
  }
  return o;
}

/**
 * Makes a component instance for vnode `v` in element `host`: created, properties from the
 * parent, attached, first render; `ready` after the batch that rendered it.
 * loaded: { path, def (normalized), tree, components, scopeId, env }
 */
export function createComponentInstance(rt, loaded, v, host, page) {
  const def = loaded.def;
  const inst = {};
  const data = clone(def.data);
  for (const [k, p] of Object.entries(def.properties)) data[k] = clone(p.value);
  inst.data = data;
  inst.properties = data;
  inst.is = loaded.path;
  inst.id = v.props.id ? String(v.props.id) : '';
  inst.dataset = v.dataset;
  for (const [k, fn] of Object.entries(def.methods)) if (typeof fn === 'function') inst[k] = fn;

  const run = (name, args = []) => {
    for (const fn of def.lifetimes[name] || []) {
      try { fn.apply(inst, args); } catch (e) { rt.report(e); }
    }
  };
  let observing = false;
  const onChange = (keys) => {
    if (observing || !def.observers.length) return;
    observing = true;
    try {
      for (const o of def.observers) {
        if (o.fields.some((f) => keys.some((k) => covers(f, k)))) {
          try { o.fn.apply(inst, o.fields.map((f) => valueAt(inst.data, f))); } catch (e) { rt.report(e); }
        }
      }
    } finally { observing = false; }
  };

  host.setAttribute('wx-c', loaded.scopeId);
  host.__wxInst = inst;
  const state = makeOwner(inst, {
    rt, kind: 'component', file: `${loaded.path}.wxml`, tree: loaded.tree, components: loaded.components,
    root: host, env: rt.envFor(loaded.path, () => page), onChange,
  });
  state.page = page;
  state.host = host;

  const applyProps = (props, first) => {
    const changed = [];
    for (const [name, value] of Object.entries(props)) {
      if (RESERVED.has(name)) continue;
      const key = Object.prototype.hasOwnProperty.call(def.properties, name) ? name : camel(name);
      if (!Object.prototype.hasOwnProperty.call(def.properties, key)) continue;
      const prop = def.properties[key];
      const next = clone(coerce(prop, value));
      const old = inst.data[key];
      if (deepEqual(old, next)) continue;
      inst.data[key] = next;
      changed.push(key);
      if (prop.observer) {
        const fn = typeof prop.observer === 'function' ? prop.observer : inst[prop.observer];
        if (typeof fn === 'function') {
          try { fn.call(inst, next, old, [key]); } catch (e) { rt.report(e); }
        }
      }
    }
    if (changed.length) onChange(changed);
    return changed.length > 0 || first;
  };

  const groupSlots = (children) => {
    const slots = { '': [] };
    const named = def.options.multipleSlots;
    for (const c of children) {
      const name = named && c.props && c.props.slot !== undefined ? String(c.props.slot) : '';
      (slots[name] ||= []).push(c);
    }
    return slots;
  };

  inst.triggerEvent = (name, detail, options = {}) => {
    emit(host, name, detail === undefined ? {} : detail, { bubbles: !!options.bubbles, composed: !!options.composed });
  };
  inst.selectComponent = (sel) => selectComponents(host, sel)[0] || null;
  inst.selectAllComponents = (sel) => selectComponents(host, sel);
  inst.createSelectorQuery = () => rt.wx.createSelectorQuery().in(inst);
  inst.createIntersectionObserver = (options) => rt.wx.createIntersectionObserver(inst, options);
  inst.getPageId = () => page && page.__wx.pageId;

  state.receive = (nv) => {
    inst.id = nv.props.id ? String(nv.props.id) : '';
    inst.dataset = nv.dataset;
    const changed = applyProps(nv.props, false);
    const hadSlots = state.slots && Object.values(state.slots).some((s) => s.length);
    state.slots = groupSlots(nv.children);
    // Rendered now, inside the parent's render: props and slot content arrive together.
    if (changed || hadSlots || nv.children.length) state.render();
  };
  state.detach = () => {
    if (!state.alive) return;
    state.teardown();
    page?.__wx.live.delete(inst);
    run('detached');
  };
  state.pageLifetime = (name) => {
    for (const fn of def.pageLifetimes[name] || []) {
      try { fn.call(inst); } catch (e) { rt.report(e); }
    }
  };

  run('created');
  applyProps(v.props, true);
  state.slots = groupSlots(v.children);
  page?.__wx.live.add(inst);
  run('attached');
  state.render();
  // `ready` after the first render is on screen: for a page's first render, just before the
  // page's onReady (the page holds the queue); later, after the batch that made it.
  const ready = () => { if (state.alive) run('ready'); };
  if (page && page.__wx.pendingReady) page.__wx.pendingReady.push(ready);
  else rt.scheduler.after(ready);
  return inst;
}
