import test from 'node:test';
import assert from 'node:assert/strict';
import { boot, onePage, topPage, click, typeInto, tick } from '../support/helpers.mjs';
import { BUILTINS } from '../src/render/components/index.js';

// A page whose every handler records (type, detail, currentTarget.id).
const RECORDER = `Page({ data: DATA, events: [], rec(e) { this.events.push([e.type, e.detail, e.currentTarget.id]); } })`;
async function mount(wxml, data = {}, opts = {}) {
  const r = await boot(onePage(RECORDER.replace('DATA', JSON.stringify(data)), wxml), opts);
  const p = topPage(r.rt);
  return { ...r, p, $: (s) => r.container.querySelector(s), last: () => p.events.at(-1), events: () => p.events };
}

test('the documented component set is exactly what is registered', () => {
  assert.deepEqual(Object.keys(BUILTINS).sort(), ['button', 'checkbox', 'checkbox-group', 'cover-view', 'form', 'icon', 'image', 'input',
    'label', 'navigator', 'picker', 'radio', 'radio-group', 'scroll-view', 'slider', 'swiper', 'swiper-item', 'switch', 'text', 'textarea', 'view'].sort());
});

test('view and text render as wx-view/wx-text; hover-class while pressed', async () => {
  const timers = { setTimeout: (f) => { f(); return 1; }, clearTimeout() {}, setInterval: () => 0, clearInterval() {} };
  const { $, win } = await mount('<view id="v" hover-class="pressed"><text id="t" selectable>hi</text></view>', {}, { timers });
  assert.equal($('#v').tagName, 'WX-VIEW');
  assert.ok($('#t').hasAttribute('selectable'));
  let seen = false;
  const orig = $('#v').classList.remove.bind($('#v').classList);
  $('#v').classList.remove = (...c) => { seen = $('#v').classList.contains('pressed'); orig(...c); };
  $('#t').dispatchEvent(new win.PointerEvent('pointerdown', { bubbles: true }));
  $('#t').dispatchEvent(new win.PointerEvent('pointerup', { bubbles: true }));
  assert.ok(seen, 'the hover class was on while pressed');
  assert.ok(!$('#v').classList.contains('pressed'));
});

test('image: src through the loader, mode, bindload / binderror', async () => {
  const { $, last, win } = await mount('<image id="i" src="../../img/a.png" mode="aspectFill" bindload="rec" binderror="rec"/><image id="r" src="https://x.example/a.png" mode="widthFix"/>');
  const img = $('#i img');
  assert.equal(img.getAttribute('src'), '/mp/img/a.png');
  assert.equal($('#i').getAttribute('mode'), 'aspectFill');
  assert.equal($('#r img').getAttribute('src'), 'https://x.example/a.png');
  assert.equal($('#r').getAttribute('mode'), 'widthFix');
  img.dispatchEvent(new win.Event('load'));
  assert.deepEqual(last(), ['load', { width: 0, height: 0 }, 'i']);
  img.dispatchEvent(new win.Event('error'));
  assert.equal(last()[0], 'error');
  assert.match(last()[1].errMsg, /img\/a\.png/);
});

test('icon: type, size and color', async () => {
  const { $ } = await mount('<icon id="a" type="success" size="40"/><icon id="b" type="search" color="red"/>');
  assert.equal($('#a').textContent, '\u2713');
  assert.equal($('#a').style.width, '40px');
  assert.equal($('#a').style.backgroundColor, '#07c160');
  assert.equal($('#b').style.color, 'red');
});

test('button: type/size/plain/loading attributes; disabled swallows the tap', async () => {
  const { $, p, rt } = await mount('<button id="b" type="warn" size="mini" plain loading="{{busy}}" disabled="{{off}}" bindtap="rec">Go</button>', { busy: true, off: false });
  const b = $('#b');
  assert.deepEqual(['type', 'size', 'plain', 'loading'].map((a) => b.getAttribute(a)), ['warn', 'mini', '', '']);
  click(b);
  assert.equal(p.events.length, 1);
  p.setData({ off: true, busy: false });
  await rt.settle();
  assert.ok(b.hasAttribute('disabled') && !b.hasAttribute('loading'));
  click(b);
  assert.equal(p.events.length, 1, 'no tap while disabled');
});

