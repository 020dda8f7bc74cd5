import test from 'node:test';
import assert from 'node:assert/strict';
import { boot, click, tick } from '../support/helpers.mjs';

// Every hook appends to globalThis.__order so the order across App, pages and components shows.
function files() {
  const log = (who) => `function (q) { globalThis.__order.push('${who}' + (q && Object.keys(q).length ? JSON.stringify(q) : '')); }`;
  const pageJs = (name) => `Page({
    onLoad: ${log(`${name}.onLoad`)}, onShow: ${log(`${name}.onShow`)}, onReady: ${log(`${name}.onReady`)},
    onHide: ${log(`${name}.onHide`)}, onUnload: ${log(`${name}.onUnload`)},
    go() { wx.navigateTo({ url: '/pages/b/index?x=1&y=two' }); }
  })`;
  return {
    'app.json': JSON.stringify({ pages: ['pages/a/index', 'pages/b/index'], usingComponents: { probe: '/components/probe/index' } }),
    'app.js': `App({ onLaunch: ${log('App.onLaunch')}, onShow: ${log('App.onShow')}, onHide: ${log('App.onHide')} })`,
    'pages/a/index.js': pageJs('A'),
    'pages/a/index.wxml': '<probe name="pa"/><button id="go" bindtap="go">go</button>',
    'pages/b/index.js': pageJs('B'),
    'pages/b/index.wxml': '<probe name="pb"/>',
    'components/probe/index.json': '{"component": true}',
    'components/probe/index.js': `Component({
      properties: { name: String },
      created() { globalThis.__order.push('probe.created(' + this.data.name + ')'); },
      lifetimes: {
        attached() { globalThis.__order.push('probe.attached(' + this.data.name + ')'); },
        ready() { globalThis.__order.push('probe.ready(' + this.data.name + ')'); },
        detached() { globalThis.__order.push('probe.detached(' + this.data.name + ')'); },
      },
      pageLifetimes: {
        show() { globalThis.__order.push('probe.pageShow(' + this.data.name + ')'); },
        hide() { globalThis.__order.push('probe.pageHide(' + this.data.name + ')'); },
      },
    })`,
    'components/probe/index.wxml': '<text>{{name}}</text>',
  };
}

test('App, Page and Component lifecycle order through launch, navigateTo, back, hide and show', async () => {
  globalThis.__order = [];
  const { rt, container } = await boot(files(), { launch: { path: 'pages/a/index?from=test' } });
  assert.deepEqual(globalThis.__order, [
    'App.onLaunch{"path":"pages/a/index","query":{"from":"test"},"scene":1001,"referrerInfo":{}}',
    'App.onShow{"path":"pages/a/index","query":{"from":"test"},"scene":1001,"referrerInfo":{}}',
    'probe.created()', 'probe.attached(pa)',
    'A.onLoad{"from":"test"}', 'A.onShow', 'probe.pageShow(pa)',
    'probe.ready(pa)', 'A.onReady',
  ]);
  globalThis.__order = [];
  click(container.querySelector('#go'));
  await tick(rt);
  assert.deepEqual(globalThis.__order, [
    'A.onHide', 'probe.pageHide(pa)',
    'probe.created()', 'probe.attached(pb)',
    'B.onLoad{"x":"1","y":"two"}', 'B.onShow', 'probe.pageShow(pb)', 'probe.ready(pb)', 'B.onReady',
  ]);
  globalThis.__order = [];
  await rt.wx.navigateBack();
  await tick(rt);
  assert.deepEqual(globalThis.__order, ['B.onUnload', 'probe.detached(pb)', 'A.onShow', 'probe.pageShow(pa)']);
  globalThis.__order = [];
  rt.hide();
  rt.show();
  assert.deepEqual(globalThis.__order, [
    'A.onHide', 'probe.pageHide(pa)', 'App.onHide',
    'App.onShow{"path":"pages/a/index","query":{"from":"test"},"scene":1001,"referrerInfo":{}}', 'A.onShow', 'probe.pageShow(pa)',
  ]);
  delete globalThis.__order;
});

test('getApp() and getCurrentPages() from page code; a page instance has route and options', async () => {
  globalThis.__order = [];
  const f = files();
  f['pages/a/index.js'] = `Page({ data: { d: 1 }, onLoad(q) { this.seen = { app: getApp().tag, pages: getCurrentPages().length, route: this.route, options: this.options }; } })`;
  f['app.js'] = `App({ tag: 'the-app', onLaunch() { this.launched = true; } })`;
  const { rt } = await boot(f, { launch: { path: 'pages/a/index?k=v' } });
  const p = rt.getCurrentPages()[0];
  assert.deepEqual(p.seen, { app: 'the-app', pages: 1, route: 'pages/a/index', options: { k: 'v' } });
  assert.equal(rt.getApp().launched, true);
});

test('data of a Page definition is copied per instance', async () => {
  globalThis.__order = [];
  const f = files();
  f['pages/b/index.js'] = `Page({ data: { list: [] }, onLoad() { this.data.list.push(1); this.setData({ list: this.data.list }); } })`;
  const { rt } = await boot(f);
  await rt.wx.navigateTo({ url: '/pages/b/index' });
  await rt.wx.navigateBack();
  await rt.wx.navigateTo({ url: '/pages/b/index' });
  assert.deepEqual(rt.getCurrentPages()[1].data.list, [1]);
});

test('errors in hooks and handlers go to App.onError and do not stop the runtime', async () => {
  globalThis.__order = [];
  const f = files();
  f['app.js'] = `App({ errors: [], onError(m) { this.errors.push(m.split('\\n')[0]); } })`;
  f['pages/a/index.js'] = `Page({ onLoad() { throw new Error('boom in onLoad'); }, go() { throw new Error('boom in tap'); } })`;
  const { rt, container } = await boot(f);
  click(container.querySelector('#go'));
  assert.deepEqual(rt.getApp().errors, ['Error: boom in onLoad', 'Error: boom in tap']);
  assert.equal(container.querySelector('wx-probe').textContent, 'pa');
  delete globalThis.__order;
});

test('a page that calls Component() or nothing is reported', async () => {
  globalThis.__order = [];
  const f = files();
  f['pages/b/index.js'] = 'const x = 1;';
  const { rt } = await boot(f);
  await assert.rejects(rt.wx.navigateTo({ url: '/pages/b/index' }), (e) => /did not call Page\(\)/.test(e.errMsg));
  assert.equal(rt.getCurrentPages().length, 1);
});
