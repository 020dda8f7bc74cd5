import test from 'node:test';
import assert from 'node:assert/strict';
import { boot, onePage, topPage } from '../support/helpers.mjs';
import { createIntersectionObserverApi, MAX_OBSERVED } from '../src/wx/observer.js';

// happy-dom lays nothing out and its IntersectionObserver never reports: the tests install a
// fake native IntersectionObserver that records what it is given and lets the test report
// entries, computed from rects the test fixes, as a browser would.
function installFakeIO(win) {
  const made = [];
  class FakeIntersectionObserver {
    constructor(callback, options) {
      this.callback = callback;
      this.options = options;
      this.targets = [];
      this.disconnected = false;
      made.push(this);
    }
    observe(el) { this.targets.push(el); }
    unobserve(el) { this.targets = this.targets.filter((t) => t !== el); }
    disconnect() { this.targets = []; this.disconnected = true; }
    takeRecords() { return []; }
    // Reports raw entries as the browser would (entries for unobserved nodes included, as a
    // queued report after disconnect could be).
    report(entries) { this.callback(entries, this); }
  }
  Object.defineProperty(win, 'IntersectionObserver', { value: FakeIntersectionObserver, configurable: true, writable: true });
  return made;
}

const rect = ({ left, top, width, height }) => ({ left, top, width, height, right: left + width, bottom: top + height, x: left, y: top });

// A browser's entry for `el` at `box` (client coordinates) against the root area `root`.
function entryFor(el, box, root, time = 12.5) {
  const b = rect(box);
  const left = Math.max(b.left, root.left), top = Math.max(b.top, root.top);
  const right = Math.min(b.right, root.right), bottom = Math.min(b.bottom, root.bottom);
  const isIntersecting = right >= left && bottom >= top;
  const inter = isIntersecting ? rect({ left, top, width: right - left, height: bottom - top }) : rect({ left: 0, top: 0, width: 0, height: 0 });
  const area = b.width * b.height;
  return {
    target: el,
    time,
    isIntersecting,
    intersectionRatio: isIntersecting && area ? (inter.width * inter.height) / area : 0,
    intersectionRect: inter,
    boundingClientRect: b,
    rootBounds: root,
  };
}

function place(el, box) {
  el.getBoundingClientRect = () => rect(box);
}

function api(rt, reported = []) {
  return createIntersectionObserverApi({ doc: () => rt.doc, win: () => rt.win, top: () => rt.getCurrentPages().at(-1), report: (e) => reported.push(e) });
}

// Replaces console.warn for the duration of fn; returns the warnings.
async function warnings(fn) {
  const seen = [];
  const orig = console.warn;
  console.warn = (...a) => seen.push(a.join(' '));
  try { await fn(); } finally { console.warn = orig; }
  return seen;
}

const PAGE_WXML = `
<view id="head" class="head">head</view>
<scroll-view id="sc" class="scroller" scroll-y>
  <view wx:for="{{items}}" wx:key="*this" id="i{{item}}" class="item" data-n="{{item}}" data-user-name="u{{item}}">{{item}}</view>
</scroll-view>`;

const PAGE_BOX = { left: 0, top: 44, width: 375, height: 600 };

async function bootPage(items = [1, 2, 3]) {
  const r = await boot(onePage(`Page({ data: { items: ${JSON.stringify(items)} } })`, PAGE_WXML));
  const p = topPage(r.rt);
  place(p.__wx.el, PAGE_BOX);
  const made = installFakeIO(r.win);
  const reported = [];
  return { ...r, p, made, reported, wx: api(r.rt, reported), $: (s) => r.container.querySelector(s) };
}

const PAGE_ROOT = rect(PAGE_BOX);

