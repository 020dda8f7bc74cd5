import test from 'node:test';
import assert from 'node:assert/strict';
import { boot, onePage, topPage } from '../support/helpers.mjs';
import { createSelectorQueryApi, parseSelector, MAX_REQUESTS, MAX_SELECTOR_LENGTH } from '../src/wx/query.js';

// The wx API built straight from the module over a booted runtime (a host whose reports the
// tests can see); the last test goes through wx and this.createSelectorQuery as programs do.
function queryApi(rt, reported = []) {
  return createSelectorQueryApi({ doc: () => rt.doc, win: () => rt.win, top: () => rt.getCurrentPages().at(-1), report: (e) => reported.push(e) });
}

// Runs a query and resolves with exec's results.
const run = (q) => new Promise((resolve) => q.exec(resolve));

// Fixes an element's client rect (happy-dom lays nothing out).
function place(el, { left, top, width, height }) {
  el.getBoundingClientRect = () => ({ left, top, width, height, right: left + width, bottom: top + height, x: left, y: top });
}

function setScroll(el, { scrollTop = 0, scrollLeft = 0, scrollWidth = 0, scrollHeight = 0 }) {
  el.scrollTop = scrollTop;
  el.scrollLeft = scrollLeft;
  Object.defineProperty(el, 'scrollWidth', { value: scrollWidth, configurable: true });
  Object.defineProperty(el, 'scrollHeight', { value: scrollHeight, configurable: true });
}

const PAGE_WXML = `
<view id="outer" class="box" data-kind="outer">
  <view id="mid" class="box mid" data-user-name="wu">
    <text id="t1" class="leaf" data-n="{{1}}">a</text>
  </view>
  <text id="t2" class="leaf">b</text>
</view>
<scroll-view id="sv" scroll-y class="scroller"><view id="inner">x</view></scroll-view>
<swiper id="sw"><swiper-item id="si" class="item"/></swiper>
<view id="styled" style="width: 20px; background-color: red"/>
<view wx:if="{{late}}" id="late" class="leaf"/>`;

async function bootPage() {
  const r = await boot(onePage('Page({ data: { late: false } })', PAGE_WXML));
  const p = topPage(r.rt);
  const $ = (s) => r.container.querySelector(s);
  place(p.__wx.el, { left: 0, top: 44, width: 375, height: 600 });
  return { ...r, p, $, wx: queryApi(r.rt) };
}

const ids = (list) => list.map((x) => x.id);

test('parseSelector: the supported forms', () => {
  assert.deepEqual(parseSelector('#a'), [[{ tag: null, ids: ['a'], classes: [] }]]);
  assert.deepEqual(parseSelector('view.a.b-c'), [[{ tag: 'view', ids: [], classes: ['a', 'b-c'] }]]);
  assert.deepEqual(parseSelector('  .a > .b   .c >>> #d , scroll-view '), [
    [{ tag: null, ids: [], classes: ['a'] }, '>', { tag: null, ids: [], classes: ['b'] }, ' ', { tag: null, ids: [], classes: ['c'] }, '>>>', { tag: null, ids: ['d'], classes: [] }],
    [{ tag: 'scroll-view', ids: [], classes: [] }],
  ]);
  assert.deepEqual(parseSelector('.a>.b'), [[{ tag: null, ids: [], classes: ['a'] }, '>', { tag: null, ids: [], classes: ['b'] }]]);
  assert.deepEqual(parseSelector('.a>>>.b')[0][1], '>>>');
});

test('parseSelector refuses everything else, clearly', () => {
  const refused = {
    '*': /universal selector/,
    '[data-x]': /attribute selectors/,
    'view:first-child': /pseudo-classes/,
    '.a::before': /pseudo-classes/,
    '.a + .b': /sibling combinator \+/,
    '.a ~ .b': /sibling combinator ~/,
    '#a\\:b': /escapes/,
    '#a"],body': /quotes/,
    '.a >> .b': /">>"/,
    '.a > > .b': /two combinators/,
    '> .a': /nothing before it/,
    '.a >': /nothing after it/,
    '>>> .a': /nothing before it/,
    '.a, ': /empty selector/,
    '': /empty selector/,
    '#': /without a name/,
    '.': /without a name/,
    'a|b': /namespaces/,
    '.a:not(.b)': /pseudo-classes/,
    '.a{}': /character "\{"/,
  };
  for (const [sel, why] of Object.entries(refused)) {
    assert.throws(() => parseSelector(sel), (e) => e instanceof Error && /^SelectorQuery: /.test(e.message) && why.test(e.message), `selector ${JSON.stringify(sel)}`);
  }
  assert.throws(() => parseSelector(`.${'a'.repeat(MAX_SELECTOR_LENGTH)}`), /longer than 1024/);
  assert.throws(() => parseSelector(Array.from({ length: 33 }, (_, i) => `.a${i}`).join(',')), /more than 32 selectors in a union/);
  assert.throws(() => parseSelector(Array.from({ length: 33 }, (_, i) => `.a${i}`).join(' ')), /more than 32 compounds/);
  assert.throws(() => parseSelector(42), TypeError);
});

