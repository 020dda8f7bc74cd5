// Page scroll events: onPageScroll, onReachBottom (with its distance), pull-down refresh by a
// pull at the top (when enabled) or wx.startPullDownRefresh, ended by wx.stopPullDownRefresh.
import test from 'node:test';
import assert from 'node:assert/strict';
import { boot, onePage, page, tick, topPage } from '../support/helpers.mjs';

const PAGE_JS = `Page({
  data: { scrolls: [], bottoms: 0, refreshes: 0 },
  onPageScroll(e) { this.data.scrolls.push(e.scrollTop); },
  onReachBottom() { this.setData({ bottoms: this.data.bottoms + 1 }); },
  onPullDownRefresh() { this.setData({ refreshes: this.data.refreshes + 1 }); },
})`;

function scrollTo(el, top, { height = 600, content = 2000 } = {}) {
  Object.defineProperty(el, 'clientHeight', { value: height, configurable: true });
  Object.defineProperty(el, 'scrollHeight', { value: content, configurable: true });
  el.scrollTop = top;
  el.dispatchEvent(new (el.ownerDocument.defaultView.Event)('scroll'));
}

function pointer(el, type, clientY) {
  const win = el.ownerDocument.defaultView;
  el.dispatchEvent(new win.PointerEvent(type, { bubbles: true, clientY, pointerId: 1 }));
}

test('onPageScroll and onReachBottom, once per approach, with the page\'s distance', async () => {
  const { rt, container } = await boot(onePage(PAGE_JS, '<view>long</view>', { 'pages/index/index.json': '{"onReachBottomDistance": 100}' }));
  const el = page(container);
  const p = topPage(rt);
  scrollTo(el, 200);
  scrollTo(el, 1250); // 2000 - 1250 - 600 = 150 from the end: not yet
  assert.equal(p.data.bottoms, 0);
  scrollTo(el, 1320); // 80 from the end
  scrollTo(el, 1400); // still near: no second call
  assert.equal(p.data.bottoms, 1);
  scrollTo(el, 500);
  scrollTo(el, 1400); // away and back: again
  assert.equal(p.data.bottoms, 2);
  assert.deepEqual(p.data.scrolls, [200, 1250, 1320, 1400, 500, 1400]);

  const plain = await boot(onePage(PAGE_JS, '<view/>'));
  scrollTo(page(plain.container), 1360); // 40 px from the end: within the default 50
  assert.equal(topPage(plain.rt).data.bottoms, 1);
});

test('pull-down refresh: a pull at the top when enabled, or wx.startPullDownRefresh; stopPullDownRefresh ends it', async () => {
  const { rt, container } = await boot(onePage(PAGE_JS, '<view/>', { 'pages/index/index.json': '{"enablePullDownRefresh": true}' }));
  const el = page(container);
  const p = topPage(rt);
  const indicator = () => container.querySelector('.wx-overlays .wx-pull-refresh');
  pointer(el, 'pointerdown', 100);
  pointer(el, 'pointerup', 130); // 30 px: not a pull
  assert.equal(p.data.refreshes, 0);
  pointer(el, 'pointerdown', 100);
  pointer(el, 'pointerup', 190);
  assert.equal(p.data.refreshes, 1);
  assert.ok(indicator());
  await rt.wx.stopPullDownRefresh();
  assert.equal(indicator(), null);
  scrollTo(el, 300);
  pointer(el, 'pointerdown', 100);
  pointer(el, 'pointerup', 300);
  assert.equal(p.data.refreshes, 1, 'only from the top of the page');
  await rt.wx.startPullDownRefresh();
  assert.equal(p.data.refreshes, 2);
  assert.ok(indicator());
  await rt.wx.stopPullDownRefresh();

  const off = await boot(onePage(PAGE_JS, '<view/>'));
  pointer(page(off.container), 'pointerdown', 100);
  pointer(page(off.container), 'pointerup', 300);
  assert.equal(topPage(off.rt).data.refreshes, 0, 'a pull does nothing unless enablePullDownRefresh');
  await tick(off.rt);
});

test('the gallery fixture loads a page of tiles, the next on reaching the bottom, up to its end', async () => {
  const { fixture } = await import('../support/helpers.mjs');
  const errors = [];
  const { rt, container } = await boot(fixture('gallery'), { onError: (e) => errors.push(e) });
  const el = page(container);
  assert.equal(el.querySelectorAll('.tile').length, 12);
  assert.match(el.querySelector('.bar').textContent, /· 12 loaded · 0 shown$/);
  for (const expected of [24, 36, 36]) {
    scrollTo(el, 1950, { height: 600, content: 2000 });
    await tick(rt);
    scrollTo(el, 0);
    assert.equal(el.querySelectorAll('.tile').length, expected);
  }
  assert.equal(el.querySelector('.end').textContent, "That's all");
  assert.deepEqual(errors, []);
});
