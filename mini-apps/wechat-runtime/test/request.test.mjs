import test from 'node:test';
import assert from 'node:assert/strict';
import { createRequest, buildRequest, DEFAULT_TIMEOUT } from '../src/wx/request.js';
import { boot, onePage } from '../support/helpers.mjs';

function fakeFetch(respond) {
  const calls = [];
  const fetch = (url, init) => { calls.push({ url, init }); return respond(url, init); };
  return { fetch, calls };
}
const json = (status, body, headers = { 'content-type': 'application/json' }) => Promise.resolve(new Response(JSON.stringify(body), { status, headers }));
const timers = { setTimeout: (f, ms) => setTimeout(f, ms), clearTimeout: (t) => clearTimeout(t) };

test('Promise style: {data, statusCode, header}; JSON parsed; any status succeeds', async () => {
  const { fetch, calls } = fakeFetch(() => json(404, { error: 'nope' }, { 'x-a': '1', 'content-type': 'application/json' }));
  const request = createRequest({ fetch, timeoutFor: () => 1000, timers });
  const r = await request({ url: 'https://api.example.com/x', data: { q: 'a b', n: 1 } });
  assert.equal(r.errMsg, 'request:ok');
  assert.equal(r.statusCode, 404);
  assert.deepEqual(r.data, { error: 'nope' });
  assert.equal(r.header['x-a'], '1');
  assert.equal(calls[0].url, 'https://api.example.com/x?q=a%20b&n=1');
  assert.equal(calls[0].init.method, 'GET');
});

test('callback style returns a RequestTask; POST bodies as JSON or form', async () => {
  const { fetch, calls } = fakeFetch(() => Promise.resolve(new Response('plain', { status: 200 })));
  const request = createRequest({ fetch, timeoutFor: () => 1000, timers });
  const res = await new Promise((resolve) => {
    const task = request({ url: 'https://a.example/p', method: 'post', data: { a: 1 }, success: (r) => resolve(r), fail: resolve });
    assert.equal(typeof task.abort, 'function');
  });
  assert.equal(res.data, 'plain', 'text that is not JSON stays text');
  assert.equal(calls[0].init.method, 'POST');
  assert.equal(calls[0].init.body, '{"a":1}');
  assert.equal(calls[0].init.headers['content-type'], 'application/json');
  const form = buildRequest({ url: 'https://a', method: 'PUT', data: { a: 1, b: 'x y' }, header: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  assert.equal(form.init.body, 'a=1&b=x%20y');
  assert.throws(() => buildRequest({ url: 'https://a', method: 'BREW' }), /not supported/);
});

test('timeout: the call\'s own, else app.json networkTimeout.request, else 60 s', async () => {
  const never = () => new Promise(() => {});
  const seen = [];
  const spy = { setTimeout: (f, ms) => { seen.push(ms); return setTimeout(f, Math.min(ms, 20)); }, clearTimeout: (t) => clearTimeout(t) };
  const request = createRequest({ fetch: never, timeoutFor: () => DEFAULT_TIMEOUT, timers: spy });
  await assert.rejects(request({ url: 'https://a' }), { errMsg: 'request:fail timeout' });
  await assert.rejects(request({ url: 'https://a', timeout: 1234 }), { errMsg: 'request:fail timeout' });
  assert.deepEqual(seen, [60000, 1234]);

  // Through a mini-program: app.json networkTimeout.request.
  const { rt } = await boot(onePage('Page({})', '<view/>', { 'app.json': { networkTimeout: { request: 30 } } }), { fetch: never });
  const started = Date.now();
  const fail = await new Promise((resolve) => rt.wx.request({ url: 'https://slow.example', fail: resolve }));
  assert.equal(fail.errMsg, 'request:fail timeout');
  assert.ok(Date.now() - started < 1000);
});

test('the timeout aborts the fetch; abort() fails with abort; network errors fail', async () => {
  let signal;
  const request = createRequest({ fetch: (u, init) => { signal = init.signal; return new Promise((_, rej) => init.signal.addEventListener('abort', () => rej(new Error('aborted')))); }, timeoutFor: () => 10, timers });
  await assert.rejects(request({ url: 'https://a' }), { errMsg: 'request:fail timeout' });
  assert.equal(signal.aborted, true);
  const slow = createRequest({ fetch: (u, init) => new Promise((_, rej) => init.signal.addEventListener('abort', () => rej(new Error('aborted')))), timeoutFor: () => 5000, timers });
  const p = slow({ url: 'https://a' });
  p.abort();
  await assert.rejects(p, { errMsg: 'request:fail abort' });
  const down = createRequest({ fetch: () => Promise.reject(new TypeError('Failed to fetch')), timeoutFor: () => 1000, timers });
  const e = await new Promise((resolve) => down({ url: 'https://a', fail: resolve }));
  assert.equal(e.errMsg, 'request:fail Failed to fetch');
  await assert.rejects(down({}), (x) => /request:fail parameter error/.test(x.errMsg));
});