test('select/selectAll on the page: #id, .class, tag, compounds, unions, child and descendant; rects relative to the page', async () => {
  const { wx, $ } = await bootPage();
  place($('#mid'), { left: 10, top: 144, width: 100, height: 50 });
  place($('#t1'), { left: 12, top: 150, width: 30, height: 20 });
  const res = await run(wx.createSelectorQuery()
    .select('#mid').boundingClientRect()
    .selectAll('.leaf').boundingClientRect()
    .select('#nope').boundingClientRect()
    .selectAll('.nope').boundingClientRect()
    .selectAll('#outer > .leaf').boundingClientRect()
    .selectAll('#outer .leaf').boundingClientRect()
    .selectAll('.mid > text').boundingClientRect()
    .selectAll('swiper > swiper-item').boundingClientRect()
    .selectAll('#t2, #mid').boundingClientRect()
    .select('#t2, #mid').boundingClientRect()
    .select('view.box.mid').boundingClientRect()
    .selectAll('text.box').boundingClientRect()
    .selectAll('view').boundingClientRect()
    .selectAll('.box .box > text').boundingClientRect());
  assert.equal(res.length, 14);
  assert.deepEqual(res[0], { id: 'mid', dataset: { userName: 'wu' }, left: 10, right: 110, top: 100, bottom: 150, width: 100, height: 50 });
  assert.deepEqual(ids(res[1]), ['t1', 't2']);
  assert.deepEqual(res[1][0], { id: 't1', dataset: { n: 1 }, left: 12, right: 42, top: 106, bottom: 126, width: 30, height: 20 });
  assert.deepEqual(res[1][1], { id: 't2', dataset: {}, left: 0, right: 0, top: -44, bottom: -44, width: 0, height: 0 });
  assert.equal(res[2], null);
  assert.deepEqual(res[3], []);
  assert.deepEqual(ids(res[4]), ['t2']);
  assert.deepEqual(ids(res[5]), ['t1', 't2']);
  assert.deepEqual(ids(res[6]), ['t1']);
  // The swiper puts its items in a track element; the WXML parent is still the swiper.
  assert.notEqual($('#si').parentNode, $('#sw'));
  assert.deepEqual(ids(res[7]), ['si']);
  assert.deepEqual(ids(res[8]), ['mid', 't2'], 'document order, not selector order');
  assert.equal(res[9].id, 'mid');
  assert.equal(res[10].id, 'mid');
  assert.deepEqual(res[11], []);
  assert.deepEqual(ids(res[12]), ['outer', 'mid', 'inner', 'styled']);
  assert.deepEqual(ids(res[13]), ['t1']);
});

test('exec: asynchronous, per-request callbacks in order, then exec(cb) with the results', async () => {
  const { wx } = await bootPage();
  const order = [];
  let results;
  const q = wx.createSelectorQuery();
  const same = q.select('#mid').boundingClientRect((r) => order.push(['mid', r]));
  assert.equal(same, q, 'NodesRef methods return the SelectorQuery');
  q.selectAll('.leaf').fields({ id: true }, (r) => order.push(['leaf', r]));
  q.selectViewport().scrollOffset((r) => order.push(['vp', r]));
  q.select('#nope').boundingClientRect((r) => order.push(['nope', r]));
  const done = new Promise((resolve) => q.exec((r) => { order.push(['exec']); results = r; resolve(); }));
  assert.deepEqual(order, [], 'nothing runs before exec returns');
  await done;
  assert.deepEqual(order.map((o) => o[0]), ['mid', 'leaf', 'vp', 'nope', 'exec']);
  assert.equal(order[0][1], results[0]);
  assert.deepEqual(order[1][1], [{ id: 't1' }, { id: 't2' }]);
  assert.equal(order[3][1], null);
  assert.equal(results.length, 4);
  // exec with no callback still runs the per-request ones; a throwing callback does not stop the rest.
  const reported = [];
  const wx2 = queryApi((await bootPage()).rt, reported);
  const seen = [];
  await new Promise((resolve) => {
    wx2.createSelectorQuery()
      .select('#mid').fields({ id: true }, () => { throw new Error('boom'); })
      .select('#t1').fields({ id: true }, (r) => { seen.push(r.id); resolve(); })
      .exec();
  });
  assert.deepEqual(seen, ['t1']);
  assert.equal(reported[0].message, 'boom');
});

