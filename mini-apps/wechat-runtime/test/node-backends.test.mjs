// The runtime's node backends (src/wx/node-backends.js) over a fake app-api.js api() that
// behaves as host/ does (routes, 404, 413 with WeChat's message), then a mini-program using them.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createNodeBackends, createNodeStorage, createNodeFetch } from '../src/wx/node-backends.js';
import { supportedApiNames } from '../src/wx/index.js';
import { boot, onePage } from '../support/helpers.mjs';

class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

/** A fake api(method, path, body) with host/'s semantics; calls are recorded. */
function fakeHost({ answer } = {}) {
  const kv = new Map();
  const calls = [];
  const api = async (method, path, body) => {
    calls.push({ method, path, body });
    const m = /^wx\/storage(?:\/(.*))?$/.exec(path);
    if (m) {
      if (m[1] === undefined) {
        if (method === 'GET') return { keys: [...kv.keys()], currentSize: 0, limitSize: 10240 };
        if (method === 'DELETE') { kv.clear(); return null; }
      }
      const key = decodeURIComponent(m[1]);
      if (method === 'GET') { if (!kv.has(key)) throw new ApiError(404, 'data not found'); return kv.get(key); }
      if (method === 'PUT') {
        assert.equal(typeof body, 'string', 'values go as text');
        if (body.length > 1024 * 1024) throw new ApiError(413, 'exceed storage item max length');
        kv.set(key, body);
        return null;
      }
      if (method === 'DELETE') { kv.delete(key); return null; }
    }
    if (path === 'wx/request' && method === 'POST') {
      if (!answer) throw new ApiError(502, `request:fail the node could not reach ${body.url}`);
      return answer(body);
    }
    if (path === 'wx/login' && method === 'GET') return { code: '', did: 'did:key:z6MkOwnerOwnerOwner123456', role: 'owner' };
    throw new ApiError(404, 'no such route');
  };
  return { api, kv, calls };
}

test('storage backend: keys are percent-encoded path segments, values text, 404 reads as missing', async () => {
  const host = fakeHost();
  const s = createNodeStorage({ api: host.api });
  await s.set('a/b ?#名', '{"type":"number","data":1}');
  assert.deepEqual(host.calls.at(-1), { method: 'PUT', path: 'wx/storage/a%2Fb%20%3F%23%E5%90%8D', body: '{"type":"number","data":1}' });
  assert.equal(await s.get('a/b ?#名'), '{"type":"number","data":1}');
  assert.equal(await s.get('missing'), undefined);
  assert.deepEqual((await s.info()).keys, ['a/b ?#名']);
  await s.remove('a/b ?#名');
  assert.deepEqual((await s.info()).keys, []);
  await s.set('x', '1');
  await s.clear();
  assert.equal(host.kv.size, 0);
  await assert.rejects(s.set('', 'v'), /kept in memory only/);
  await assert.rejects(createNodeStorage({ api: async () => { throw new ApiError(500, 'boom'); } }).get('k'), /boom/);
});

test('a mini-program keeps its storage across a relaunch through the node', async () => {
  const host = fakeHost();
  const files = onePage(`Page({ onLoad() { const n = (wx.getStorageSync('visits') || 0) + 1; wx.setStorageSync('visits', n); this.setData({ n }); } })`, '<view id="n">{{n}}</view>');
  const first = await boot(files, createNodeBackends({ api: host.api }));
  assert.equal(first.container.querySelector('#n').textContent, '1');
  await first.rt.storage.flushed();
  assert.deepEqual([...host.kv.keys()], ['visits']);
  const second = await boot(files, createNodeBackends({ api: host.api }));
  assert.equal(second.container.querySelector('#n').textContent, '2');
  // Limits are enforced in the page before anything is sent.
  assert.throws(() => second.rt.wx.setStorageSync('big', 'x'.repeat(1024 * 1024 + 1)), /exceed storage item max length/);
});

