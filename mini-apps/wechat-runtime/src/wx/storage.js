// wx storage over an injected async backend { get(key), set(key, value), remove(key), clear(),
// info() -> {keys} }, values being strings. WeChat's sync APIs need answers at once, so every
// entry is kept in memory (loaded at launch) and written through to the backend in order.
// WeChat's limits are enforced here, not by the backend: 1 MB per key, 10 MB in all.

import { asyncApi, failure } from './callback.js';

export const MAX_ITEM_BYTES = 1024 * 1024;
export const MAX_TOTAL_BYTES = 10 * 1024 * 1024;

const utf8 = (s) => {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) { n += 4; i++; } else n += 3;
  }
  return n;
};

/** An in-memory backend (tests, and the browser until the node-backed one exists). */
export function createMemoryStorage(initial = {}) {
  const m = new Map(Object.entries(initial));
  return {
    async get(key) { return m.has(key) ? m.get(key) : undefined; },
    async set(key, value) { m.set(key, value); },
    async remove(key) { m.delete(key); },
    async clear() { m.clear(); },
    async info() { return { keys: [...m.keys()] }; },
    entries: () => Object.fromEntries(m),
  };
}

// Values keep their type across a round trip, as WeChat's do (Date included).
function encode(value) {
  if (value instanceof Date) return JSON.stringify({ type: 'Date', data: value.toISOString() });
  if (value === undefined) return JSON.stringify({ type: 'Undefined' });
  const s = JSON.stringify(value);
  if (s === undefined) throw new Error('data is not serializable');
  return `{"type":"${Array.isArray(value) ? 'Array' : typeof value}","data":${s}}`;
}
function decode(raw) {
  try {
    const o = JSON.parse(raw);
    if (o && typeof o === 'object' && 'type' in o) {
      if (o.type === 'Date') return new Date(o.data);
      if (o.type === 'Undefined') return undefined;
      return o.data;
    }
    return o;
  } catch { return raw; }
}

export function createStorage(backend, report = (e) => console.error(e)) {
  const cache = new Map(); // key -> raw string
  let total = 0;
  let queue = Promise.resolve();
  const size = (key, raw) => utf8(key) + utf8(raw);
  const write = (op) => {
    const p = queue.then(op);
    queue = p.catch((e) => report(e));
    return p;
  };

  function checkKey(api, key) {
    if (typeof key !== 'string') {
      const t = key === null ? 'Null' : key === undefined ? 'Undefined' : typeof key;
      throw failure(api, `parameter error: parameter.key should be String instead of ${t[0].toUpperCase()}${t.slice(1)};`);
    }
  }

  function put(api, key, data) {
    checkKey(api, key);
    let raw;
    try { raw = encode(data); } catch (e) { throw failure(api, e.message); }
    if (utf8(raw) > MAX_ITEM_BYTES) throw failure(api, 'exceed storage item max length');
    const old = cache.has(key) ? size(key, cache.get(key)) : 0;
    const next = total - old + size(key, raw);
    if (next > MAX_TOTAL_BYTES) throw failure(api, 'exceed storage max size 10Mb');
    cache.set(key, raw);
    total = next;
    return write(() => backend.set(key, raw));
  }
  function del(key) {
    if (cache.has(key)) { total -= size(key, cache.get(key)); cache.delete(key); }
    return write(() => backend.remove(key));
  }
  function clearAll() {
    cache.clear();
    total = 0;
    return write(() => backend.clear());
  }
  const info = () => ({ keys: [...cache.keys()], currentSize: Math.ceil(total / 1024), limitSize: MAX_TOTAL_BYTES / 1024 });
  const syncly = (fn) => (...args) => {
    try { return fn(...args); } catch (e) { throw e instanceof Error ? e : Object.assign(new Error(e.errMsg), e); }
  };

  const api = {
    setStorage: asyncApi('setStorage', async (o) => { await put('setStorage', o.key, o.data); return {}; }),
    setStorageSync: syncly((key, data) => { put('setStorageSync', key, data); }),
    getStorage: asyncApi('getStorage', async (o) => {
      checkKey('getStorage', o.key);
      if (!cache.has(o.key)) throw failure('getStorage', 'data not found');
      return { data: decode(cache.get(o.key)) };
    }),
    getStorageSync: syncly((key) => {
      checkKey('getStorageSync', key);
      return cache.has(key) ? decode(cache.get(key)) : '';
    }),
    removeStorage: asyncApi('removeStorage', async (o) => { checkKey('removeStorage', o.key); await del(o.key); return {}; }),
    removeStorageSync: syncly((key) => { checkKey('removeStorageSync', key); del(key); }),
    clearStorage: asyncApi('clearStorage', async () => { await clearAll(); return {}; }),
    clearStorageSync: syncly(() => { clearAll(); }),
    getStorageInfo: asyncApi('getStorageInfo', async () => info()),
    getStorageInfoSync: syncly(() => info()),
  };

  return {
    api,
    /** Loads every entry from the backend (before the app's onLaunch). */
    async load() {
      const { keys = [] } = (await backend.info()) || {};
      for (const key of keys) {
        const raw = await backend.get(key);
        if (typeof raw !== 'string') continue;
        cache.set(key, raw);
        total += size(key, raw);
      }
    },
    /** Resolves when every write so far reached the backend. */
    flushed: () => queue,
  };
}
