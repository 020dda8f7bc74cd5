// The tab bar APIs (badges, red dots, items, style, show/hide), pageScrollTo, and the device
// APIs the browser answers (network type, clipboard).
import test from 'node:test';
import assert from 'node:assert/strict';
import { boot, onePage, page, tick } from '../support/helpers.mjs';

const TABS = {
  'app.json': JSON.stringify({
    pages: ['pages/a/index', 'pages/b/index', 'pages/detail/index'],
    tabBar: { color: '#111111', selectedColor: '#222222', list: [{ pagePath: 'pages/a/index', text: 'A' }, { pagePath: 'pages/b/index', text: 'B' }] },
  }),
  'app.js': 'App({})',
  'pages/a/index.js': 'Page({})',
  'pages/a/index.wxml': '<view id="top">top</view><view id="far">far</view>',
  'pages/b/index.js': 'Page({})',
  'pages/b/index.wxml': '<view>b</view>',
  'pages/detail/index.js': 'Page({})',
  'pages/detail/index.wxml': '<view>detail</view>',
};

const items = (container) => [...container.querySelectorAll('.wx-tabbar-item')];

test('badges and red dots on tab items; WeChat\'s errors off a tab page or for a bad index', async () => {
  const { rt, container } = await boot(TABS);
  const [a, b] = items(container);
  await rt.wx.setTabBarBadge({ index: 1, text: '3' });
  assert.equal(b.querySelector('.wx-tabbar-badge').textContent, '3');
  await rt.wx.setTabBarBadge({ index: 1, text: '12345' });
  assert.equal(b.querySelector('.wx-tabbar-badge').textContent, '123...', 'at most 4 characters shown');
  await rt.wx.showTabBarRedDot({ index: 1 });
  assert.equal(b.querySelector('.wx-tabbar-badge'), null, 'a dot replaces the badge');
  assert.ok(b.querySelector('.wx-tabbar-dot'));
  await rt.wx.hideTabBarRedDot({ index: 1 });
  assert.equal(b.querySelector('.wx-tabbar-dot'), null);
  await rt.wx.setTabBarBadge({ index: 0, text: 'new' });
  await rt.wx.removeTabBarBadge({ index: 0 });
  assert.equal(a.querySelector('.wx-tabbar-badge'), null);
  await assert.rejects(rt.wx.setTabBarBadge({ index: 2, text: 'x' }), { errMsg: 'setTabBarBadge:fail tabbar item not found: index 2' });

  await rt.wx.navigateTo({ url: '/pages/detail/index' });
  await tick(rt);
  await assert.rejects(rt.wx.setTabBarBadge({ index: 0, text: 'x' }), { errMsg: 'setTabBarBadge:fail not TabBar page' });
  await assert.rejects(rt.wx.hideTabBar({}), { errMsg: 'hideTabBar:fail not TabBar page' });
});

test('setTabBarItem, setTabBarStyle, hideTabBar/showTabBar', async () => {
  const { rt, container } = await boot(TABS);
  const bar = container.querySelector('.wx-tabbar');
  await rt.wx.setTabBarItem({ index: 1, text: 'Bee' });
  assert.equal(items(container)[1].querySelector('.wx-tabbar-text').textContent, 'Bee');
  await rt.wx.setTabBarStyle({ color: '#333333', selectedColor: '#444444', backgroundColor: '#fafafa' });
  const colors = items(container).map((i) => i.style.getPropertyValue('color').replace(/\s/g, ''));
  assert.deepEqual(colors.map((c) => /68,68,68|#444444/i.test(c) ? 'selected' : /51,51,51|#333333/i.test(c) ? 'plain' : c), ['selected', 'plain']);
  assert.match(bar.style.getPropertyValue('background-color').replace(/\s/g, ''), /250,250,250|#fafafa/i);
  await rt.wx.hideTabBar({});
  assert.ok(bar.hasAttribute('hidden'));
  await rt.wx.switchTab({ url: '/pages/b/index' });
  await tick(rt);
  assert.ok(bar.hasAttribute('hidden'), 'stays hidden across tabs until shown');
  await rt.wx.showTabBar({});
  assert.ok(!bar.hasAttribute('hidden'));
});

test('pageScrollTo: by offset or to an element', async () => {
  const { rt, container } = await boot(TABS);
  const p = page(container);
  await rt.wx.pageScrollTo({ scrollTop: 120, duration: 0 });
  assert.equal(p.scrollTop, 120);
  const far = p.querySelector('#far');
  far.getBoundingClientRect = () => ({ top: 500, left: 0, width: 10, height: 10, bottom: 510, right: 10 });
  p.getBoundingClientRect = () => ({ top: 100, left: 0, width: 375, height: 600, bottom: 700, right: 375 });
  await rt.wx.pageScrollTo({ selector: '#far', offsetTop: -20 });
  assert.equal(p.scrollTop, 120 + 400 - 20);
  await assert.rejects(rt.wx.pageScrollTo({ selector: '#none' }), { errMsg: 'pageScrollTo:fail no element matches selector #none' });
  await assert.rejects(rt.wx.pageScrollTo({}), { errMsg: 'pageScrollTo:fail parameter error: scrollTop or selector is required' });
});

test('getNetworkType and the clipboard answer from the browser, or say why not', async () => {
  const { rt, win } = await boot(onePage('Page({})', '<view/>'));
  const nav = win.navigator;
  Object.defineProperty(nav, 'onLine', { value: false, configurable: true });
  assert.equal((await rt.wx.getNetworkType()).networkType, 'none');
  Object.defineProperty(nav, 'onLine', { value: true, configurable: true });
  Object.defineProperty(nav, 'connection', { value: { type: 'cellular', effectiveType: '4g' }, configurable: true });
  assert.equal((await rt.wx.getNetworkType()).networkType, '4g');
  Object.defineProperty(nav, 'connection', { value: { type: 'wifi' }, configurable: true });
  assert.equal((await rt.wx.getNetworkType()).networkType, 'wifi');
  Object.defineProperty(nav, 'connection', { value: undefined, configurable: true });
  assert.equal((await rt.wx.getNetworkType()).networkType, 'unknown');

  let held = '';
  Object.defineProperty(nav, 'clipboard', { value: { writeText: async (t) => { held = t; }, readText: async () => held }, configurable: true });
  await rt.wx.setClipboardData({ data: '复制 me' });
  assert.deepEqual(await rt.wx.getClipboardData(), { errMsg: 'getClipboardData:ok', data: '复制 me' });
  await assert.rejects(rt.wx.setClipboardData({ data: 5 }), { errMsg: 'setClipboardData:fail parameter error: data should be String' });
  Object.defineProperty(nav, 'clipboard', { value: { writeText: async () => { throw new Error('Document is not focused.'); } }, configurable: true });
  await assert.rejects(rt.wx.setClipboardData({ data: 'x' }), { errMsg: 'setClipboardData:fail the browser refused: Document is not focused.' });
  await assert.rejects(rt.wx.getClipboardData(), { errMsg: 'getClipboardData:fail this page has no clipboard' });
});
