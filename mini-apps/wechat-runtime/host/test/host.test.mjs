// Unit tests of the WeChat host backend, run against build/app.wasm ("sh build.sh && npm test")
// with the SDK's in-memory stand-ins for the node (sdk/testing.mjs) and a stand-in for net.fetch.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';

const { loadApp } = await import('../sdk/testing.mjs');

const WASM = new URL('../build/app.wasm', import.meta.url).pathname;
let app;
beforeEach(async () => {
  globalThis.__wxHostFetch = undefined;
  app = await loadApp(WASM, {
    caller: { did: 'did:key:z6MkOwner', role: 'owner' },
    // net.fetch: whatever stand-in the test sets at the time of the call (none: refused).
    fetch: (req, body) => (globalThis.__wxHostFetch ? globalThis.__wxHostFetch(req, body) : { status: 0 }),
  });
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

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
const json = (r) => { assert.equal(r.status, 200, r.body); return r.json(); };

test('media: the owner\'s folders and images, and an image as the node scales it', async () => {
  for (const p of ['/Photos/2024/a.jpg', '/Photos/2024/B.PNG', '/Photos/2024/notes.txt', '/Photos/2024/.hidden.jpg', '/Photos/2024/trip/c.jpg', '/Docs/x.pdf']) {
    app.ownerFiles.set(p, JPEG);
  }
  assert.deepEqual(json(await app.request('GET', '/wx/media')), { dir: '/', folders: ['Docs', 'Photos'], images: [] });
  assert.deepEqual(json(await app.request('GET', '/wx/media', { query: 'dir=%2FPhotos%2F2024' })),
    { dir: '/Photos/2024/', folders: ['trip'], images: ['B.PNG', 'a.jpg'] }, 'images only, no hidden files');
  const img = json(await app.request('GET', '/wx/file', { query: 'path=' + encodeURIComponent('wxfile://owner/Photos/2024/a.jpg') + '&edge=160' }));
  assert.equal(Buffer.from(img.base64, 'base64').toString(), 'thumb:/Photos/2024/a.jpg:160', 'the node\'s scaled copy, never the file');
  assert.equal(img.mime, 'application/octet-stream'); // the stand-in's thumbnail is not a real JPEG
  const big = json(await app.request('GET', '/wx/file', { query: 'path=' + encodeURIComponent('wxfile://owner/Photos/2024/a.jpg') + '&edge=99999' }));
  assert.equal(Buffer.from(big.base64, 'base64').toString(), 'thumb:/Photos/2024/a.jpg:2048', 'edge clamped');
  // Escapes from the owner's files or the app's temp folder are refused.
  for (const bad of ['wxfile://owner/../etc/passwd', 'wxfile://owner/Photos/./a.jpg', 'wxfile://tmp/../../kv', 'wxfile://tmp/ABC', 'file:///etc/passwd', 'wxfile://owner/Photos/x\\..\\a.jpg']) {
    assert.equal((await app.request('GET', '/wx/file', { query: 'path=' + encodeURIComponent(bad) })).status, 404, bad);
  }
  // Only the owner picks from the owner's files: a member the app is shared with gets nothing.
  const member = { caller: { did: 'did:key:z6MkMember', role: 'member' } };
  const refused = await app.request('GET', '/wx/media', { query: 'dir=%2FPhotos', ...member });
  assert.equal(refused.status, 403);
  assert.equal(refused.json().error, "only the node's owner can pick from the owner's files");
  assert.equal((await app.request('GET', '/wx/file', { query: 'path=' + encodeURIComponent('wxfile://owner/Photos/2024/a.jpg'), ...member })).status, 404);
  assert.equal((await app.request('GET', '/wx/media', { query: 'dir=%2F..%2F' })).status, 400);
  assert.equal((await app.request('GET', '/wx/media', { query: 'dir=Photos' })).status, 400, 'relative');
});

test('downloadFile: fetched through the node into a temp file the page can show; only the newest 32 kept', async () => {
  const seen = [];
  globalThis.__wxHostFetch = (req) => { seen.push(req); return { status: 200, body: JPEG }; };
  const r = json(await app.request('POST', '/wx/download', { body: JSON.stringify({ url: 'https://cdn.example.com/a.jpg', header: { 'X-Token': 't', Host: 'evil' }, method: 'POST' }) }));
  assert.equal(r.statusCode, 200);
  assert.equal(r.size, JPEG.length);
  assert.match(r.tempFilePath, /^wxfile:\/\/tmp\/[0-9a-f]{12}-[0-9a-f]{16}$/);
  assert.equal(seen[0].method, 'GET', 'always a GET');
  assert.deepEqual(seen[0].headers, { 'x-token': 't' });
  const shown = json(await app.request('GET', '/wx/file', { query: 'path=' + encodeURIComponent(r.tempFilePath) }));
  assert.equal(shown.mime, 'image/jpeg');
  assert.deepEqual(Buffer.from(shown.base64, 'base64'), JPEG);
  let t = 1_800_000_000_000;
  app.clock.now = () => t++;
  for (let i = 0; i < 40; i++) await app.request('POST', '/wx/download', { body: JSON.stringify({ url: 'https://cdn.example.com/' + i }) });
  const tmp = [...app.files.keys()].filter((k) => k.startsWith('wx/tmp/'));
  assert.equal(tmp.length, 32);
  assert.equal((await app.request('GET', '/wx/file', { query: 'path=' + encodeURIComponent(r.tempFilePath) })).status, 404, 'the oldest went first');
  globalThis.__wxHostFetch = undefined;
  const down = await app.request('POST', '/wx/download', { body: JSON.stringify({ url: 'https://down.example.com/x' }) });
  assert.equal(down.status, 502);
  assert.match(down.json().error, /could not reach https:\/\/down\.example\.com\/x/);
  assert.equal((await app.request('POST', '/wx/download', { body: JSON.stringify({ url: 'ftp://x/y' }) })).status, 400);
});

test('uploadFile: a picked photo (as the node\'s JPEG) and the form fields as multipart/form-data', async () => {
  app.ownerFiles.set('/Photos/cat.png', JPEG);
  const seen = [];
  globalThis.__wxHostFetch = (req, body) => { seen.push({ req, body: Buffer.from(body) }); return { status: 201, body: '{"ok":true}' }; };
  const r = json(await app.request('POST', '/wx/upload', {
    body: JSON.stringify({ url: 'https://up.example.com/photos', filePath: 'wxfile://owner/Photos/cat.png', name: 'photo', header: { 'X-Trip': '7' }, formData: { album: '旅行', n: 2, ok: true } }),
  }));
  assert.deepEqual(r, { statusCode: 201, data: '{"ok":true}' });
  const { req, body } = seen[0];
  assert.equal(req.method, 'POST');
  assert.equal(req.headers['x-trip'], '7');
  const boundary = /^multipart\/form-data; boundary=(----ElastOSFormBoundary[0-9a-f]{24})$/.exec(req.headers['content-type'])[1];
  const text = body.toString('latin1');
  const parts = text.split(`--${boundary}`);
  assert.equal(parts.at(-1), '--\r\n', 'closed');
  assert.equal(Buffer.from(parts[1], 'latin1').toString('utf8'), '\r\nContent-Disposition: form-data; name="album"\r\n\r\n旅行\r\n');
  assert.equal(parts[2], '\r\nContent-Disposition: form-data; name="n"\r\n\r\n2\r\n');
  assert.equal(parts[3], '\r\nContent-Disposition: form-data; name="ok"\r\n\r\ntrue\r\n');
  assert.equal(parts[4], '\r\nContent-Disposition: form-data; name="photo"; filename="cat.jpg"\r\nContent-Type: application/octet-stream\r\n\r\nthumb:/Photos/cat.png:2048\r\n');

  // A downloaded temp file goes up as it is.
  globalThis.__wxHostFetch = () => ({ status: 200, body: JPEG });
  const tmp = json(await app.request('POST', '/wx/download', { body: JSON.stringify({ url: 'https://cdn.example.com/a.jpg' }) })).tempFilePath;
  globalThis.__wxHostFetch = (q, b) => { seen.push({ req: q, body: Buffer.from(b) }); return { status: 200, body: Buffer.from([0xff]) }; };
  const bin = json(await app.request('POST', '/wx/upload', { body: JSON.stringify({ url: 'https://up.example.com/p', filePath: tmp, name: 'f' }) }));
  assert.deepEqual(bin, { statusCode: 200, dataBase64: '/w==' });
  assert.ok(seen[1].body.includes(Buffer.concat([Buffer.from('Content-Type: image/jpeg\r\n\r\n'), JPEG])));

  // Names that would break out of their header, unknown files, too many fields: refused, nothing sent.
  const before = seen.length;
  for (const bad of [
    { name: 'x"; filename="evil', filePath: 'wxfile://owner/Photos/cat.png' },
    { name: 'a\r\nX-Injected: 1', filePath: 'wxfile://owner/Photos/cat.png' },
    { name: 'f', filePath: 'wxfile://owner/Photos/none.jpg' },
    { name: 'f', filePath: '/etc/passwd' },
    { name: 'f', filePath: 'wxfile://owner/Photos/cat.png', formData: { 'k"': 'v' } },
    { name: 'f', filePath: 'wxfile://owner/Photos/cat.png', formData: Object.fromEntries(Array.from({ length: 65 }, (_, i) => ['k' + i, i])) },
  ]) {
    const res = await app.request('POST', '/wx/upload', { body: JSON.stringify({ url: 'https://up.example.com/p', ...bad }) });
    assert.equal(res.status, 400, JSON.stringify(bad));
  }
  assert.equal(seen.length, before);
  const asMember = await app.request('POST', '/wx/upload', {
    body: JSON.stringify({ url: 'https://up.example.com/p', filePath: 'wxfile://owner/Photos/cat.png', name: 'f' }),
    caller: { did: 'did:key:z6MkMember', role: 'member' },
  });
  assert.equal(asMember.status, 400, 'a member cannot send the owner\'s photo');
  assert.equal(seen.length, before);
});
