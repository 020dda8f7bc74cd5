import test from 'node:test';
import assert from 'node:assert/strict';
import { boot, onePage, topPage, click, tick } from '../support/helpers.mjs';

// <picker mode="multiSelector">: columns, columnchange, range updated by the page while the
// sheet is open, confirm/cancel, the form value, range-key, clamping; region refused.

const sheet = (c) => c.querySelector('.wx-picker');
const columns = (c) => [...c.querySelectorAll('.wx-picker-column')];
const labels = (c) => columns(c).map((col) => [...col.querySelectorAll('.wx-picker-option')].map((o) => o.textContent));
const selected = (c) => columns(c).map((col) => {
  const opts = [...col.querySelectorAll('.wx-picker-option')];
  const on = opts.filter((o) => o.hasAttribute('selected'));
  assert.ok(on.length <= 1, 'at most one selected option per column');
  return on.length ? opts.indexOf(on[0]) : -1;
});
const option = (c, col, i) => columns(c)[col].querySelectorAll('.wx-picker-option')[i];

// Province/city: column 0 picks a province; bindcolumnchange replaces column 1's list.
const PROVINCES = `
const CITIES = [['Hangzhou', 'Ningbo', 'Wenzhou'], ['Guangzhou', 'Shenzhen']];
Page({
  data: { range: [['Zhejiang', 'Guangdong'], CITIES[0]], idx: [0, 2] },
  events: [],
  rec(e) { this.events.push([e.type, e.detail, e.currentTarget.id]); },
  col(e) {
    this.events.push([e.type, e.detail, e.currentTarget.id]);
    if (e.detail.column === 0) this.setData({ 'range[1]': CITIES[e.detail.value] });
  },
});`;
const PROVINCES_WXML = `<form id="f" bindsubmit="rec">
  <picker id="p" name="place" mode="multiSelector" range="{{range}}" value="{{idx}}"
    bindchange="rec" bindcolumnchange="col" bindcancel="rec"><view id="shown">{{range[0][idx[0]]}}</view></picker>
  <button id="go" form-type="submit">Go</button>
</form>`;

async function provinces() {
  const r = await boot(onePage(PROVINCES, PROVINCES_WXML));
  const p = topPage(r.rt);
  const submit = async () => { click(r.container.querySelector('#go')); await tick(r.rt); const e = p.events.at(-1); assert.equal(e[0], 'submit'); return e[1].value.place; };
  return { ...r, p, last: () => p.events.at(-1), submit };
}

test('multiSelector: one column per range array, the value marked selected', async () => {
  const { container, p } = await provinces();
  assert.equal(sheet(container), null, 'closed until tapped');
  click(container.querySelector('#shown'));
  assert.ok(sheet(container), 'opened');
  assert.deepEqual(labels(container), [['Zhejiang', 'Guangdong'], ['Hangzhou', 'Ningbo', 'Wenzhou']]);
  assert.deepEqual(selected(container), [0, 2]);
  assert.deepEqual(columns(container).map((c) => c.getAttribute('data-column')), ['0', '1']);
  assert.ok(container.querySelector('.wx-picker-columns'), 'columns sit in one row container');
  assert.equal(p.events.length, 0, 'opening fires nothing');
});

test('multiSelector: columnchange at once, page setData re-renders column 1 (clamped), confirm gives indexes', async () => {
  const { container, rt, p, last, submit } = await provinces();
  assert.deepEqual(await submit(), [0, 2], 'form value before any change');
  click(container.querySelector('#p'));
  const col0First = option(container, 0, 0);
  click(option(container, 0, 1)); // Guangdong
  assert.deepEqual(last(), ['columnchange', { column: 0, value: 1 }, 'p'], 'fired synchronously');
  assert.deepEqual(selected(container), [1, 2], 'column 0 moved; column 1 not yet re-rendered');
  assert.ok(sheet(container), 'still open');
  await tick(rt);
  assert.ok(sheet(container), 'still open after the page re-rendered');
  assert.deepEqual(labels(container), [['Zhejiang', 'Guangdong'], ['Guangzhou', 'Shenzhen']]);
  assert.deepEqual(selected(container), [1, 1], 'pending index 2 clamped to the new last city');
  assert.equal(option(container, 0, 0), col0First, 'an unchanged column keeps its nodes');
  const n = p.events.length;
  click(option(container, 0, 1)); // already selected
  assert.equal(p.events.length, n, 'tapping the selected option is no change');
  click(container.querySelector('.wx-picker-confirm'));
  assert.deepEqual(last(), ['change', { value: [1, 1] }, 'p']);
  assert.equal(sheet(container), null, 'closed');
  last()[1].value[1] = 0; // the page owns the detail array; the picker keeps its own
  assert.deepEqual(await submit(), [1, 1], 'form value is the confirmed array');
});

test('multiSelector: tapping a later column, confirm; reopening shows the confirmed indexes', async () => {
  const { container, rt, last, submit } = await provinces();
  click(container.querySelector('#p'));
  click(option(container, 1, 0)); // Hangzhou
  assert.deepEqual(last(), ['columnchange', { column: 1, value: 0 }, 'p']);
  assert.deepEqual(selected(container), [0, 0]);
  await tick(rt);
  assert.deepEqual(labels(container)[1], ['Hangzhou', 'Ningbo', 'Wenzhou'], 'column 1 untouched by the page');
  click(container.querySelector('.wx-picker-confirm'));
  assert.deepEqual(last(), ['change', { value: [0, 0] }, 'p']);
  assert.deepEqual(await submit(), [0, 0]);
  click(container.querySelector('#p'));
  assert.deepEqual(selected(container), [0, 0]);
});

