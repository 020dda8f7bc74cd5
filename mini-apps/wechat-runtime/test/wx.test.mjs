import test from 'node:test';
import assert from 'node:assert/strict';
import { boot, onePage, click } from '../support/helpers.mjs';
import { UNSUPPORTED, message } from '../src/wx/unsupported.js';
import { supportedApiNames } from '../src/wx/index.js';

const manual = () => {
  const pending = [];
  return {
    timers: { setTimeout: (f, ms) => { pending.push({ f, ms }); return pending.length; }, clearTimeout: (id) => { if (pending[id - 1]) pending[id - 1].f = null; }, setInterval: () => 0, clearInterval() {} },
    run(ms) { for (const p of pending) if (p.f && p.ms === ms) { const f = p.f; p.f = null; f(); } },
  };
};

test('showToast / hideToast, showLoading / hideLoading as overlays; toast hides after its duration', async () => {
  const clock = manual();
  const { rt, container } = await boot(onePage('Page({})', '<view/>'), { timers: clock.timers });
  const layer = container.querySelector('.wx-overlays');
  const r = await rt.wx.showToast({ title: 'Saved', icon: 'success', duration: 2000 });
  assert.equal(r.errMsg, 'showToast:ok');
  assert.equal(layer.querySelector('.wx-toast-title').textContent, 'Saved');
  assert.equal(layer.querySelector('.wx-toast-icon').textContent, '\u2713');
  clock.run(2000);
  assert.equal(layer.querySelector('.wx-toast'), null);
  await rt.wx.showLoading({ title: 'Wait', mask: true });
  assert.ok(layer.querySelector('.wx-toast.wx-loading'));
  assert.ok(layer.querySelector('.wx-mask'), 'mask blocks the page');
  await rt.wx.hideToast();
  assert.ok(layer.querySelector('.wx-loading'), 'hideToast leaves a loading box');
  await rt.wx.hideLoading();
  assert.equal(layer.children.length, 0);
  await rt.wx.showToast({ title: 'x', icon: 'none' });
  assert.equal(layer.querySelector('.wx-toast-icon'), null);
});

test('showModal resolves with confirm/cancel (and content when editable)', async () => {
  const { rt, container } = await boot(onePage('Page({})', '<view/>'));
  const layer = container.querySelector('.wx-overlays');
  const p = rt.wx.showModal({ title: 'Delete?', content: 'It goes for good.', confirmText: 'Delete', confirmColor: '#e64340' });
  await Promise.resolve(); await Promise.resolve();
  assert.equal(layer.querySelector('.wx-modal-title').textContent, 'Delete?');
  assert.equal(layer.querySelector('.wx-modal-content').textContent, 'It goes for good.');
  assert.equal(layer.querySelector('.wx-modal-cancel').textContent, '\u53d6\u6d88');
  assert.equal(layer.querySelector('.wx-modal-confirm').textContent, 'Delete');
  click(layer.querySelector('.wx-modal-confirm'));
  assert.deepEqual(await p, { errMsg: 'showModal:ok', confirm: true, cancel: false });
  const got = await new Promise((resolve) => {
    rt.wx.showModal({ title: 'Name', editable: true, placeholderText: 'type', success: resolve });
    setTimeout(() => {
      layer.querySelector('.wx-modal textarea').value = 'Wu';
      click(layer.querySelector('.wx-modal-cancel'));
    }, 0);
  });
  assert.deepEqual(got, { errMsg: 'showModal:ok', confirm: false, cancel: true, content: null });
  const noCancel = rt.wx.showModal({ content: 'ok?', showCancel: false });
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(layer.querySelector('.wx-modal-cancel'), null);
  click(layer.querySelector('.wx-modal-confirm'));
  assert.equal((await noCancel).confirm, true);
});

test('showActionSheet: tapIndex, cancel fails, at most 6 items', async () => {
  const { rt, container } = await boot(onePage('Page({})', '<view/>'));
  const layer = container.querySelector('.wx-overlays');
  const p = rt.wx.showActionSheet({ itemList: ['A', 'B', 'C'] });
  await new Promise((r) => setTimeout(r, 0));
  click(layer.querySelectorAll('.wx-actionsheet-item')[1]);
  assert.deepEqual(await p, { errMsg: 'showActionSheet:ok', tapIndex: 1 });
  const c = rt.wx.showActionSheet({ itemList: ['A'] });
  await new Promise((r) => setTimeout(r, 0));
  click(layer.querySelector('.wx-actionsheet-cancel'));
  await assert.rejects(c, { errMsg: 'showActionSheet:fail cancel' });
  await assert.rejects(rt.wx.showActionSheet({ itemList: ['1', '2', '3', '4', '5', '6', '7'] }), (e) => /showActionSheet:fail parameter error/.test(e.errMsg));
});