test('relativeToViewport: the page element as root, WeChat results relative to the page', async () => {
  const { wx, p, made, $ } = await bootPage();
  const got = [];
  const io = wx.createIntersectionObserver(p);
  assert.equal(io.relativeToViewport(), io, 'relativeToViewport returns the observer');
  assert.equal(io.observe('.item', (res) => got.push(res)), undefined);
  assert.equal(made.length, 1);
  const native = made[0];
  assert.equal(native.options.root, p.__wx.el);
  assert.equal(native.options.rootMargin, '0px 0px 0px 0px');
  assert.deepEqual(native.options.threshold, [0]);
  assert.deepEqual(native.targets, [$('#i1')], 'without observeAll: the first match only');

  // The first report: not intersecting, as initialRatio 0 says: no callback (WeChat's rule).
  native.report([entryFor($('#i1'), { left: 10, top: 700, width: 100, height: 100 }, PAGE_ROOT)]);
  assert.equal(got.length, 0);
  // It scrolls into the bottom of the page: 44 of 100 px visible.
  native.report([entryFor($('#i1'), { left: 10, top: 600, width: 100, height: 100 }, PAGE_ROOT)]);
  assert.equal(got.length, 1);
  const r = got[0];
  assert.deepEqual(Object.keys(r).sort(), ['boundingClientRect', 'dataset', 'id', 'intersectionRatio', 'intersectionRect', 'relativeRect', 'time']);
  assert.equal(r.id, 'i1');
  assert.deepEqual(r.dataset, { n: 1, userName: 'u1' });
  assert.equal(r.intersectionRatio, 0.44);
  assert.deepEqual(r.boundingClientRect, { left: 10, top: 556, right: 110, bottom: 656, width: 100, height: 100 });
  assert.deepEqual(r.intersectionRect, { left: 10, top: 556, right: 110, bottom: 600, width: 100, height: 44 });
  assert.deepEqual(r.relativeRect, { left: 0, top: 0, right: 375, bottom: 600 });
  assert.equal(typeof r.time, 'number');
  assert.ok(r.time > 1e12, 'an epoch timestamp in ms');
  // More of it, still past the only threshold (0): nothing new.
  native.report([entryFor($('#i1'), { left: 10, top: 500, width: 100, height: 100 }, PAGE_ROOT)]);
  assert.equal(got.length, 1);
  // Out again: ratio 0 and an empty intersection rect.
  native.report([entryFor($('#i1'), { left: 10, top: -80, width: 100, height: 100 }, PAGE_ROOT)]);
  assert.equal(got.length, 2);
  assert.equal(got[1].intersectionRatio, 0);
  assert.deepEqual(got[1].intersectionRect, { left: 0, top: 0, right: 0, bottom: 0, width: 0, height: 0 });
  assert.deepEqual(got[1].boundingClientRect, { left: 10, top: -124, right: 110, bottom: -24, width: 100, height: 100 });
  // The dataset handed out is a copy.
  got[0].dataset.n = 99;
  native.report([entryFor($('#i1'), { left: 10, top: 100, width: 100, height: 100 }, PAGE_ROOT)]);
  assert.equal(got[2].dataset.n, 1);
  // An entry for a node this observer does not observe is ignored.
  native.report([entryFor($('#i2'), { left: 10, top: 100, width: 100, height: 100 }, PAGE_ROOT)]);
  assert.equal(got.length, 3);
});

test('margins become rootMargin; thresholds (sorted, deduplicated) and initialRatio decide the callbacks', async () => {
  const { wx, p, made, $ } = await bootPage();
  const got = [];
  wx.createIntersectionObserver(p, { thresholds: [1, 0.5, 0.5, 0], initialRatio: 1 })
    .relativeToViewport({ bottom: 100, top: -10 })
    .observe('#i2', (res) => got.push(res));
  const native = made[0];
  assert.equal(native.options.rootMargin, '-10px 0px 100px 0px');
  assert.deepEqual(native.options.threshold, [0, 0.5, 1]);
  assert.deepEqual(native.targets, [$('#i2')]);
  // The root area as the browser computes it with the margins.
  const root = rect({ left: 0, top: 54, width: 375, height: 690 });
  const at = (top) => entryFor($('#i2'), { left: 0, top, width: 100, height: 100 }, root);
  native.report([at(100)]); // fully in: ratio 1 = initialRatio, nothing to say
  assert.equal(got.length, 0);
  native.report([at(674)]); // 70 px of 100 in the grown area: below 1
  assert.equal(got.length, 1);
  assert.equal(got[0].intersectionRatio, 0.7);
  assert.deepEqual(got[0].relativeRect, { left: 0, top: 10, right: 375, bottom: 700 }, 'the reference area with its margins, relative to the page');
  native.report([at(684)]); // 0.6: still between 0.5 and 1
  assert.equal(got.length, 1);
  native.report([at(704)]); // 0.4: below 0.5
  assert.equal(got.length, 2);
  native.report([at(900)]); // out: below 0
  assert.equal(got.length, 3);
  native.report([at(100)]); // back in at once: crosses all three
  assert.equal(got.length, 4);
  assert.equal(got[3].intersectionRatio, 1);

  // A first report that differs from initialRatio calls back at once.
  const first = [];
  wx.createIntersectionObserver(p, { initialRatio: 0 }).relativeToViewport().observe('#i3', (res) => first.push(res));
  made[1].report([entryFor($('#i3'), { left: 0, top: 100, width: 100, height: 100 }, PAGE_ROOT)]);
  assert.deepEqual(first.map((r) => [r.id, r.intersectionRatio]), [['i3', 1]]);
});

