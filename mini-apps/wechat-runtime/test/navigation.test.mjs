import test from 'node:test';
import assert from 'node:assert/strict';
import { boot, click, tick } from '../support/helpers.mjs';

function app() {
  const page = (name) => `Page({ data: { name: '${name}', q: '' }, loads: 0,
    onLoad(q) { this.loads++; this.setData({ q: JSON.stringify(q) }); globalThis.__nav.push('${name}.load'); },
    onUnload() { globalThis.__nav.push('${name}.unload'); } })`;
  const files = {
    'app.json': JSON.stringify({
      pages: ['pages/home/index', 'pages/a/index', 'pages/b/index', 'pages/me/index'],
      window: { navigationBarTitleText: 'App title', navigationBarBackgroundColor: '#123456' },
      tabBar: { color: '#999999', selectedColor: '#ff0000', list: [
        { pagePath: 'pages/home/index', text: 'Home', iconPath: 'i/h.png', selectedIconPath: 'i/h-on.png' },
        { pagePath: 'pages/me/index', text: 'Me' },
      ] },
    }),
    'app.js': 'App({})',
  };
  for (const name of ['home', 'a', 'b', 'me']) {
    files[`pages/${name}/index.js`] = page(name);
    files[`pages/${name}/index.wxml`] = `<view class="name">{{name}}</view><view class="q">{{q}}</view>
      <navigator id="nav-a" url="../a/index?from=${name}">a</navigator>
      <navigator id="nav-me" url="/pages/me/index" open-type="switchTab">me</navigator>
      <navigator id="nav-back" open-type="navigateBack" delta="2">back</navigator>
      <navigator id="nav-re" url="/pages/b/index" open-type="redirect">b</navigator>`;
  }
  files['pages/a/index.json'] = '{"navigationBarTitleText": "Page A"}';
  return files;
}

const routes = (rt) => rt.getCurrentPages().map((p) => p.route.split('/')[1]);
const visible = (c) => c.querySelector('wx-page:not([inactive]) .name').textContent;

test('navigateTo / navigateBack({delta}) / redirectTo keep WeChat\'s stack', async () => {
  globalThis.__nav = [];
  const { rt, container } = await boot(app());
  const wx = rt.wx;
  assert.deepEqual(routes(rt), ['home']);
  const r = await wx.navigateTo({ url: '/pages/a/index?x=1' });
  assert.equal(r.errMsg, 'navigateTo:ok');
  await wx.navigateTo({ url: '../b/index?y=2&z' }); // relative to pages/a/index
  assert.deepEqual(routes(rt), ['home', 'a', 'b']);
  assert.equal(rt.getCurrentPages()[2].data.q, '{"y":"2","z":""}');
  assert.equal(visible(container), 'b');
  assert.equal(container.querySelectorAll('wx-page').length, 3, 'pages below stay alive, hidden');
  await wx.redirectTo({ url: '/pages/a/index?again=1' });
  assert.deepEqual(routes(rt), ['home', 'a', 'a']);
  assert.deepEqual(globalThis.__nav.slice(-2), ['b.unload', 'a.load']);
  await wx.navigateBack({ delta: 5 });
  assert.deepEqual(routes(rt), ['home'], 'a delta past the bottom stops at the first page');
  assert.equal(container.querySelectorAll('wx-page').length, 1);
  await assert.rejects(wx.navigateBack(), { errMsg: 'navigateBack:fail cannot navigate back at first page.' });
  delete globalThis.__nav;
});

test('navigation errors: unknown page, tab pages, a stack of 10', async () => {
  globalThis.__nav = [];
  const { rt } = await boot(app());
  const wx = rt.wx;
  await assert.rejects(wx.navigateTo({ url: '/pages/nope/index' }), { errMsg: 'navigateTo:fail page "pages/nope/index" is not found' });
  await assert.rejects(wx.navigateTo({ url: '/pages/me/index' }), { errMsg: 'navigateTo:fail can not navigateTo a tabbar page' });
  await assert.rejects(wx.redirectTo({ url: '/pages/me/index' }), { errMsg: 'redirectTo:fail can not redirectTo a tabbar page' });
  await assert.rejects(wx.switchTab({ url: '/pages/a/index' }), { errMsg: 'switchTab:fail can not switch to no-tabBar page' });
  await assert.rejects(wx.navigateTo({ url: '../../../x' }), (e) => /^navigateTo:fail .*leaves the mini-program package/.test(e.errMsg));
  for (let i = 0; i < 9; i++) await wx.navigateTo({ url: '/pages/a/index' });
  assert.equal(rt.getCurrentPages().length, 10);
  await assert.rejects(wx.navigateTo({ url: '/pages/a/index' }), { errMsg: 'navigateTo:fail webview count limit exceed' });
  // Callback style too.
  const got = await new Promise((resolve) => wx.navigateTo({ url: '/pages/a/index', fail: (e) => resolve(['fail', e.errMsg]), complete: () => {} }));
  assert.deepEqual(got, ['fail', 'navigateTo:fail webview count limit exceed']);
  delete globalThis.__nav;
});

