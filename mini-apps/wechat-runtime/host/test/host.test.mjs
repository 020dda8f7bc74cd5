// Unit tests of the WeChat host backend, run against build/app.wasm ("sh build.sh && npm test")
// with the SDK's in-memory stand-ins for the node (sdk/testing.mjs) and a stand-in for net.fetch.
import assert from 'node:assert/strict';
import { register } from 'node:module';
import { afterEach, beforeEach, test } from 'node:test';

register('../test-support/hooks.mjs', import.meta.url);
const { loadApp } = await import('../sdk/testing.mjs');

const WASM = new URL('../build/app.wasm', import.meta.url).pathname;
let app;
beforeEach(async () => {
  globalThis.__wxHostFetch = undefined;
  app = await loadApp(WASM, { caller: { did: 'did:key:z6MkOwner', role: 'owner' } });
});
afterEach(() => app.close());

const item = (key) => '/wx/storage/' + encodeURIComponent(key);
const put = (key, value) => app.request('PUT', item(key), { body: value, headers: { 'content-type': 'text/plain;charset=utf-8' } });
const storedKeys = () => [...app.kv.keys()].filter((k) => k.startsWith('s/'));

test('storage: put, get, info, remove, clear', async () => {
  const raw = JSON.stringify({ type: 'object', data: { a: 1, s: 'Grüße 👋' } });
  assert.equal((await put('todos', raw)).status, 204);
  assert.equal((await put('名字', '{"type":"string","data":"李"}')).status, 204);
  const got = await app.request('GET', item('todos'));
  assert.equal(got.status, 200);
  assert.equal(got.body, raw);
  assert.equal((await app.request('GET', item('名字'))).body, '{"type":"string","data":"李"}');
  const info = (await app.request('GET', '/wx/storage')).json();
  assert.deepEqual(info.keys.sort(), ['todos', '名字'].sort());
  assert.equal(info.limitSize, 10240);
  assert.equal(info.currentSize, 1);
  // Overwriting replaces the size, it does not add to it.
  await put('todos', 'x'.repeat(5000));
  assert.equal((await app.request('GET', '/wx/storage')).json().currentSize, Math.ceil((5 + 5000 + 6 + 29) / 1024));
  assert.equal((await app.request('DELETE', item('todos'))).status, 204);
  assert.equal((await app.request('DELETE', item('todos'))).status, 204, 'removing a missing key succeeds, as removeStorage does');
  const missing = await app.request('GET', item('todos'));
  assert.equal(missing.status, 404);
  assert.equal(missing.json().error, 'data not found');
  assert.equal((await app.request('DELETE', '/wx/storage')).status, 204);
  assert.deepEqual((await app.request('GET', '/wx/storage')).json(), { keys: [], currentSize: 0, limitSize: 10240 });
  assert.deepEqual(storedKeys(), []);
});

test('storage: WeChat limits, 1 MB per item and 10 MB per app, answered 413', async () => {
  const big = await put('big', 'x'.repeat(1024 * 1024 + 1));
  assert.equal(big.status, 413);
  assert.equal(big.json().error, 'exceed storage item max length');
  assert.equal((await put('edge', 'x'.repeat(1024 * 1024))).status, 204, 'exactly 1 MB fits');
  const tooBig = await put('huge', 'x'.repeat(3 * 1024 * 1024));
  assert.equal(tooBig.status, 413, 'refused before parsing');
  for (let i = 0; i < 8; i++) assert.equal((await put('k' + i, 'y'.repeat(1024 * 1024))).status, 204, 'item ' + i);
  const full = await put('last', 'z'.repeat(1024 * 1024));
  assert.equal(full.status, 413);
  assert.equal(full.json().error, 'exceed storage max size 10Mb');
  assert.equal((await app.request('GET', item('last'))).status, 404, 'nothing stored');
  // Replacing an item with a smaller one still fits; freeing space lets the new one in.
  assert.equal((await put('k0', 'small')).status, 204);
  assert.equal((await put('last', 'z'.repeat(1024 * 1024))).status, 204);
  assert.equal((await app.request('GET', '/wx/storage')).json().keys.length, 10);
  // The counter is rebuilt from the entries if it is lost.
  app.kv.delete('m/total');
  const again = await put('one-more', 'z'.repeat(1024 * 1024));
  assert.equal(again.status, 413);
});

test('storage: hostile keys stay inside the storage namespace or are refused', async () => {
  for (const key of ['../m/total', 'a/b', 'line\nbreak', 'nul\u0000', '%41', ' ', 'm/total', '__proto__']) {
    assert.equal((await put(key, 'v:' + key)).status, 204, JSON.stringify(key));
    assert.equal((await app.request('GET', item(key))).body, 'v:' + key, JSON.stringify(key));
  }
  const keys = (await app.request('GET', '/wx/storage')).json().keys;
  assert.deepEqual(keys.sort(), ['../m/total', 'a/b', 'line\nbreak', 'nul\u0000', '%41', ' ', 'm/total', '__proto__'].sort());
  for (const k of storedKeys()) assert.match(k, /^s\/[A-Za-z0-9._~%-]+$/, 'kv names are percent-encoded: ' + k);
  assert.ok(Number(new TextDecoder().decode(app.kv.get('m/total'))) > 0, 'the counter was not overwritten');
  const bad = [
    ['bad escape', '/wx/storage/%G1'],
    ['cut escape', '/wx/storage/ab%4'],
    ['not UTF-8', '/wx/storage/%FF%FE'],
    ['overlong', '/wx/storage/%C0%AF'],
    ['surrogate', '/wx/storage/%ED%A0%80'],
    ['too long', '/wx/storage/' + 'k'.repeat(4097)],
  ];
  for (const [what, path] of bad) {
    assert.equal((await app.request('PUT', path, { body: 'x' })).status, 400, what);
    assert.equal((await app.request('GET', path)).status, 400, what);
    assert.equal((await app.request('DELETE', path)).status, 400, what);
  }
  assert.equal((await app.request('PUT', '/wx/storage/a/b', { body: 'x' })).status, 404, 'an unencoded / is another route');
  assert.equal((await put('empty', '')).status, 400);
  assert.equal((await app.request('PUT', item('bin'), { body: Buffer.from([0xff, 0x00]) })).status, 400, 'values are text');
  assert.equal((await app.request('POST', '/wx/storage')).status, 405);
});

