import test from 'node:test';
import assert from 'node:assert/strict';
import { boot, onePage, topPage, click, recordMutations, page, tick } from '../support/helpers.mjs';

test('setData is applied to this.data at once and rendered in one microtask batch', async () => {
  const { rt, container } = await boot(onePage(
    'Page({ data: { n: 0 } })',
    '<view id="n">{{n}}</view>',
  ));
  const p = topPage(rt);
  const rec = recordMutations(container);
  p.setData({ n: 1 });
  assert.equal(p.data.n, 1, 'data is updated synchronously');
  p.setData({ n: 2 });
  p.setData({ n: 3 });
  assert.equal(container.querySelector('#n').textContent, '0', 'not rendered yet');
  await Promise.resolve();
  await rt.settle();
  assert.equal(container.querySelector('#n').textContent, '3');
  const muts = await rec.stop();
  assert.equal(muts.length, 1, 'three setData calls, one DOM write');
  assert.equal(muts[0].type, 'characterData');
});

test('only the changed binding is written to the DOM', async () => {
  const { rt, container } = await boot(onePage(
    `Page({ data: { title: 'T', count: 1, cls: 'a', items: ['x', 'y', 'z'], user: { name: 'Wu', age: 3 } } })`,
    `<view id="title">{{title}}</view>
     <view id="count" class="{{cls}}">count: {{count}}</view>
     <view wx:for="{{items}}" wx:key="*this" class="item">{{item}}</view>
     <view id="user">{{user.name}} ({{user.age}})</view>`,
  ));
  const p = topPage(rt);
  let rec = recordMutations(container);
  p.setData({ count: 2 });
  await rt.settle();
  let muts = await rec.stop();
  assert.equal(muts.length, 1);
  assert.equal(muts[0].type, 'characterData');
  assert.equal(muts[0].target.parentNode.id, 'count');
  assert.equal(container.querySelector('#count').textContent, 'count: 2');

  rec = recordMutations(container);
  p.setData({ 'user.age': 4 });
  await rt.settle();
  muts = await rec.stop();
  assert.equal(muts.length, 1, 'a path update writes one text node');
  assert.equal(container.querySelector('#user').textContent, 'Wu (4)');

  rec = recordMutations(container);
  p.setData({ cls: 'b' });
  await rt.settle();
  muts = await rec.stop();
  assert.deepEqual(muts.map((m) => `${m.type}:${m.attributeName}`), ['attributes:class']);

  rec = recordMutations(container);
  p.setData({ title: 'T', count: 2 });
  await rt.settle();
  assert.equal((await rec.stop()).length, 0, 'setting equal values writes nothing');

  // Mutating in place and setting the same array back (a common WeChat pattern) still renders.
  rec = recordMutations(container);
  p.data.items.push('w');
  p.setData({ items: p.data.items });
  await rt.settle();
  muts = await rec.stop();
  assert.equal(muts.length, 1, 'one node added, the others untouched');
  assert.equal(muts[0].type, 'childList');
  assert.equal(muts[0].addedNodes.length, 1);
  assert.deepEqual([...container.querySelectorAll('.item')].map((n) => n.textContent), ['x', 'y', 'z', 'w']);
});

test('keyed wx:for keeps DOM nodes across reorder, insert and delete', async () => {
  const { rt, container } = await boot(onePage(
    `Page({ data: { list: [{id: 1, t: 'a'}, {id: 2, t: 'b'}, {id: 3, t: 'c'}] } })`,
    '<view wx:for="{{list}}" wx:key="id" class="row" data-id="{{item.id}}">{{index}}:{{item.t}}</view>',
  ));
  const p = topPage(rt);
  const rows = () => [...container.querySelectorAll('.row')];
  const [n1, n2, n3] = rows();
  const input = container.ownerDocument.createElement('span');
  n2.appendChild(input); // state that must travel with its row
  p.setData({ list: [p.data.list[2], p.data.list[0], p.data.list[1]] });
  await rt.settle();
  assert.deepEqual(rows(), [n3, n1, n2], 'same nodes, new order');
  assert.ok(n2.contains(input));
  assert.equal(n3.textContent, '0:c');

  const rec = recordMutations(container);
  p.setData({ list: [{ id: 0, t: 'z' }, ...p.data.list] });
  await rt.settle();
  const muts = await rec.stop();
  const added = muts.filter((m) => m.type === 'childList').flatMap((m) => [...m.addedNodes]);
  assert.equal(added.length, 1, 'prepending creates exactly one row');
  assert.deepEqual(rows().slice(1), [n3, n1, n2]);

  p.setData({ list: p.data.list.filter((x) => x.id !== 1) });
  await rt.settle();
  assert.deepEqual(rows().map((r) => r.textContent), ['0:z', '1:c', '2:b']);
  assert.ok(!n1.isConnected);
});