test('selectViewport: the page element as the display area; scrollOffset of the page and of a scroll-view', async () => {
  const { wx, p, $ } = await bootPage();
  setScroll(p.__wx.el, { scrollTop: 30, scrollWidth: 375, scrollHeight: 2000 });
  setScroll($('#sv'), { scrollTop: 12, scrollLeft: 3, scrollWidth: 300, scrollHeight: 900 });
  place($('#mid'), { left: 10, top: 144, width: 100, height: 50 });
  const res = await run(wx.createSelectorQuery()
    .selectViewport().boundingClientRect()
    .selectViewport().scrollOffset()
    .select('#sv').scrollOffset()
    .selectViewport().fields({ id: true, dataset: true, size: true, rect: true, scrollOffset: true })
    .select('#mid').fields({ rect: true }));
  assert.deepEqual(res[0], { id: '', dataset: {}, left: 0, right: 375, top: 0, bottom: 600, width: 375, height: 600 });
  assert.deepEqual(res[1], { id: '', dataset: {}, scrollLeft: 0, scrollTop: 30, scrollWidth: 375, scrollHeight: 2000 });
  assert.deepEqual(res[2], { id: 'sv', dataset: {}, scrollLeft: 3, scrollTop: 12, scrollWidth: 300, scrollHeight: 900 });
  assert.deepEqual(res[3], { ...res[0], scrollLeft: 0, scrollTop: 30, scrollWidth: 375, scrollHeight: 2000 });
  assert.deepEqual(res[4], { left: 10, right: 110, top: 100, bottom: 150 });
});

test('fields: only what is asked; properties, computedStyle, mark, context, node', async () => {
  const { wx, $ } = await bootPage();
  place($('#styled'), { left: 1, top: 50, width: 20, height: 8 });
  const res = await run(wx.createSelectorQuery()
    .select('#mid').fields({ id: true })
    .select('#mid').fields({ dataset: true })
    .select('#styled').fields({ size: true })
    .select('#styled').fields({ rect: true, size: true, computedStyle: ['width', 'backgroundColor', 'background-color', 'bad name'] })
    .select('#sv').fields({ properties: ['scrollY', 'scroll-y', 'scrollX', 'id', 'class', 'style'] })
    .select('#mid').fields({ mark: true, context: true, node: true })
    .select('#mid').fields({})
    .select('#mid').node()
    .select('#sv').node());
  assert.deepEqual(res[0], { id: 'mid' });
  assert.deepEqual(res[1], { dataset: { userName: 'wu' } });
  assert.deepEqual(res[2], { width: 20, height: 8 });
  assert.deepEqual(res[3], { left: 1, right: 21, top: 6, bottom: 14, width: '20px', height: 8, backgroundColor: 'red', 'background-color': 'red', 'bad name': '' });
  assert.deepEqual(res[4], { scrollY: true, 'scroll-y': true, scrollX: undefined, id: undefined, class: undefined, style: undefined });
  assert.deepEqual(res[5], { mark: {}, context: null, node: null });
  assert.deepEqual(res[6], {});
  assert.deepEqual(res[7], { node: null });
  const sv = $('#sv');
  const ctx = res[8].node;
  ctx.scrollTo({ top: 40 });
  assert.equal(sv.scrollTop, 40);
  ctx.scrollTo({ left: 7, top: 5 });
  assert.deepEqual([sv.scrollLeft, sv.scrollTop], [7, 5]);
  assert.throws(() => ctx.scrollIntoView('.x'), /only "#id"/);
  // the dataset handed out is a copy: changing it does not touch the element's.
  res[1].dataset.userName = 'changed';
  const again = await run(wx.createSelectorQuery().select('#mid').fields({ dataset: true }));
  assert.equal(again[0].dataset.userName, 'wu');
  assert.throws(() => wx.createSelectorQuery().select('#mid').fields({ properties: 'scrollY' }), /must be an array/);
});

