import test from 'node:test';
import assert from 'node:assert/strict';
import { parseWxml, WxmlError, MAX_DEPTH, MAX_WXML_SIZE } from '../src/wxml/parse.js';
import { loadWxml } from '../src/wxml/load.js';
import { scope } from '../src/wxml/expr.js';

const el = (root, i = 0) => root.children.filter((c) => c.type === 'element')[i];
const val = (v, data = {}) => (v.kind === 'static' ? v.v : v.kind === 'expr' ? v.fn(scope(data)) : v.parts.map((p) => (typeof p === 'string' ? p : p(scope(data)))).join(''));

function throwsAt(src, line, col, pattern) {
  let err;
  try { parseWxml(src, 'x.wxml'); } catch (e) { err = e; }
  assert.ok(err instanceof WxmlError, `expected a WxmlError for ${JSON.stringify(src)}, got ${err}`);
  assert.equal(`${err.line}:${err.col}`, `${line}:${col}`, err.message);
  assert.match(err.message, /^x\.wxml:\d+:\d+: /);
  if (pattern) assert.match(err.message, pattern);
  return err;
}

test('elements, attributes, text and interpolation', () => {
  const root = parseWxml('<view class="a {{cls}}" id="main" hidden>Hello {{name}}!<text>x</text></view>');
  const v = el(root);
  assert.equal(v.tag, 'view');
  const props = Object.fromEntries(v.props.map((p) => [p.name, p.value]));
  assert.equal(val(props.class, { cls: 'b' }), 'a b');
  assert.equal(val(props.id), 'main');
  assert.equal(props.hidden.v, true, 'a bare attribute is true');
  assert.equal(val(v.children[0].value, { name: 'Wu' }), 'Hello Wu!');
  assert.equal(el(v).tag, 'text');
});

test('a lone {{ }} keeps its type; mixed text becomes a string', () => {
  const v = el(parseWxml('<view a="{{ 1 + 2 }}" b="n{{1}}" c="{{ {x: 1} }}" />'));
  const p = Object.fromEntries(v.props.map((x) => [x.name, x.value]));
  assert.equal(val(p.a), 3);
  assert.equal(val(p.b), 'n1');
  assert.deepEqual(val(p.c), { x: 1 });
});

test('wx:if / wx:elif / wx:else and wx:for with item, index and key', () => {
  const root = parseWxml(`
    <view wx:if="{{a}}">A</view>
    <view wx:elif="{{b}}">B</view>
    <view wx:else>C</view>
    <view wx:for="{{list}}" wx:for-item="row" wx:for-index="i" wx:key="id">{{i}}:{{row.name}}</view>
    <view wx:for="{{list}}" wx:key="*this">{{index}}{{item}}</view>`);
  const [a, b, c, f, g] = root.children;
  assert.ok(a.if && b.elif && c.else);
  assert.equal(f.forItem, 'row');
  assert.equal(f.forIndex, 'i');
  assert.equal(f.key, 'id');
  assert.equal(g.forItem, 'item');
  assert.equal(g.forIndex, 'index');
  assert.equal(g.key, '*this');
});

test('events: bind, catch, bind:, catch:, capture-bind:, capture-catch:, mut-bind', () => {
  const v = el(parseWxml('<view bindtap="a" catchtouchstart="b" bind:longpress="c" catch:tap="d" capture-bind:tap="e" capture-catch:touchend="f" mut-bind:tap="g" bind:my-event="h"/>'));
  const e = v.events.map((x) => `${x.type}/${x.capture ? 'c' : '-'}/${x.catch ? 'x' : '-'}/${x.handler.v}`);
  assert.deepEqual(e, ['tap/-/-/a', 'touchstart/-/x/b', 'longpress/-/-/c', 'tap/-/x/d', 'tap/c/-/e', 'touchend/c/x/f', 'tap/-/-/g', 'my-event/-/-/h']);
});

test('data-* attributes become a camelCased dataset', () => {
  const v = el(parseWxml('<view data-id="{{7}}" data-user-name="wu" data-camelCase="x"/>'));
  assert.deepEqual(v.dataset.map((d) => [d.key, val(d.value)]), [['id', 7], ['userName', 'wu'], ['camelcase', 'x']]);
});