test('unkeyed wx:for updates in place by index; numbers, strings and objects iterate', async () => {
  const { rt, container } = await boot(onePage(
    `Page({ data: { list: ['a', 'b'], n: 3, s: 'xy', o: { k1: 'v1', k2: 'v2' } } })`,
    `<text wx:for="{{list}}" class="l">{{item}}</text>
     <text wx:for="{{n}}" class="n">{{item}}</text>
     <text wx:for="{{s}}" class="s">{{item}}</text>
     <text wx:for="{{o}}" wx:for-index="key" class="o">{{key}}={{item}}</text>`,
  ));
  const txt = (c) => [...container.querySelectorAll(c)].map((n) => n.textContent).join(',');
  assert.equal(txt('.l'), 'a,b');
  assert.equal(txt('.n'), '0,1,2');
  assert.equal(txt('.s'), 'x,y');
  assert.equal(txt('.o'), 'k1=v1,k2=v2');
  const first = container.querySelector('.l');
  topPage(rt).setData({ list: ['b'] });
  await rt.settle();
  assert.equal(txt('.l'), 'b');
  assert.equal(container.querySelector('.l'), first, 'index-matched node reused');
});

test('wx:if / elif / else switch, and wx:for takes priority over wx:if', async () => {
  const { rt, container } = await boot(onePage(
    `Page({ data: { v: 1, list: [1, 2, 3, 4] } })`,
    `<view wx:if="{{v === 1}}" id="one">one</view>
     <view wx:elif="{{v === 2}}" id="two">two</view>
     <view wx:else id="other">other</view>
     <text wx:for="{{list}}" wx:if="{{item % 2 === 0}}" class="even">{{item}}</text>
     <block wx:if="{{v > 1}}"><text id="b1">x</text><text id="b2">y</text></block>`,
  ));
  const ids = () => ['one', 'two', 'other', 'b1', 'b2'].filter((id) => container.querySelector(`#${id}`));
  assert.deepEqual(ids(), ['one']);
  assert.deepEqual([...container.querySelectorAll('.even')].map((n) => n.textContent), ['2', '4']);
  topPage(rt).setData({ v: 2 });
  await rt.settle();
  assert.deepEqual(ids(), ['two', 'b1', 'b2']);
  topPage(rt).setData({ v: 9 });
  await rt.settle();
  assert.deepEqual(ids(), ['other', 'b1', 'b2']);
});

test('templates: is, data, dynamic is, nested templates; a template sees only its data', async () => {
  const { container } = await boot(onePage(
    `Page({ data: { kind: 'b', secret: 's', users: [{ name: 'A' }, { name: 'B' }] } })`,
    `<template name="a"><text class="t">a:{{x}}</text></template>
     <template name="b"><text class="t">b:{{x}}{{secret}}</text><template is="a" data="{{x: x + 1}}"/></template>
     <template is="{{kind}}" data="{{x: 1}}"/>
     <template wx:for="{{users}}" wx:key="name" is="user" data="{{...item, index}}"/>
     <template name="user"><text class="u">{{index}}{{name}}</text></template>
     <template is="nope"/>`,
  ));
  assert.deepEqual([...container.querySelectorAll('.t')].map((n) => n.textContent), ['b:1', 'a:2']);
  assert.deepEqual([...container.querySelectorAll('.u')].map((n) => n.textContent), ['0A', '1B']);
});

test('components: properties (typed, observer), triggerEvent, slots, data isolation', async () => {
  const files = onePage(
    `Page({
      data: { n: 1, label: 'L', log: [] },
      onInc(e) { this.data.log.push(e.detail.by + '@' + e.currentTarget.id); this.setData({ n: this.data.n + e.detail.by, log: this.data.log }); }
    })`,
    `<counter id="c1" count="{{n}}" label="{{label}}" bind:inc="onInc">
       <text class="slot-default">slot {{n}}</text>
       <text slot="footer" class="slot-footer">foot</text>
     </counter>
     <view id="log">{{log}}</view>`,
    {
      'pages/index/index.json': '{"usingComponents": {"counter": "/components/counter/index"}}',
      'components/counter/index.json': '{"component": true}',
      'components/counter/index.js': `Component({
        options: { multipleSlots: true },
        properties: {
          count: { type: Number, value: 0, observer(nv, ov) { this.setData({ seen: this.data.seen.concat([ov + '>' + nv]) }); } },
          label: String,
        },
        data: { seen: [], n: 'mine' },
        methods: { bump() { this.triggerEvent('inc', { by: 2 }); } }
      })`,
      'components/counter/index.wxml': `<view class="box"><text class="v">{{label}}={{count}} {{n}}</text>
        <button class="bump" bindtap="bump">+</button><slot/><slot name="footer"/><text class="seen">{{seen}}</text></view>`,
    },
  );
  const { rt, container } = await boot(files);
  const host = container.querySelector('wx-counter');
  assert.equal(host.id, 'c1');
  assert.equal(host.querySelector('.v').textContent, 'L=1 mine', 'the component has its own `n`');
  assert.equal(host.querySelector('.slot-default').textContent, 'slot 1');
  assert.ok(host.querySelector('.box > .slot-footer'));
  click(host.querySelector('.bump'));
  await tick(rt);
  assert.equal(container.querySelector('#log').textContent, '2@c1');
  assert.equal(host.querySelector('.v').textContent, 'L=3 mine');
  assert.equal(host.querySelector('.slot-default').textContent, 'slot 3', 'slot content follows the page data');
  assert.equal(host.querySelector('.seen').textContent, '0>1,1>3');
  const inst = topPage(rt).selectComponent('#c1');
  assert.equal(inst.data.count, 3);
  assert.equal(typeof inst.bump, 'function');
});