test('multiSelector: cancel fires cancel and changes nothing', async () => {
  const { container, rt, p, last, submit } = await provinces();
  click(container.querySelector('#p'));
  click(option(container, 1, 1));
  click(option(container, 0, 1)); // Guangdong, then back to Zhejiang: column 1 is its 3 cities again
  await tick(rt);
  assert.deepEqual(selected(container), [1, 1]);
  click(option(container, 0, 0));
  await tick(rt);
  assert.deepEqual(labels(container)[1], ['Hangzhou', 'Ningbo', 'Wenzhou']);
  click(container.querySelector('.wx-picker-cancel'));
  assert.deepEqual(last(), ['cancel', {}, 'p']);
  assert.equal(sheet(container), null, 'closed');
  assert.ok(!p.events.some((e) => e[0] === 'change'), 'no change event');
  assert.deepEqual(await submit(), [0, 2], 'form value unchanged');
  click(container.querySelector('#p'));
  assert.deepEqual(selected(container), [0, 2], 'reopened at the committed value, not the cancelled one');
  // A tap on the mask cancels too.
  click(container.querySelector('.wx-picker-mask'));
  assert.deepEqual(last(), ['cancel', {}, 'p']);
  assert.equal(sheet(container), null);
});

// range-key over objects; a value out of range; the page rewriting value in place while the
// sheet is open (WeChat's own example resets the next column's index in bindcolumnchange).
const OBJECTS = `
const SUB = [[{ n: 'x' }, { n: 'y' }], [{ n: 'p' }, { n: 'q' }, { n: 'r' }]];
Page({
  data: { cols: [[{ n: 'A' }, { n: 'B' }], SUB[1]], idx: [5, -3] },
  events: [],
  rec(e) { this.events.push([e.type, e.detail, e.currentTarget.id]); },
  col(e) {
    this.events.push([e.type, e.detail, e.currentTarget.id]);
    const d = { cols: this.data.cols, idx: this.data.idx };
    d.idx[e.detail.column] = e.detail.value;
    if (e.detail.column === 0) { d.cols[1] = SUB[e.detail.value]; d.idx[1] = 0; }
    this.setData(d);
  },
});`;

test('multiSelector: range-key with objects, value out of range clamped, value rewritten while open', async () => {
  const { container, rt } = await boot(onePage(OBJECTS, `<form id="f" bindsubmit="rec">
      <picker id="q" name="q" mode="multiSelector" range="{{cols}}" range-key="n" value="{{idx}}" bindchange="rec" bindcolumnchange="col">pick</picker>
      <button id="go" form-type="submit">Go</button></form>`));
  const p = topPage(rt);
  const submit = async () => { click(container.querySelector('#go')); await tick(rt); return p.events.at(-1)[1].value.q; };
  assert.deepEqual(await submit(), [1, 0], '[5, -3] clamped to [1, 0]');
  click(container.querySelector('#q'));
  assert.deepEqual(labels(container), [['A', 'B'], ['p', 'q', 'r']]);
  assert.deepEqual(selected(container), [1, 0]);
  click(option(container, 1, 2)); // r
  assert.deepEqual(p.events.at(-1), ['columnchange', { column: 1, value: 2 }, 'q']);
  await tick(rt);
  assert.deepEqual(selected(container), [1, 2]);
  click(option(container, 0, 0)); // A: the page sets column 1 to x/y and idx[1] back to 0
  await tick(rt);
  assert.deepEqual(labels(container), [['A', 'B'], ['x', 'y']]);
  assert.deepEqual(selected(container), [0, 0], "the page's new value becomes the pending one");
  click(container.querySelector('.wx-picker-confirm'));
  assert.deepEqual(p.events.at(-1), ['change', { value: [0, 0] }, 'q']);
  assert.deepEqual(await submit(), [0, 0]);
});

test('multiSelector: missing value means the first of each column; disabled does not open', async () => {
  const { container, rt } = await boot(onePage(`Page({ data: { on: true }, events: [], rec(e) { this.events.push([e.type, e.detail]); } })`,
    `<picker id="a" mode="multiSelector" range="{{[['a','b'],['c','d'],[]]}}" bindchange="rec">a</picker>
     <picker id="b" mode="multiSelector" disabled="{{on}}" range="{{[['z']]}}">b</picker>`));
  const p = topPage(rt);
  click(container.querySelector('#b'));
  assert.equal(sheet(container), null, 'disabled');
  click(container.querySelector('#a'));
  assert.deepEqual(labels(container), [['a', 'b'], ['c', 'd'], []]);
  assert.deepEqual(selected(container), [0, 0, -1]);
  click(container.querySelector('.wx-picker-confirm'));
  assert.deepEqual(p.events.at(-1), ['change', { value: [0, 0, 0] }]);
});

test('region is refused with a clear warning and opens nothing', async () => {
  const warned = [];
  const warn = console.warn;
  console.warn = (m) => warned.push(String(m));
  try {
    const { container } = await boot(onePage('Page({})', '<picker id="r" mode="region" bindchange="x">r</picker>'));
    click(container.querySelector('#r'));
    assert.equal(sheet(container), null);
    const w = warned.find((m) => m.includes('region'));
    assert.ok(w, 'a warning names region');
    assert.match(w, /not supported/);
    assert.match(w, /administrative division data/);
  } finally {
    console.warn = warn;
  }
});