test('answers are read at exec time: a setData before exec shows; a query keeps its requests', async () => {
  const { wx, p } = await bootPage();
  const q = wx.createSelectorQuery().selectAll('.leaf').fields({ id: true }).select('#late').fields({ id: true });
  assert.deepEqual(await run(q), [[{ id: 't1' }, { id: 't2' }], null]);
  p.setData({ late: true });
  assert.deepEqual(await run(q), [[{ id: 't1' }, { id: 't2' }, { id: 'late' }], { id: 'late' }]);
});

test('at most 256 requests per query', async () => {
  const { wx } = await bootPage();
  const q = wx.createSelectorQuery();
  for (let i = 0; i < MAX_REQUESTS; i++) q.select('#mid').fields({ id: true });
  assert.throws(() => q.select('#mid').boundingClientRect(), /SelectorQuery: more than 256 requests in one query/);
  const res = await run(q);
  assert.equal(res.length, MAX_REQUESTS);
  assert.deepEqual(res[255], { id: 'mid' });
  assert.throws(() => wx.createSelectorQuery().select('.a + .b'), /sibling combinator/);
});

// ---- components --------------------------------------------------------------------------

const COMPONENT_FILES = {
  'app.json': { usingComponents: { card: '/components/card/index', frame: '/components/frame/index' } },
  'components/card/index.json': '{"component": true}',
  'components/card/index.js': `Component({ properties: { title: String, count: { type: Number, value: 3 } }, data: { own: 1 } })`,
  'components/card/index.wxml': '<view class="title" id="ct">{{title}}</view><view class="body"><slot/></view>',
  'components/frame/index.json': '{"component": true}',
  'components/frame/index.js': 'Component({})',
  'components/frame/index.wxml': '<view class="frame-box"><card id="inner-card" class="ic" title="inner"><slot/></card></view>',
};
const COMPONENT_PAGE = `
<view class="title" id="pt">Page</view>
<card wx:if="{{withCard}}" id="c1" class="cardhost" title="T" data-k="v"><view class="title slotted" id="st">S</view></card>
<frame id="f"><view id="fx" class="fwd"/></frame>`;

async function bootComponents() {
  const r = await boot(onePage('Page({ data: { withCard: true } })', COMPONENT_PAGE, COMPONENT_FILES));
  const p = topPage(r.rt);
  return { ...r, p, wx: queryApi(r.rt), card: p.selectComponent('#c1'), frame: p.selectComponent('#f') };
}

test('a page query sees the page\'s nodes, component hosts and slot content, not inside components; >>> crosses', async () => {
  const { wx, container } = await bootComponents();
  // The slot content is rendered inside the card's element in the DOM.
  assert.ok(container.querySelector('#c1 .body #st'));
  const res = await run(wx.createSelectorQuery()
    .selectAll('.title').fields({ id: true })
    .select('#c1').fields({ id: true, dataset: true, properties: ['title', 'count', 'own'] })
    .selectAll('.cardhost > .slotted').fields({ id: true })
    .selectAll('.cardhost .body').fields({ id: true })
    .selectAll('.cardhost >>> .title').fields({ id: true })
    .selectAll('#f > .fwd').fields({ id: true })
    .selectAll('#f >>> .title').fields({ id: true })
    .selectAll('#f >>> .frame-box > .ic').fields({ id: true })
    .selectAll('#f >>> .frame-box .fwd').fields({ id: true })
    .selectAll('card').fields({ id: true })
    .selectAll('frame >>> card').fields({ id: true })
    .selectAll('.cardhost > .title').fields({ id: true })
    .selectAll('.cardhost > .body').fields({ id: true }));
  assert.deepEqual(ids(res[0]), ['pt', 'st']);
  assert.deepEqual(res[1], { id: 'c1', dataset: { k: 'v' }, title: 'T', count: 3, own: 1 });
  assert.deepEqual(ids(res[2]), ['st']);
  assert.deepEqual(res[3], []);
  assert.deepEqual(ids(res[4]), ['ct', 'st']);
  assert.deepEqual(ids(res[5]), ['fx'], 'slot content handed to frame and on to its card is still the page\'s child of #f');
  assert.deepEqual(ids(res[6]), ['ct']);
  assert.equal(res[6].length, 1);
  assert.deepEqual(ids(res[7]), ['inner-card']);
  assert.deepEqual(res[8], [], 'the forwarded slot content is not a node of frame\'s tree');
  assert.deepEqual(ids(res[9]), ['c1']);
  assert.deepEqual(ids(res[10]), ['inner-card']);
  assert.deepEqual(ids(res[11]), ['st'], '> does not reach a component\'s top-level nodes from its host');
  assert.deepEqual(res[12], []);
});