test('observeAll: every match; disconnect stops everything, even reports already queued', async () => {
  const { wx, p, made, $ } = await bootPage([1, 2, 3]);
  const got = [];
  const io = wx.createIntersectionObserver(p, { observeAll: true }).relativeToViewport();
  io.observe('.item', (res) => got.push(res.id));
  io.observe('#head', (res) => got.push(res.id));
  assert.equal(made.length, 2);
  assert.deepEqual(made[0].targets, [$('#i1'), $('#i2'), $('#i3')]);
  assert.deepEqual(made[1].targets, [$('#head')]);
  const inView = (el) => entryFor(el, { left: 0, top: 100, width: 50, height: 50 }, PAGE_ROOT);
  made[0].report([inView($('#i3')), inView($('#i1'))]);
  made[1].report([inView($('#head'))]);
  assert.deepEqual(got, ['i3', 'i1', 'head']);
  io.disconnect();
  assert.ok(made.every((n) => n.disconnected && n.targets.length === 0), 'every native observer disconnected');
  made[0].report([inView($('#i2'))]);
  made[1].report([entryFor($('#head'), { left: 0, top: 2000, width: 50, height: 50 }, PAGE_ROOT)]);
  assert.deepEqual(got, ['i3', 'i1', 'head'], 'no callback after disconnect');
  // The observer can observe again afterwards.
  io.observe('#i2', (res) => got.push(`again ${res.id}`));
  made[2].report([inView($('#i2'))]);
  assert.deepEqual(got.at(-1), 'again i2');
  // A callback that disconnects stops the rest of its batch.
  const io2 = wx.createIntersectionObserver(p, { observeAll: true }).relativeToViewport();
  const seen = [];
  io2.observe('.item', (res) => { seen.push(res.id); io2.disconnect(); });
  made[3].report([inView($('#i1')), inView($('#i2'))]);
  assert.deepEqual(seen, ['i1']);
});

test('a selector that matches nothing warns once and observes nothing', async () => {
  const { wx, p, made } = await bootPage();
  const io = wx.createIntersectionObserver(p).relativeToViewport();
  const seen = await warnings(() => {
    io.observe('.nope', () => assert.fail('never'));
    io.observe('.nope', () => assert.fail('never'));
  });
  assert.equal(seen.length, 1);
  assert.match(seen[0], /node "\.nope" is not found/);
  assert.equal(made.length, 0);
  // relativeTo a node that is not there: the same.
  const seen2 = await warnings(() => {
    wx.createIntersectionObserver(p).relativeTo('.gone').observe('.item', () => {});
  });
  assert.equal(seen2.length, 1);
  assert.match(seen2[0], /relativeTo: node "\.gone" is not found/);
  assert.equal(made.length, 0);
});