test('event object: type, target/currentTarget with id and dataset, detail, touches', async () => {
  const { rt, container } = await boot(onePage(
    `Page({ data: { n: 7 }, onTap(e) { getApp().last = e; } })`,
    `<view id="outer" data-kind="outer" data-n="{{n}}" bindtap="onTap"><text id="inner" data-user-id="{{42}}">x</text></view>`,
  ));
  click(container.querySelector('#inner'));
  const e = rt.getApp().last;
  assert.equal(e.type, 'tap');
  assert.equal(typeof e.timeStamp, 'number');
  assert.deepEqual(e.target, { id: 'inner', dataset: { userId: 42 } });
  assert.deepEqual(e.currentTarget, { id: 'outer', dataset: { kind: 'outer', n: 7 } });
  assert.deepEqual(e.detail, { x: 5, y: 6 });
  assert.ok(Array.isArray(e.touches));
  assert.equal(e.changedTouches.length, 1);
});

test('bind bubbles, catch stops, capture runs first', async () => {
  const { rt, container } = await boot(onePage(
    `Page({ log: [], h(e) { this.log.push(e.currentTarget.id); } })`,
    `<view id="a" bindtap="h" capture-bind:tap="h">
       <view id="b" catchtap="h">
         <view id="c" bind:tap="h"><text id="t">x</text></view>
       </view>
       <view id="d" bindtap="h"><view id="e" capture-catch:tap="h"><text id="u">y</text></view></view>
     </view>`,
  ));
  const p = topPage(rt);
  click(container.querySelector('#t'));
  assert.deepEqual(p.log, ['a', 'c', 'b'], 'capture on a, then c, then b catches');
  p.log = [];
  click(container.querySelector('#u'));
  assert.deepEqual(p.log, ['a', 'e'], 'capture-catch on e stops the event there');
});

test('dynamic handler names and missing handlers', async () => {
  const { rt, container } = await boot(onePage(
    `Page({ data: { which: 'one' }, got: [], one() { this.got.push(1); }, two() { this.got.push(2); } })`,
    '<view id="v" bindtap="{{which}}">x</view><view id="w" bindtap="absent">y</view>',
  ));
  click(container.querySelector('#v'));
  topPage(rt).setData({ which: 'two' });
  await rt.settle();
  click(container.querySelector('#v'));
  click(container.querySelector('#w'));
  assert.deepEqual(topPage(rt).got, [1, 2]);
});

test('style with rpx goes through CSSOM; hidden toggles', async () => {
  const { rt, container } = await boot(onePage(
    `Page({ data: { w: 375, hide: false } })`,
    '<view id="v" style="width: {{w}}rpx; margin: 10rpx 0" hidden="{{hide}}">x</view>',
  ));
  const v = container.querySelector('#v');
  assert.equal(v.style.width, '187.5px', '375rpx on a 375px page');
  assert.equal(v.style.margin, '5px 0px');
  assert.equal(v.hasAttribute('hidden'), false);
  topPage(rt).setData({ hide: true });
  await rt.settle();
  assert.equal(v.hasAttribute('hidden'), true);
});

test('longpress fires after 350 ms and suppresses the tap when handled; touch events', async () => {
  const timers = [];
  const fake = {
    setTimeout: (f, ms) => { timers.push({ f, ms }); return timers.length; },
    clearTimeout: (id) => { if (timers[id - 1]) timers[id - 1].f = null; },
    setInterval: () => 0, clearInterval: () => {},
  };
  const { rt, container, win } = await boot(onePage(
    `Page({ log: [], lp(e) { this.log.push(e.type); }, tap(e) { this.log.push(e.type); }, ts(e) { this.log.push(e.type + ':' + e.touches.length); } })`,
    '<view id="v" bindlongpress="lp" bindtap="tap" bindtouchstart="ts" bindtouchend="ts">x</view>',
  ), { timers: fake });
  const v = container.querySelector('#v');
  v.dispatchEvent(new win.PointerEvent('pointerdown', { bubbles: true, clientX: 1, clientY: 2 }));
  const lp = timers.find((t) => t.ms === 350);
  assert.ok(lp, 'a 350 ms timer');
  lp.f();
  v.dispatchEvent(new win.PointerEvent('pointerup', { bubbles: true }));
  click(v);
  click(v);
  assert.deepEqual(topPage(rt).log, ['touchstart:1', 'longpress', 'touchend:0', 'tap']);
  void page;
});
