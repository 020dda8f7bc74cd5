// Data helpers for setData: key paths ('list[0].done'), JSON-like copies and comparison.

const BAD_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_COPY_DEPTH = 256;

/** 'a.b[0].c' -> ['a', 'b', 0, 'c']. Throws on a malformed path or a prototype key. */
export function parsePath(path) {
  const segs = [];
  const re = /([^.[\]]+)|\[(\d+)\]|(\.)/g;
  let m, last = 0, expectName = true;
  while ((m = re.exec(path)) !== null) {
    if (m.index !== last) break;
    last = re.lastIndex;
    if (m[1] !== undefined) {
      if (!expectName) throw new Error(`setData: bad path ${path}`);
      if (BAD_KEYS.has(m[1])) throw new Error(`setData: refused key ${m[1]}`);
      segs.push(m[1]);
      expectName = false;
    } else if (m[2] !== undefined) {
      if (segs.length === 0) throw new Error(`setData: bad path ${path}`);
      segs.push(Number(m[2]));
    } else {
      if (expectName) throw new Error(`setData: bad path ${path}`);
      expectName = true;
    }
  }
  if (last !== path.length || segs.length === 0 || expectName) throw new Error(`setData: bad path ${path}`);
  return segs;
}

/** Sets `value` at `segs` inside `root`, creating objects/arrays on the way; returns the old value. */
export function setPath(root, segs, value) {
  let o = root;
  for (let i = 0; i < segs.length - 1; i++) {
    const k = segs[i];
    let next = Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined;
    if (next === null || typeof next !== 'object') {
      next = typeof segs[i + 1] === 'number' ? [] : {};
      o[k] = next;
    }
    o = next;
  }
  const k = segs[segs.length - 1];
  const old = o[k];
  o[k] = value;
  return old;
}

export function getPath(root, segs) {
  let o = root;
  for (const k of segs) {
    if (o === null || typeof o !== 'object' || !Object.prototype.hasOwnProperty.call(o, k)) return undefined;
    o = o[k];
  }
  return o;
}

/** A JSON-like deep copy (functions dropped, Dates kept), as WeChat copies data between layers. */
export function clone(v, depth = 0) {
  if (v === null || typeof v !== 'object') return typeof v === 'function' ? undefined : v;
  if (depth > MAX_COPY_DEPTH) throw new Error('data nested too deeply');
  if (v instanceof Date) return new Date(v.getTime());
  if (Array.isArray(v)) return v.map((x) => clone(x, depth + 1));
  const out = {};
  for (const k of Object.keys(v)) {
    if (BAD_KEYS.has(k)) continue;
    const c = clone(v[k], depth + 1);
    if (c !== undefined || v[k] === undefined) out[k] = c;
  }
  return out;
}

export function deepEqual(a, b, depth = 0) {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    return Number.isNaN(a) && Number.isNaN(b);
  }
  if (depth > MAX_COPY_DEPTH) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a), kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) if (!Object.prototype.hasOwnProperty.call(b, k) || !deepEqual(a[k], b[k], depth + 1)) return false;
  return true;
}