test('<block>, <template name>, <template is data>, <import>, <include>', () => {
  const root = parseWxml(`<import src="a.wxml"/><include src="b.wxml"/>
    <template name="t"><text>{{x}}</text></template>
    <block wx:if="{{1}}"><template is="t" data="{{x: 1, ...rest}}"/></block>`);
  assert.deepEqual(root.imports.map((i) => i.src), ['a.wxml']);
  assert.ok(root.templates.t, 'template definitions leave the tree');
  assert.equal(root.children[0].tag, 'include');
  const block = root.children[1];
  assert.equal(block.tag, 'block');
  const data = block.children[0].props.find((p) => p.name === 'data').value;
  assert.deepEqual(val(data, { rest: { y: 2 } }), { x: 1, y: 2 });
});

test('template data shorthand {{item}} passes {item}', () => {
  const t = el(parseWxml('<template is="t" data="{{item, index}}"/>'));
  assert.deepEqual(val(t.props.find((p) => p.name === 'data').value, { item: 'a', index: 2 }), { item: 'a', index: 2 });
});

test('entities, comments, `<` and `}}` inside {{ }}', () => {
  const root = parseWxml('<!-- c --><text>a &lt; b &amp; &#x4e2d; {{ x < 2 ? "}}" : "" }}</text>');
  assert.equal(val(el(root).children[0].value, { x: 1 }), 'a < b & 中 }}');
});

test('tolerates <image>/<input> left open, and whitespace-only text', () => {
  const root = parseWxml('<view>\n  <image src="a.png">\n  <input value="x">\n</view>');
  const v = el(root);
  assert.deepEqual(v.children.map((c) => c.tag), ['image', 'input']);
});

test('malformed WXML reports line:column', () => {
  throwsAt('<view>\n  <text>hi</view>', 2, 11, /expected <\/text> \(opened at 2:3\) but found <\/view>/);
  throwsAt('<view>\n<view>', 2, 1, /<view> is never closed/);
  throwsAt('</view>', 1, 1, /without an opening tag/);
  throwsAt('<view a="{{ 1 + }}"/>', 1, 17, /in \{\{ \}\}/);
  throwsAt('<view>\n  {{ a. }}</view>', 2, 9, /property name/);
  throwsAt('<view a="x/>', 1, 9, /no closing "/);
  throwsAt('<view>{{ a </view>', 1, 7, /without a closing/);
  throwsAt('<view wx:bogus="1"/>', 1, 7, /unknown directive/);
  throwsAt('<!-- never', 1, 1, /comment/);
  throwsAt('<view\n  class="a"', 1, 1, /not terminated/);
});

test('depth and size are bounded', () => {
  const deep = '<view>'.repeat(MAX_DEPTH + 1) + '</view>'.repeat(MAX_DEPTH + 1);
  throwsAt(deep, 1, MAX_DEPTH * 6 + 1, /nested deeper than 256/);
  const ok = '<view>'.repeat(MAX_DEPTH) + '</view>'.repeat(MAX_DEPTH);
  assert.ok(parseWxml(ok));
  assert.throws(() => parseWxml('x'.repeat(MAX_WXML_SIZE + 1)), /larger than/);
});

test('<wxs> content is kept raw, not parsed as WXML', () => {
  const root = parseWxml('<wxs module="m">var a = 1 < 2; module.exports = {};</wxs><view/>');
  assert.equal(el(root).code.trim(), 'var a = 1 < 2; module.exports = {};');
  assert.equal(el(root, 1).tag, 'view');
});

test('import and include resolve through the loader (relative and absolute), cycles refused', async () => {
  const files = {
    'pages/a/index.wxml': '<import src="../../t/item.wxml"/><include src="/t/header"/><template is="item" data="{{n: 1}}"/>',
    't/item.wxml': '<import src="deeper.wxml"/><template name="item"><text>{{n}}</text></template>',
    't/deeper.wxml': '<template name="deep"><text>deep</text></template>',
    't/header.wxml': '<template name="hidden"><text/></template><view class="header">H</view>',
    'c/x.wxml': '<include src="y.wxml"/>',
    'c/y.wxml': '<include src="x.wxml"/>',
  };
  const read = async (p) => { if (!(p in files)) throw new Error(`missing ${p}`); return files[p]; };
  const r = await loadWxml('pages/a/index.wxml', read);
  assert.ok(r.templates.item, 'imported template');
  assert.ok(!r.templates.deep, 'import is not transitive (as in WeChat)');
  assert.ok(!r.templates.hidden, 'include brings no templates');
  assert.equal(r.children[0].tag, 'view', 'include pasted in place');
  await assert.rejects(loadWxml('c/x.wxml', read), /cycle/);
  await assert.rejects(loadWxml('pages/a/index.wxml', async (p) => (p.startsWith('t/') ? '<include src="../../../x.wxml"/>' : files[p])), /leaves the mini-program package/);
});