test('input: bindinput {value, cursor, keyCode}, focus/blur/confirm, password, maxlength, value binding', async () => {
  const { $, p, rt, last, events, win } = await mount(
    '<input id="i" value="{{v}}" placeholder="name" maxlength="5" bindinput="rec" bindfocus="rec" bindblur="rec" bindconfirm="rec"/><input id="pw" password type="number"/><input id="nolimit" maxlength="-1"/>',
    { v: 'ab' });
  const c = $('#i input');
  assert.equal(c.value, 'ab');
  assert.equal(c.placeholder, 'name');
  assert.equal(c.maxLength, 5);
  assert.equal($('#pw input').type, 'password');
  assert.equal($('#pw input').getAttribute('inputmode'), 'numeric');
  assert.equal($('#nolimit input').hasAttribute('maxlength'), false);
  typeInto($('#i'), 'abc');
  assert.deepEqual(last(), ['input', { value: 'abc', cursor: 3, keyCode: 0 }, 'i']);
  c.dispatchEvent(new win.KeyboardEvent('keydown', { key: 'Enter' }));
  assert.deepEqual(last(), ['confirm', { value: 'abc' }, 'i']);
  c.dispatchEvent(new win.FocusEvent('focus'));
  assert.equal(last()[0], 'focus');
  c.dispatchEvent(new win.FocusEvent('blur'));
  assert.equal(last()[0], 'blur');
  p.setData({ v: 'xyz' });
  await rt.settle();
  assert.equal(c.value, 'xyz');
  assert.equal(events().length, 4);
});

test('textarea: bindinput and value', async () => {
  const { $, last } = await mount('<textarea id="t" value="hello" bindinput="rec"/>');
  assert.equal($('#t textarea').value, 'hello');
  typeInto($('#t'), 'hello\nworld');
  assert.deepEqual(last(), ['input', { value: 'hello\nworld', cursor: 11, keyCode: 0 }, 't']);
});

test('checkbox-group: change carries the checked values; disabled boxes do not toggle; label taps', async () => {
  const { $, last, events } = await mount(`<checkbox-group id="g" bindchange="rec">
      <checkbox id="a" value="a" checked/><checkbox id="b" value="b"/><checkbox id="c" value="c" disabled/>
      <label id="lb" for="b"><text>B</text></label><label id="lc"><checkbox id="d" value="d"/><text id="dt">D</text></label>
    </checkbox-group>`);
  assert.ok($('#a').hasAttribute('checked'));
  click($('#b'));
  assert.deepEqual(last(), ['change', { value: ['a', 'b'] }, 'g']);
  click($('#a'));
  assert.deepEqual(last(), ['change', { value: ['b'] }, 'g']);
  click($('#c'));
  assert.equal(events().length, 2);
  click($('#lb wx-text'));
  assert.deepEqual(last(), ['change', { value: [] }, 'g'], 'a label with for= toggles its checkbox');
  click($('#dt'));
  assert.deepEqual(last(), ['change', { value: ['d'] }, 'g'], 'a label toggles the checkbox inside it');
});

test('radio-group: one checked at a time; change carries the value', async () => {
  const { $, last, events } = await mount(`<radio-group id="g" bindchange="rec">
      <radio id="x" value="x" checked="{{true}}"/><radio id="y" value="y"/><radio id="z" value="z" disabled/></radio-group>`);
  click($('#y'));
  assert.deepEqual(last(), ['change', { value: 'y' }, 'g']);
  assert.ok(!$('#x').hasAttribute('checked') && $('#y').hasAttribute('checked'));
  click($('#y'));
  click($('#z'));
  assert.equal(events().length, 1, 'a checked radio and a disabled one do nothing');
});