test('.in(component): that component\'s own nodes only; viewport stays the page\'s', async () => {
  const { wx, card, frame, p } = await bootComponents();
  place(p.__wx.el, { left: 0, top: 44, width: 375, height: 600 });
  const innerCard = frame.selectComponent('#inner-card');
  assert.ok(card && frame && innerCard);
  const res = await run(wx.createSelectorQuery().in(card)
    .selectAll('.title').fields({ id: true })
    .select('#c1').fields({ id: true })
    .select('.body > .slotted').fields({ id: true })
    .select('.body').fields({ id: true, dataset: true })
    .selectViewport().boundingClientRect());
  assert.deepEqual(ids(res[0]), ['ct']);
  assert.equal(res[1], null, 'the host is not in the component\'s own tree');
  assert.equal(res[2], null, 'slot content belongs to the page');
  assert.deepEqual(res[3], { id: '', dataset: {} });
  assert.deepEqual(res[4], { id: '', dataset: {}, left: 0, top: 0, right: 375, bottom: 600, width: 375, height: 600 });
  const f = await run(wx.createSelectorQuery().in(frame)
    .selectAll('.fwd').fields({ id: true })
    .select('#inner-card').fields({ id: true, properties: ['title'] })
    .select('.ic > .fwd').fields({ id: true })
    .selectAll('.title').fields({ id: true })
    .selectAll('.ic >>> .title').fields({ id: true }));
  assert.deepEqual(f, [[], { id: 'inner-card', title: 'inner' }, null, [], [{ id: 'ct' }]]);
  const i = await run(wx.createSelectorQuery().in(innerCard).selectAll('.title').fields({ id: true }).selectAll('.fwd').fields({ id: true }));
  assert.deepEqual(i, [[{ id: 'ct' }], []]);
  // .in(page) is the page's scope again.
  const back = await run(wx.createSelectorQuery().in(card).in(p).selectAll('.title').fields({ id: true }));
  assert.deepEqual(ids(back[0]), ['pt', 'st']);
  assert.throws(() => wx.createSelectorQuery().in({}), TypeError);
  assert.throws(() => wx.createSelectorQuery().in(null), /expects a component/);
});

test('a component that is gone answers null / []', async () => {
  const { wx, card, p, rt } = await bootComponents();
  p.setData({ withCard: false });
  await rt.settle();
  const res = await run(wx.createSelectorQuery().in(card).select('.title').fields({ id: true }).selectAll('.title').fields({ id: true }));
  assert.deepEqual(res, [null, []]);
  const page = await run(wx.createSelectorQuery().selectAll('.title').fields({ id: true }));
  assert.deepEqual(ids(page[0]), ['pt']);
});

test('wx.createSelectorQuery and this.createSelectorQuery() in a page and a component, as programs call them', async () => {
  const files = onePage(
    "Page({ measure() { return new Promise((r) => this.createSelectorQuery().select('#box').boundingClientRect().exec(r)); } })",
    '<view id="box">x</view><card id="c"/>',
    {
      'pages/index/index.json': JSON.stringify({ usingComponents: { card: '/components/card/index' } }),
      'components/card/index.js': "Component({ methods: { measure() { return new Promise((r) => this.createSelectorQuery().selectAll('.in').fields({ id: true }).exec(r)); } } })",
      'components/card/index.wxml': '<view id="a" class="in"/><view id="b" class="in"/>',
      'components/card/index.json': '{"component": true}',
    },
  );
  const { rt, container } = await boot(files);
  const p = topPage(rt);
  place(p.__wx.el, { left: 0, top: 44, width: 375, height: 600 });
  place(container.querySelector('#box'), { left: 10, top: 54, width: 100, height: 20 });
  const [rect] = await p.measure();
  assert.deepEqual([rect.id, rect.left, rect.top, rect.width, rect.height], ['box', 10, 10, 100, 20]);
  const [inCard] = await p.selectComponent('#c').measure();
  assert.deepEqual(inCard.map((n) => n.id), ['a', 'b'], 'the component\'s own nodes');
  const [fromPage] = await run(rt.wx.createSelectorQuery().selectAll('.in').fields({ id: true }));
  assert.deepEqual(fromPage, [], 'a page query does not see inside components');
});