test('relativeTo: the matched node is the root; margins as rootMargin; rects still relative to the page', async () => {
  const { wx, p, made, $ } = await bootPage();
  place($('#sc'), { left: 0, top: 144, width: 375, height: 200 });
  const got = [];
  const seen = await warnings(() => {
    wx.createIntersectionObserver(p, { thresholds: [0.5] }).relativeTo('.scroller', { left: 5, right: 6, top: 7, bottom: 8 }).observe('#i1', (res) => got.push(res));
  });
  assert.deepEqual(seen, [], 'the scroll-view contains the node: no warning');
  const native = made[0];
  assert.equal(native.options.root, $('#sc'));
  assert.equal(native.options.rootMargin, '7px 6px 8px 5px');
  assert.deepEqual(native.options.threshold, [0.5]);
  assert.deepEqual(native.targets, [$('#i1')]);
  const root = rect({ left: -5, top: 137, width: 386, height: 215 });
  native.report([entryFor($('#i1'), { left: 0, top: 300, width: 100, height: 100 }, root)]);
  assert.equal(got.length, 1);
  assert.equal(got[0].intersectionRatio, 0.52);
  assert.deepEqual(got[0].relativeRect, { left: -5, top: 93, right: 381, bottom: 308 });
  assert.deepEqual(got[0].intersectionRect, { left: 0, top: 256, right: 100, bottom: 308, width: 100, height: 52 });
  // Without rootBounds (a cross-origin root), the reference area is computed from the root's rect.
  native.report([{ ...entryFor($('#i1'), { left: 0, top: 500, width: 100, height: 100 }, root), rootBounds: null }]);
  assert.deepEqual(got[1].relativeRect, { left: -5, top: 93, right: 381, bottom: 308 });
  // A reference node that does not contain the target: the browser cannot say; warned.
  const seen2 = await warnings(() => {
    wx.createIntersectionObserver(p).relativeTo('#head').observe('#i2', () => {});
  });
  assert.equal(seen2.length, 1);
  assert.match(seen2[0], /"#head" does not contain "#i2"/);
  assert.equal(made[1].options.root, $('#head'));
});

const COMPONENT_FILES = {
  'app.json': { usingComponents: { card: '/components/card/index' } },
  'components/card/index.json': '{"component": true}',
  'components/card/index.js': 'Component({})',
  'components/card/index.wxml': '<view class="box" id="cbox"><view class="item" id="c1"/><view class="item" id="c2"/><slot/></view>',
};
const COMPONENT_PAGE = `
<view class="box" id="pbox"><view class="item" id="p1"/></view>
<card wx:if="{{withCard}}" id="card"><view class="item" id="s1"/></card>`;

test('the first argument scopes the selectors: a component sees its own nodes, a page its own and the slot content', async () => {
  const r = await boot(onePage('Page({ data: { withCard: true } })', COMPONENT_PAGE, COMPONENT_FILES));
  const p = topPage(r.rt);
  place(p.__wx.el, PAGE_BOX);
  const made = installFakeIO(r.win);
  const wx = api(r.rt);
  const card = p.selectComponent('#card');
  const $ = (s) => r.container.querySelector(s);
  const got = [];
  wx.createIntersectionObserver(card, { observeAll: true }).relativeToViewport().observe('.item', (res) => got.push(res.id));
  assert.deepEqual(made[0].targets.map((el) => el.id), ['c1', 'c2']);
  assert.equal(made[0].options.root, p.__wx.el, 'the viewport of a component is its page\'s');
  wx.createIntersectionObserver(p, { observeAll: true }).relativeToViewport().observe('.item', () => {});
  assert.deepEqual(made[1].targets.map((el) => el.id), ['p1', 's1']);
  wx.createIntersectionObserver(null, { observeAll: true }).relativeToViewport().observe('.item', () => {});
  assert.deepEqual(made[2].targets.map((el) => el.id), ['p1', 's1'], 'null: the current page');
  wx.createIntersectionObserver(p, { observeAll: true }).relativeToViewport().observe('#card >>> .item', () => {});
  assert.deepEqual(made[3].targets.map((el) => el.id), ['c1', 'c2', 's1'], '>>> crosses into the card; the slot content is a descendant of its host');
  // relativeTo is scoped too: the component's .box, not the page's.
  wx.createIntersectionObserver(card).relativeTo('.box').observe('.item', () => {});
  assert.equal(made[4].options.root, $('#cbox'));
  assert.deepEqual(made[4].targets, [$('#c1')]);

  // The component goes away: its observer stops at the next report, without a callback.
  p.setData({ withCard: false });
  await r.rt.settle();
  made[0].report([entryFor($('#p1'), { left: 0, top: 100, width: 10, height: 10 }, PAGE_ROOT)]);
  assert.deepEqual(got, []);
  assert.ok(made[0].disconnected);
  // Observing with a component that is gone does nothing.
  wx.createIntersectionObserver(card).relativeToViewport().observe('.item', () => {});
  assert.equal(made.length, 5);
});