test('switch: change {value}', async () => {
  const { $, last } = await mount('<switch id="s" checked color="#f00" bindchange="rec"/><switch id="c" type="checkbox"/>');
  click($('#s'));
  assert.deepEqual(last(), ['change', { value: false }, 's']);
  click($('#s'));
  assert.deepEqual(last(), ['change', { value: true }, 's']);
  assert.equal($('#c').getAttribute('type'), 'checkbox');
});

test('slider: changing while dragging, change on release, min/max/step/show-value', async () => {
  const { $, last, win } = await mount('<slider id="s" min="10" max="50" step="5" value="20" show-value bindchange="rec" bindchanging="rec"/>');
  const r = $('#s input');
  assert.deepEqual([r.min, r.max, r.step, r.value], ['10', '50', '5', '20']);
  assert.ok($('#s').hasAttribute('show-value'));
  r.value = '35';
  r.dispatchEvent(new win.Event('input'));
  assert.deepEqual(last(), ['changing', { value: 35 }, 's']);
  r.dispatchEvent(new win.Event('change'));
  assert.deepEqual(last(), ['change', { value: 35 }, 's']);
  assert.equal($('#s .wx-slider-value').textContent, '35');
});

test('picker selector: range + range-key, change {value: index}, cancel', async () => {
  const { $, last, container } = await mount(
    '<picker id="p" range="{{cities}}" range-key="name" value="1" bindchange="rec" bindcancel="rec"><view>{{cities[1].name}}</view></picker>',
    { cities: [{ name: 'Shanghai' }, { name: 'Beijing' }, { name: 'Shenzhen' }] });
  click($('#p wx-view'));
  const opts = [...container.querySelectorAll('.wx-picker-option')];
  assert.deepEqual(opts.map((o) => o.textContent), ['Shanghai', 'Beijing', 'Shenzhen']);
  assert.ok(opts[1].hasAttribute('selected'));
  click(opts[2]);
  assert.deepEqual(last(), ['change', { value: 2 }, 'p']);
  assert.equal(container.querySelector('.wx-picker'), null, 'closed');
  click($('#p'));
  click(container.querySelector('.wx-picker-cancel'));
  assert.deepEqual(last(), ['cancel', {}, 'p']);
});

test('picker date and time: start/end clamp, change {value}', async () => {
  const { $, last, container } = await mount(
    '<picker id="d" mode="date" start="2024-01-01" end="2024-12-31" value="2024-06-01" bindchange="rec">d</picker><picker id="t" mode="time" value="09:00" bindchange="rec">t</picker><picker id="m" mode="region">m</picker>');
  click($('#d'));
  const input = container.querySelector('.wx-picker-date');
  assert.deepEqual([input.type, input.min, input.max, input.value], ['date', '2024-01-01', '2024-12-31', '2024-06-01']);
  input.value = '2024-07-15';
  click(container.querySelector('.wx-picker-confirm'));
  assert.deepEqual(last(), ['change', { value: '2024-07-15' }, 'd']);
  click($('#d'));
  container.querySelector('.wx-picker-date').value = '2025-03-01';
  click(container.querySelector('.wx-picker-confirm'));
  assert.deepEqual(last(), ['change', { value: '2024-12-31' }, 'd'], 'clamped to end');
  click($('#t'));
  container.querySelector('.wx-picker-time').value = '18:30';
  click(container.querySelector('.wx-picker-confirm'));
  assert.deepEqual(last(), ['change', { value: '18:30' }, 't']);
  click($('#m'));
  assert.equal(container.querySelector('.wx-picker'), null, 'unsupported modes open nothing');
});

test('scroll-view: scroll-y, scroll event detail, scrolltolower, scroll-top', async () => {
  const { $, events, win } = await mount('<scroll-view id="s" scroll-y scroll-top="{{40}}" bindscroll="rec" bindscrolltolower="rec" lower-threshold="20"><view style="height: 2000px">tall</view></scroll-view>');
  const s = $('#s');
  assert.ok(s.hasAttribute('scroll-y'));
  assert.equal(s.scrollTop, 40);
  s.scrollTop = 100;
  s.dispatchEvent(new win.Event('scroll'));
  const [type, detail, id] = events()[0];
  assert.equal(type, 'scroll');
  assert.equal(id, 's');
  assert.deepEqual(Object.keys(detail).sort(), ['deltaX', 'deltaY', 'scrollHeight', 'scrollLeft', 'scrollTop', 'scrollWidth']);
  assert.equal(detail.scrollTop, 100);
  assert.ok(events().some((e) => e[0] === 'scrolltolower'), 'at the bottom of a 0-height layout');
});

