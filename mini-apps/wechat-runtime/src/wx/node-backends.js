// The runtime's backends on an ElastOS Node: storage, wx.request, wx.login, the owner's photos
// and downloads/uploads go to the ported app's own wasm backend (host/, routes under /wx/)
// through the SDK's app-api.js api().
//
//   import { api } from './app-api.js';
//   const mp = createRuntime({ container, loader, ...createNodeBackends({ api }) });
//
// api(method, path, body) is injected (tests pass a fake): it answers parsed JSON, text, or null
// for 204, and throws an error with .status for an HTTP error.

/** The storage backend over GET/PUT/DELETE /wx/storage[/:key]. */
export function createNodeStorage({ api }) {
  const item = (key) => {
    // '' would name the collection itself; the runtime keeps such an item in memory only.
    if (key === '') throw new Error('the empty storage key is kept in memory only on ElastOS Node');
    return `wx/storage/${encodeURIComponent(key)}`;
  };
  return {
    async get(key) {
      try {
        const v = await api('GET', item(key));
        return typeof v === 'string' ? v : v === null || v === undefined ? undefined : JSON.stringify(v);
      } catch (e) {
        if (e && e.status === 404) return undefined;
        throw e;
      }
    },
    async set(key, value) { await api('PUT', item(key), String(value)); },
    async remove(key) { if (key !== '') await api('DELETE', item(key)); },
    async clear() { await api('DELETE', 'wx/storage'); },
    async info() {
      const r = await api('GET', 'wx/storage');
      return { keys: Array.isArray(r && r.keys) ? r.keys.filter((k) => typeof k === 'string') : [], currentSize: r && r.currentSize, limitSize: r && r.limitSize };
    },
  };
}

// The host's errors may already read 'name:fail ...'; the runtime adds that prefix itself.
const unprefixed = (e) => new Error(String((e && e.message) || e).replace(/^\w+:fail /, ''));

function headersOf(obj) {
  const entries = Object.entries(obj && typeof obj === 'object' ? obj : {}).map(([k, v]) => [k.toLowerCase(), String(v)]);
  return {
    forEach(fn) { for (const [k, v] of entries) fn(v, k); },
    get(name) { const e = entries.find(([k]) => k === String(name).toLowerCase()); return e ? e[1] : null; },
  };
}

function fromBase64(s) {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * A fetch for the runtime's wx.request: POST /wx/request, the node performs the request (only to
 * the manifest's net.fetch hosts) and the answer comes back as a Response-like object.
 */
export function createNodeFetch({ api }) {
  return async function nodeFetch(url, init = {}) {
    const signal = init.signal;
    if (signal && signal.aborted) throw new Error('abort');
    let data = init.body;
    if (data !== undefined && data !== null && typeof data !== 'string') {
      throw new Error('only text request bodies are supported on ElastOS Node');
    }
    const call = api('POST', 'wx/request', {
      url: String(url),
      method: init.method || 'GET',
      header: init.headers || {},
      data: data === undefined ? null : data,
    }).catch((e) => { throw unprefixed(e); });
    const aborted = new Promise((_, reject) => {
      if (signal) signal.addEventListener('abort', () => reject(new Error('abort')), { once: true });
    });
    const r = await Promise.race([call, aborted]);
    const bytes = typeof r.dataBase64 === 'string' ? fromBase64(r.dataBase64) : new TextEncoder().encode(String(r.data ?? ''));
    return {
      status: Number(r.statusCode) || 0,
      ok: r.statusCode >= 200 && r.statusCode < 300,
      headers: headersOf(r.header),
      async text() { return new TextDecoder().decode(bytes); },
      async arrayBuffer() { return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength); },
    };
  };
}

/** wx.login's identity: GET /wx/login -> {did, role}. */
export function createNodeIdentity({ api }) {
  return async () => {
    const r = await api('GET', 'wx/login');
    return { did: String((r && r.did) || ''), role: String((r && r.role) || 'guest') };
  };
}

/** The owner's photos and wxfile:// files: GET /wx/media?dir= and GET /wx/file?path=&edge=. */
export function createNodeMedia({ api }) {
  return {
    list: (dir) => api('GET', `wx/media?dir=${encodeURIComponent(dir)}`).catch((e) => { throw unprefixed(e); }),
    read: (path, edge) => api('GET', `wx/file?path=${encodeURIComponent(path)}&edge=${Number(edge) || 1024}`).catch((e) => { throw unprefixed(e); }),
  };
}

/** wx.downloadFile / uploadFile: POST /wx/download and /wx/upload. */
export function createNodeTransfer({ api }) {
  return {
    download: (o) => api('POST', 'wx/download', { url: o.url, header: o.header || {} }).catch((e) => { throw unprefixed(e); }),
    upload: (o) => api('POST', 'wx/upload', {
      url: o.url, filePath: o.filePath, name: o.name, header: o.header || {}, formData: o.formData || {},
    }).catch((e) => { throw unprefixed(e); }),
  };
}

/** All of them, as createRuntime options: { storage, fetch, identity, media, transfer }. */
export function createNodeBackends({ api }) {
  if (typeof api !== 'function') throw new Error('createNodeBackends needs app-api.js api()');
  return {
    storage: createNodeStorage({ api }),
    fetch: createNodeFetch({ api }),
    identity: createNodeIdentity({ api }),
    media: createNodeMedia({ api }),
    transfer: createNodeTransfer({ api }),
  };
}