test('callback errors are reported and do not stop the other entries', async () => {
  const { wx, p, made, $, reported } = await bootPage();
  const got = [];
  wx.createIntersectionObserver(p, { observeAll: true }).relativeToViewport().observe('.item', (res) => {
    if (res.id === 'i1') throw new Error('boom');
    got.push(res.id);
  });
  const inView = (el) => entryFor(el, { left: 0, top: 100, width: 50, height: 50 }, PAGE_ROOT);
  made[0].report([inView($('#i1')), inView($('#i2'))]);
  assert.deepEqual(got, ['i2']);
  assert.equal(reported.length, 1);
  assert.equal(reported[0].message, 'boom');
});

test('without a native IntersectionObserver, observe fails clearly', async () => {
  const { wx, p, win } = await bootPage();
  Object.defineProperty(win, 'IntersectionObserver', { value: undefined, configurable: true, writable: true });
  const io = wx.createIntersectionObserver(p).relativeToViewport();
  assert.throws(() => io.observe('.item', () => {}), (e) => e instanceof Error && /this browser has no IntersectionObserver/.test(e.message));
});

test(`at most ${MAX_OBSERVED} nodes per observer`, async () => {
  const items = Array.from({ length: 600 }, (_, i) => i);
  const { wx, p, made } = await bootPage(items);
  const io = wx.createIntersectionObserver(p, { observeAll: true }).relativeToViewport();
  io.observe('.item', () => {});
  assert.equal(made[0].targets.length, 600);
  assert.throws(() => io.observe('.item', () => {}), /more than 1000 nodes observed by one observer/);
  assert.equal(made.length, 1, 'nothing observed by the refused call');
  io.disconnect();
  io.observe('.item', () => {});
  assert.equal(made[1].targets.length, 600, 'disconnect frees the count');
  const { wx: wx2, p: p2 } = await bootPage(Array.from({ length: MAX_OBSERVED + 1 }, (_, i) => i));
  assert.throws(() => wx2.createIntersectionObserver(p2, { observeAll: true }).relativeToViewport().observe('.item', () => {}), /more than 1000 nodes/);
});

test('arguments are checked', async () => {
  const { wx, p } = await bootPage();
  assert.throws(() => wx.createIntersectionObserver({}), TypeError);
  assert.throws(() => wx.createIntersectionObserver({ thresholds: [0.5] }), /first argument must be a page or component/);
  assert.throws(() => wx.createIntersectionObserver(p, { thresholds: [1.5] }), RangeError);
  assert.throws(() => wx.createIntersectionObserver(p, { thresholds: 0.5 }), TypeError);
  assert.throws(() => wx.createIntersectionObserver(p, { thresholds: ['0.5'] }), RangeError);
  assert.throws(() => wx.createIntersectionObserver(p, { thresholds: Array(101).fill(0) }), /more than 100 thresholds/);
  assert.throws(() => wx.createIntersectionObserver(p, { initialRatio: -1 }), RangeError);
  assert.throws(() => wx.createIntersectionObserver(p).relativeToViewport({ top: 'x' }), /margins\.top must be a number/);
  assert.throws(() => wx.createIntersectionObserver(p).relativeToViewport().relativeTo('.a'), /only one reference area/);
  assert.throws(() => wx.createIntersectionObserver(p).relativeTo('[x]'), /^Error: IntersectionObserver\.relativeTo: attribute selectors/);
  assert.throws(() => wx.createIntersectionObserver(p).relativeToViewport().observe('.a + .b', () => {}), /IntersectionObserver\.observe: the sibling combinator/);
  assert.throws(() => wx.createIntersectionObserver(p).relativeToViewport().observe('.item'), /callback must be a function/);
  // Without relativeTo/relativeToViewport the display area is the reference.
  const made = installFakeIO(p.__wx.el.ownerDocument.defaultView);
  wx.createIntersectionObserver(p).observe('.item', () => {});
  assert.equal(made[0].options.root, p.__wx.el);
});