test('swiper: items, dots, current, swipe -> change {current, source}, autoplay', async () => {
  let tickFn = null;
  const timers = { setTimeout: (f) => setTimeout(f, 0), clearTimeout: (t) => clearTimeout(t), setInterval: (f, ms) => { tickFn = f; assert.equal(ms, 2000); return 7; }, clearInterval() { tickFn = null; } };
  const { $, last, p, rt, win } = await mount(`<swiper id="s" indicator-dots current="{{cur}}" autoplay="{{auto}}" interval="2000" circular bindchange="rec">
      <swiper-item wx:for="{{[1,2,3]}}" wx:key="*this" item-id="i{{item}}">{{item}}</swiper-item></swiper>`, { cur: 1, auto: false }, { timers });
  const s = $('#s');
  const track = s.querySelector('.wx-swiper-track');
  assert.equal(track.children.length, 3);
  assert.equal(s.querySelectorAll('.wx-swiper-dots span').length, 3);
  assert.equal(track.style.transform, 'translateX(-100%)');
  assert.ok(s.querySelectorAll('.wx-swiper-dots span')[1].hasAttribute('active'));
  s.dispatchEvent(new win.PointerEvent('pointerdown', { clientX: 200 }));
  s.dispatchEvent(new win.PointerEvent('pointerup', { clientX: 50 }));
  assert.deepEqual(last(), ['change', { current: 2, currentItemId: 'i3', source: 'touch' }, 's']);
  p.setData({ auto: true });
  await rt.settle();
  tickFn();
  assert.deepEqual(last(), ['change', { current: 0, currentItemId: 'i1', source: 'autoplay' }, 's'], 'circular wraps');
  p.setData({ cur: 2 });
  await rt.settle();
  assert.equal(track.style.transform, 'translateX(-200%)', 'current from data, no event');
  assert.equal(last()[1].current, 0);
});

test('form: submit collects every named field; reset restores them; button form-type', async () => {
  const { $, p, rt, container } = await mount(`<form id="f" bindsubmit="rec" bindreset="rec">
      <input name="name" value="Wu"/><textarea name="note" value="n"/>
      <checkbox-group name="tags"><checkbox value="a" checked/><checkbox value="b"/></checkbox-group>
      <radio-group name="size"><radio value="s"/><radio value="m" checked/></radio-group>
      <switch name="ok" checked/><slider name="level" value="30"/>
      <picker name="city" range="{{['x','y']}}" value="1">c</picker>
      <input value="unnamed"/>
      <button id="go" form-type="submit">Go</button><button id="clear" form-type="reset">Clear</button>
    </form>`);
  click($('#go'));
  await tick(rt);
  const [type, detail, id] = p.events.at(-1);
  assert.equal(type, 'submit');
  assert.equal(id, 'f');
  assert.deepEqual(detail, { value: { name: 'Wu', note: 'n', tags: ['a'], size: 'm', ok: true, level: 30, city: 1 } });
  typeInto(container.querySelector('wx-input'), 'changed');
  click(container.querySelectorAll('wx-checkbox')[1]);
  click($('#clear'));
  await tick(rt);
  assert.equal(p.events.at(-1)[0], 'reset');
  click($('#go'));
  await tick(rt);
  assert.deepEqual(p.events.at(-1)[1].value.name, 'Wu');
  assert.deepEqual(p.events.at(-1)[1].value.tags, ['a']);
});

test('unknown tags render as plain wx-<tag> elements', async () => {
  const { $ } = await mount('<div id="d"><span>x</span></div>');
  assert.equal($('#d').tagName, 'WX-DIV');
});
