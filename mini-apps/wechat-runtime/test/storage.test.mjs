import test from 'node:test';
import assert from 'node:assert/strict';
import { createStorage, createMemoryStorage, MAX_ITEM_BYTES, MAX_TOTAL_BYTES } from '../src/wx/storage.js';

async function fresh(initial) {
  const backend = createMemoryStorage(initial);
  const s = createStorage(backend);
  await s.load();
  return { backend, s, wx: s.api };
}

test('sync and async APIs, types kept, write-through to the backend', async () => {
  const { backend, s, wx } = await fresh();
  wx.setStorageSync('n', 1);
  wx.setStorageSync('o', { a: [1, 'x'] });
  wx.setStorageSync('d', new Date('2024-01-02T03:04:05Z'));
  wx.setStorageSync('s', 'text');
  assert.equal(wx.getStorageSync('n'), 1);
  assert.deepEqual(wx.getStorageSync('o'), { a: [1, 'x'] });
  assert.ok(wx.getStorageSync('d') instanceof Date);
  assert.equal(wx.getStorageSync('missing'), '', 'a missing key reads as an empty string');
  const r = await wx.setStorage({ key: 'b', data: true });
  assert.equal(r.errMsg, 'setStorage:ok');
  assert.deepEqual(await wx.getStorage({ key: 'b' }), { errMsg: 'getStorage:ok', data: true });
  await s.flushed();
  assert.deepEqual(Object.keys(backend.entries()).sort(), ['b', 'd', 'n', 'o', 's']);
  // A new runtime over the same backend sees the data.
  const again = createStorage(backend);
  await again.load();
  assert.deepEqual(again.api.getStorageSync('o'), { a: [1, 'x'] });
  assert.equal(again.api.getStorageSync('d').toISOString(), '2024-01-02T03:04:05.000Z');
});

test('callback style: success/fail/complete', async () => {
  const { wx } = await fresh();
  const got = await new Promise((resolve) => {
    const seen = [];
    wx.getStorage({ key: 'nope', success: () => seen.push('success'), fail: (e) => seen.push(e.errMsg), complete: () => resolve(seen) });
  });
  assert.deepEqual(got, ['getStorage:fail data not found']);
  assert.equal(wx.setStorage({ key: 'k', data: 1, success() {} }), undefined, 'callback style returns nothing');
});

test('remove, clear and info', async () => {
  const { backend, s, wx } = await fresh({});
  wx.setStorageSync('a', 'x');
  wx.setStorageSync('bb', 'y');
  const info = wx.getStorageInfoSync();
  assert.deepEqual(info.keys, ['a', 'bb']);
  assert.equal(info.limitSize, 10240);
  assert.equal(info.currentSize, 1);
  await wx.removeStorage({ key: 'a' });
  wx.removeStorageSync('bb');
  assert.deepEqual(wx.getStorageInfoSync().keys, []);
  wx.setStorageSync('c', 1);
  await wx.clearStorage();
  wx.setStorageSync('d', 1);
  wx.clearStorageSync();
  assert.deepEqual((await wx.getStorageInfo()).keys, []);
  await s.flushed();
  assert.deepEqual(backend.entries(), {});
});

test('1 MB per key: over fails with WeChat\'s message, sync throws, nothing is written', async () => {
  const { backend, s, wx } = await fresh();
  const big = 'x'.repeat(MAX_ITEM_BYTES);
  assert.throws(() => wx.setStorageSync('big', big), (e) => e instanceof Error && e.message === 'setStorageSync:fail exceed storage item max length');
  await assert.rejects(wx.setStorage({ key: 'big', data: big }), { errMsg: 'setStorage:fail exceed storage item max length' });
  // Multi-byte characters count as UTF-8 bytes.
  assert.throws(() => wx.setStorageSync('cjk', '中'.repeat(Math.ceil(MAX_ITEM_BYTES / 3) + 1)), /exceed storage item max length/);
  wx.setStorageSync('fits', 'x'.repeat(MAX_ITEM_BYTES - 100));
  await s.flushed();
  assert.deepEqual(Object.keys(backend.entries()), ['fits']);
});

test('10 MB in all: the write that crosses fails; replacing a key counts its old size out', async () => {
  const { wx } = await fresh();
  const chunk = 'y'.repeat(1000 * 1000);
  for (let i = 0; i < 10; i++) wx.setStorageSync(`k${i}`, chunk);
  assert.ok(wx.getStorageInfoSync().currentSize * 1024 <= MAX_TOTAL_BYTES);
  assert.throws(() => wx.setStorageSync('k10', chunk), (e) => e.message === 'setStorageSync:fail exceed storage max size 10Mb');
  await assert.rejects(wx.setStorage({ key: 'k10', data: chunk }), { errMsg: 'setStorage:fail exceed storage max size 10Mb' });
  wx.setStorageSync('k3', chunk + 'z', 'same key, slightly bigger: fits since its old value is freed');
  wx.removeStorageSync('k0');
  wx.setStorageSync('k10', chunk);
  assert.equal(wx.getStorageInfoSync().keys.length, 10);
});

test('parameter errors', async () => {
  const { wx } = await fresh();
  assert.throws(() => wx.setStorageSync(undefined, 1), /setStorageSync:fail parameter error: parameter.key should be String instead of Undefined;/);
  await assert.rejects(wx.getStorage({ key: 5 }), (e) => /parameter.key should be String instead of Number/.test(e.errMsg));
  const cyclic = {}; cyclic.self = cyclic;
  assert.throws(() => wx.setStorageSync('c', cyclic), /setStorageSync:fail/);
});

test('a failing backend is reported, not thrown into the page', async () => {
  const errors = [];
  const backend = { ...createMemoryStorage(), async set() { throw new Error('disk full'); } };
  const s = createStorage(backend, (e) => errors.push(e.message));
  await s.load();
  s.api.setStorageSync('a', 1);
  await s.flushed();
  assert.deepEqual(errors, ['disk full']);
  await assert.rejects(s.api.setStorage({ key: 'b', data: 1 }), { errMsg: 'setStorage:fail disk full' });
});