test('switchTab keeps tab pages alive and closes the others; reLaunch closes everything', async () => {
  globalThis.__nav = [];
  const { rt, container } = await boot(app());
  const wx = rt.wx;
  const home = rt.getCurrentPages()[0];
  await wx.navigateTo({ url: '/pages/a/index' });
  await wx.switchTab({ url: '/pages/me/index?ignored=1' });
  assert.deepEqual(routes(rt), ['me']);
  assert.equal(rt.getCurrentPages()[0].data.q, '{}', 'switchTab passes no query');
  assert.ok(globalThis.__nav.includes('a.unload'));
  assert.ok(!globalThis.__nav.includes('home.unload'), 'tab pages are hidden, not unloaded');
  await wx.switchTab({ url: '/pages/home/index' });
  assert.equal(rt.getCurrentPages()[0], home, 'the same live instance');
  assert.equal(home.loads, 1);
  assert.equal(visible(container), 'home');
  await wx.reLaunch({ url: '/pages/b/index?r=1' });
  assert.deepEqual(routes(rt), ['b']);
  assert.ok(globalThis.__nav.includes('home.unload') && globalThis.__nav.includes('me.unload'));
  assert.equal(container.querySelectorAll('wx-page').length, 1);
  delete globalThis.__nav;
});

test('title bar, back button and tab bar follow the top page', async () => {
  globalThis.__nav = [];
  const { rt, container } = await boot(app());
  const title = () => container.querySelector('.wx-navbar-title').textContent;
  const back = container.querySelector('.wx-navbar-back');
  const tabbar = container.querySelector('.wx-tabbar');
  assert.equal(title(), 'App title');
  assert.equal(container.querySelector('.wx-navbar').style.backgroundColor, '#123456');
  assert.ok(back.hasAttribute('hidden'));
  assert.ok(!tabbar.hasAttribute('hidden'));
  const items = [...tabbar.querySelectorAll('.wx-tabbar-item')];
  assert.deepEqual(items.map((b) => b.textContent), ['Home', 'Me']);
  assert.ok(items[0].hasAttribute('selected'));
  assert.equal(items[0].style.color, '#ff0000');
  assert.equal(items[0].querySelector('img').getAttribute('src'), '/mp/i/h-on.png');
  await rt.wx.navigateTo({ url: '/pages/a/index' });
  assert.equal(title(), 'Page A');
  assert.ok(!back.hasAttribute('hidden'));
  assert.ok(tabbar.hasAttribute('hidden'), 'no tab bar on a non-tab page');
  await rt.wx.setNavigationBarTitle({ title: 'Changed' });
  assert.equal(title(), 'Changed');
  click(back);
  await tick(rt);
  assert.deepEqual(routes(rt), ['home']);
  assert.equal(title(), 'App title');
  click(items[1]);
  await tick(rt);
  assert.deepEqual(routes(rt), ['me']);
  assert.ok(items[1].hasAttribute('selected') && !items[0].hasAttribute('selected'));
  delete globalThis.__nav;
});

test('<navigator> open-types: navigate (relative url), switchTab, navigateBack delta, redirect', async () => {
  globalThis.__nav = [];
  const { rt, container } = await boot(app());
  const on = (id) => container.querySelector(`wx-page:not([inactive]) #${id}`);
  click(on('nav-a'));
  await tick(rt);
  assert.deepEqual(routes(rt), ['home', 'a']);
  assert.equal(rt.getCurrentPages()[1].data.q, '{"from":"home"}');
  click(on('nav-a'));
  await tick(rt);
  click(on('nav-re'));
  await tick(rt);
  assert.deepEqual(routes(rt), ['home', 'a', 'b']);
  click(on('nav-back'));
  await tick(rt);
  assert.deepEqual(routes(rt), ['home']);
  click(on('nav-me'));
  await tick(rt);
  assert.deepEqual(routes(rt), ['me']);
  delete globalThis.__nav;
});

test('launching a page that app.json does not list fails clearly', async () => {
  await assert.rejects(boot(app(), { launch: { path: 'pages/nope/index' } }), /launch: page "pages\/nope\/index" is not in app.json pages/);
});