test('getSystemInfo[Sync], getWindowInfo, canIUse, getLaunchOptionsSync', async () => {
  const { rt } = await boot(onePage('Page({})', '<view/>'));
  const i = rt.wx.getSystemInfoSync();
  assert.equal(i.windowWidth, 375);
  assert.equal(i.platform, 'elastos');
  assert.ok(i.SDKVersion);
  const a = await rt.wx.getSystemInfo();
  assert.equal(a.errMsg, 'getSystemInfo:ok');
  assert.equal(a.windowWidth, 375);
  assert.equal(rt.wx.getWindowInfo().windowWidth, 375);
  assert.equal(rt.wx.canIUse('request'), true);
  assert.equal(rt.wx.canIUse('showModal.object.editable'), true);
  assert.equal(rt.wx.canIUse('login'), false);
  assert.equal(rt.wx.getLaunchOptionsSync().path, 'pages/index/index');
});

test('every unsupported API is present and answers with the documented error', async () => {
  const { rt } = await boot(onePage('Page({})', '<view/>'));
  for (const name of UNSUPPORTED) {
    assert.equal(typeof rt.wx[name], 'function', name);
    const text = `wx.${name} is not supported on ElastOS Node (see docs)`;
    assert.equal(message(name), text);
    let threw = null, ret;
    try { ret = rt.wx[name]({}); } catch (e) { threw = e; }
    if (threw) {
      assert.equal(threw.message, text, name);
    } else {
      await assert.rejects(ret, { errMsg: `${name}:fail ${text}` }, name);
    }
  }
  const viaCallbacks = await new Promise((resolve) => rt.wx.login({ fail: (e) => resolve(e.errMsg) }));
  assert.equal(viaCallbacks, 'login:fail wx.login is not supported on ElastOS Node (see docs)');
  assert.throws(() => rt.wx.createAnimation(), /wx\.createAnimation is not supported on ElastOS Node \(see docs\)/);
  assert.throws(() => rt.wx.getFileSystemManager(), /not supported/);
});

test('the supported API list (documented in the README)', async () => {
  const { rt } = await boot(onePage('Page({})', '<view/>'));
  const names = supportedApiNames(rt.wx);
  assert.deepEqual(names, ['canIUse', 'chooseImage', 'chooseMedia', 'clearStorage', 'clearStorageSync', 'createIntersectionObserver', 'createSelectorQuery',
    'downloadFile', 'getClipboardData', 'getEnterOptionsSync', 'getImageInfo', 'getLaunchOptionsSync', 'getLocation', 'getNetworkType',
    'getStorage', 'getStorageInfo', 'getStorageInfoSync', 'getStorageSync', 'getSystemInfo', 'getSystemInfoSync',
    'getWindowInfo', 'hideLoading', 'hideTabBar', 'hideTabBarRedDot', 'hideToast', 'navigateBack', 'navigateTo', 'nextTick',
    'pageScrollTo', 'previewImage', 'reLaunch', 'redirectTo', 'removeStorage', 'removeStorageSync', 'removeTabBarBadge',
    'request', 'setClipboardData', 'setNavigationBarColor', 'setNavigationBarTitle', 'setStorage', 'setStorageSync',
    'setTabBarBadge', 'setTabBarItem', 'setTabBarStyle', 'showActionSheet', 'showLoading', 'showModal', 'showTabBar',
    'showTabBarRedDot', 'showToast', 'startPullDownRefresh', 'stopPullDownRefresh', 'switchTab', 'uploadFile']);
  assert.equal(names.length, 54);
  assert.equal(UNSUPPORTED.length, new Set(UNSUPPORTED).size);
});

test('a fire-and-forget call of an unsupported API warns and is not an unhandled rejection', async () => {
  const { rt } = await boot(onePage('Page({})', '<view/>'));
  const unhandled = [];
  const onUnhandled = (e) => unhandled.push(e);
  process.on('unhandledRejection', onUnhandled);
  const warned = [];
  const warn = console.warn;
  console.warn = (m) => warned.push(m);
  try {
    rt.wx.vibrateShort({ type: 'light' });
    await new Promise((r) => setTimeout(r, 20));
    await assert.rejects(rt.wx.vibrateShort(), { errMsg: 'vibrateShort:fail wx.vibrateShort is not supported on ElastOS Node (see docs)' });
  } finally {
    console.warn = warn;
    process.off('unhandledRejection', onUnhandled);
  }
  assert.deepEqual(unhandled, []);
  assert.deepEqual(warned, ['wx.vibrateShort is not supported on ElastOS Node (see docs)', 'wx.vibrateShort is not supported on ElastOS Node (see docs)']);
});