test('wx.request goes through POST /wx/request', async () => {
  const host = fakeHost({ answer: (b) => ({ statusCode: 201, header: { 'Content-Type': 'application/json' }, data: JSON.stringify({ got: JSON.parse(b.data) }) }) });
  const { rt } = await boot(onePage('Page({})', '<view/>'), createNodeBackends({ api: host.api }));
  const r = await rt.wx.request({ url: 'https://tea.example.com/api/signups', method: 'POST', data: { name: 'Ada' } });
  assert.equal(r.errMsg, 'request:ok');
  assert.equal(r.statusCode, 201);
  assert.deepEqual(r.data, { got: { name: 'Ada' } });
  assert.equal(r.header['content-type'], 'application/json');
  const sent = host.calls.find((c) => c.path === 'wx/request').body;
  assert.deepEqual(sent, { url: 'https://tea.example.com/api/signups', method: 'POST', header: { 'content-type': 'application/json' }, data: '{"name":"Ada"}' });

  const get = await rt.wx.request({ url: 'https://tea.example.com/api/teas', data: { q: 'green' } });
  assert.equal(host.calls.at(-1).body.url, 'https://tea.example.com/api/teas?q=green');
  assert.equal(host.calls.at(-1).body.data, null);
  assert.equal(get.statusCode, 201);
});

test('wx.request failures: a refused host, binary answers, abort', async () => {
  const refused = fakeHost();
  const { rt } = await boot(onePage('Page({})', '<view/>'), createNodeBackends({ api: refused.api }));
  await assert.rejects(rt.wx.request({ url: 'https://elsewhere.example/' }), { errMsg: 'request:fail the node could not reach https://elsewhere.example/' });

  const bin = createNodeFetch({ api: async () => ({ statusCode: 200, header: {}, dataBase64: Buffer.from([1, 2, 255]).toString('base64') }) });
  const res = await bin('https://a.example/x', { method: 'GET' });
  assert.deepEqual([...new Uint8Array(await res.arrayBuffer())], [1, 2, 255]);

  let release;
  const slow = createNodeFetch({ api: () => new Promise((resolve) => { release = resolve; }) });
  const controller = new AbortController();
  const pending = slow('https://a.example/', { signal: controller.signal });
  controller.abort();
  await assert.rejects(pending, /abort/);
  release({ statusCode: 200, data: '' });
  await assert.rejects(slow('https://a.example/', { method: 'POST', body: new ArrayBuffer(2) }), /only text request bodies/);
});

test('wx.login, checkSession and getUserProfile answer the node identity', async () => {
  const host = fakeHost();
  const { rt } = await boot(onePage('Page({})', '<view/>'), createNodeBackends({ api: host.api }));
  assert.deepEqual(await rt.wx.login(), { errMsg: 'login:ok', code: '', did: 'did:key:z6MkOwnerOwnerOwner123456', role: 'owner' });
  assert.equal((await rt.wx.checkSession()).errMsg, 'checkSession:ok');
  const p = await new Promise((resolve) => rt.wx.getUserProfile({ desc: 'x', success: resolve }));
  assert.equal(p.errMsg, 'getUserProfile:ok');
  assert.equal(p.did, 'did:key:z6MkOwnerOwnerOwner123456');
  assert.equal(p.userInfo.nickName, 'did:key:z6MkOw…123456');
  assert.equal(rt.wx.canIUse('login'), true);
  assert.ok(supportedApiNames(rt.wx).includes('login'));
  assert.ok(!supportedApiNames(rt.wx).includes('getPhoneNumber'));

  const failing = await boot(onePage('Page({})', '<view/>'), { identity: async () => { throw new Error('signed out'); } });
  await assert.rejects(failing.rt.wx.checkSession(), { errMsg: 'checkSession:fail signed out' });
  assert.throws(() => createNodeBackends({}), /needs app-api.js api/);
});