test('login answers the DID session instead of a code2Session code', async () => {
  const r = await app.request('GET', '/wx/login');
  assert.equal(r.status, 200);
  assert.deepEqual(r.json(), { code: '', did: 'did:key:z6MkOwner', role: 'owner' });
  const guest = await app.request('GET', '/wx/login', { caller: { did: 'did:key:z6MkGuest', role: 'member' } });
  assert.deepEqual(guest.json(), { code: '', did: 'did:key:z6MkGuest', role: 'member' });
});

test('request: performed through the node, WeChat answer', async () => {
  const seen = [];
  globalThis.__wxHostFetch = (req, body) => {
    seen.push({ req, body: body && new TextDecoder().decode(body) });
    return { status: 201, body: '{"id":7}' };
  };
  const r = await app.request('POST', '/wx/request', {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      url: 'https://tea.example.com/api/signups', method: 'post',
      header: { 'Content-Type': 'application/json', 'X-Count': 3, Host: 'evil.example', Referer: 'x' },
      data: '{"name":"Ada"}', timeout: 5000,
    }),
  });
  assert.equal(r.status, 200, r.body);
  assert.deepEqual(r.json(), { statusCode: 201, header: {}, data: '{"id":7}' });
  assert.equal(seen.length, 1);
  assert.equal(seen[0].req.method, 'POST');
  assert.equal(seen[0].req.url, 'https://tea.example.com/api/signups');
  assert.deepEqual(seen[0].req.headers, { 'content-type': 'application/json', 'x-count': '3' }, 'host and referer are dropped');
  assert.equal(seen[0].body, '{"name":"Ada"}');

  // Object data is sent as JSON; GET sends no body (the runtime puts GET data in the query).
  await app.request('POST', '/wx/request', { body: JSON.stringify({ url: 'https://a.example/x', method: 'PUT', data: { a: [1] } }) });
  assert.equal(seen[1].body, '{"a":[1]}');
  assert.equal(seen[1].req.headers['content-type'], 'application/json');
  await app.request('POST', '/wx/request', { body: JSON.stringify({ url: 'https://a.example/x?q=1', data: 'ignored' }) });
  assert.equal(seen[2].req.method, 'GET');
  assert.equal(seen[2].body, null);

  // Any HTTP status is an answer; a body that is not text comes back as base64.
  globalThis.__wxHostFetch = () => ({ status: 404, body: Buffer.from([0xff, 0xd8, 0x00]) });
  const bin = (await app.request('POST', '/wx/request', { body: JSON.stringify({ url: 'https://a.example/img' }) })).json();
  assert.deepEqual(bin, { statusCode: 404, header: {}, dataBase64: Buffer.from([0xff, 0xd8, 0x00]).toString('base64') });
});

test('request: refused or unreachable hosts and bad input', async () => {
  const failed = await app.request('POST', '/wx/request', { body: JSON.stringify({ url: 'https://not-allowed.example/' }) });
  assert.equal(failed.status, 502);
  assert.match(failed.json().error, /^request:fail /);
  let calls = 0;
  globalThis.__wxHostFetch = () => { calls++; return { status: 200, body: '' }; };
  const bad = [
    ['not json', '{'],
    ['array', '[]'],
    ['no url', {}],
    ['file url', { url: 'file:///etc/passwd' }],
    ['javascript', { url: 'javascript:alert(1)' }],
    ['credentials', { url: 'https://user:pw@a.example/' }],
    ['space', { url: 'https://a.example/a b' }],
    ['backslash', { url: 'https:\\\\a.example' }],
    ['long url', { url: 'https://a.example/' + 'x'.repeat(5000) }],
    ['method', { url: 'https://a.example/', method: 'CONNECT' }],
    ['method type', { url: 'https://a.example/', method: 1 }],
    ['header type', { url: 'https://a.example/', header: 'x' }],
    ['header injection', { url: 'https://a.example/', header: { 'x-a': 'b\r\nx-evil: 1' } }],
    ['header name', { url: 'https://a.example/', header: { 'x:a': 'b' } }],
  ];
  for (const [what, body] of bad) {
    const r = await app.request('POST', '/wx/request', { body: typeof body === 'string' ? body : JSON.stringify(body) });
    assert.equal(r.status, 400, what + ': ' + r.body);
  }
  assert.equal(calls, 0, 'nothing was sent');
  assert.equal((await app.request('GET', '/wx/request')).status, 405);
});
