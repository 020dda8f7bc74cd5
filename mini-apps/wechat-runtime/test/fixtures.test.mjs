// The three fixture mini-programs driven end to end in the DOM, as a person would use them.
import test from 'node:test';
import assert from 'node:assert/strict';
import { boot, fixture, click, typeInto, page, tick } from '../support/helpers.mjs';
import { createMemoryStorage } from '../src/index.js';

const texts = (root, sel) => [...root.querySelectorAll(sel)].map((n) => n.textContent.trim());
const stored = (backend, key) => JSON.parse(backend.entries()[key]).data;

test('todo: add -> appears -> persisted; toggle, filter, remove; survives a restart', async () => {
  const backend = createMemoryStorage();
  const { rt, container } = await boot(fixture('todo'), { storage: backend });
  const p = page(container);
  assert.equal(container.querySelector('.wx-navbar-title').textContent, 'My todos');
  assert.equal(p.querySelector('.empty').textContent, 'Nothing to do');

  click(p.querySelector('#add'));
  await tick(rt);
  assert.equal(container.querySelector('.wx-toast-title').textContent, 'Write something first');

  for (const title of ['Buy tea', 'Boil water']) {
    typeInto(p.querySelector('wx-input.draft'), title);
    await tick(rt); // a person's keystrokes and tap are separate tasks: the render comes between
    click(p.querySelector('#add'));
    await tick(rt);
  }
  assert.deepEqual(texts(p, 'wx-todo-item .title'), ['Buy tea', 'Boil water']);
  assert.equal(p.querySelector('wx-input.draft input').value, '', 'the draft is cleared');
  assert.equal(p.querySelector('.footer').textContent, '2 left · launch #1');
  assert.deepEqual(stored(backend, 'todos').map((t) => [t.title, t.done]), [['Buy tea', false], ['Boil water', false]]);

  click(p.querySelectorAll('wx-todo-item wx-checkbox')[0]);
  await tick(rt);
  assert.ok(p.querySelectorAll('wx-todo-item .item')[0].classList.contains('done'));
  assert.equal(p.querySelector('.footer').textContent, '1 left · launch #1');
  assert.deepEqual(stored(backend, 'todos').map((t) => t.done), [true, false]);

  click(p.querySelectorAll('.filter')[2]); // done
  await tick(rt);
  assert.deepEqual(texts(p, 'wx-todo-item .title'), ['Buy tea']);
  click(p.querySelectorAll('.filter')[0]);
  await tick(rt);

  const before = rt.getCurrentPages()[0].data.filter;
  click(p.querySelectorAll('wx-todo-item .remove')[1]); // catchtap: the item's own tap does not fire
  await tick(rt);
  assert.deepEqual(texts(p, 'wx-todo-item .title'), ['Buy tea']);
  assert.equal(rt.getCurrentPages()[0].data.filter, before);
  assert.equal(stored(backend, 'todos').length, 1);

  // A new runtime over the same storage: the todo is back, and it is the second launch.
  rt.destroy();
  const again = await boot(fixture('todo'), { storage: backend });
  const p2 = page(again.container);
  assert.deepEqual(texts(p2, 'wx-todo-item .title'), ['Buy tea']);
  assert.equal(p2.querySelector('.footer').textContent, '0 left · launch #2');
});

test('shop: list (template, require) -> tap -> detail with query -> back; tab bar', async () => {
  const { rt, container } = await boot(fixture('shop'));
  const list = page(container);
  assert.deepEqual(texts(list, '.tea .name'), ['Longjing', 'Pu-erh', 'Tieguanyin']);
  assert.deepEqual(texts(list, '.tea .price'), ['¥128.00', '¥96.00', '¥88.00']);
  assert.equal(list.querySelector('.tea wx-image img').getAttribute('src'), '/mp/images/longjing.png');
  assert.ok(!container.querySelector('.wx-tabbar').hasAttribute('hidden'));
  assert.equal(rt.getCurrentPages()[0].data.shown, 1);

  click(list.querySelectorAll('.tea .origin')[1]); // a tap inside the item bubbles to its bindtap
  await tick(rt);
  const detail = page(container);
  assert.notEqual(detail, list);
  assert.equal(rt.getCurrentPages().length, 2);
  assert.deepEqual(rt.getCurrentPages()[1].options, { id: '2' });
  assert.equal(detail.querySelector('.name').textContent, 'Pu-erh');
  assert.equal(detail.querySelector('.price').textContent, '¥96.00');
  assert.equal(container.querySelector('.wx-navbar-title').textContent, 'Pu-erh', 'setNavigationBarTitle');
  assert.ok(container.querySelector('.wx-tabbar').hasAttribute('hidden'));
  assert.ok(!container.querySelector('.wx-navbar-back').hasAttribute('hidden'));

  click(detail.querySelector('#cart'));
  await tick(rt);
  assert.equal(detail.querySelector('#cart').textContent, 'In the cart');
  assert.ok(detail.querySelector('#cart').hasAttribute('disabled'));
  assert.deepEqual(rt.getApp().globalData.cart, [2]);

  click(detail.querySelector('#back'));
  await tick(rt);
  assert.equal(rt.getCurrentPages().length, 1);
  assert.equal(page(container), list);
  assert.ok(!detail.isConnected, 'the detail page is unloaded');
  assert.equal(rt.getCurrentPages()[0].data.shown, 2, 'onShow ran again');

  click(container.querySelectorAll('.wx-tabbar-item')[1]);
  await tick(rt);
  assert.equal(page(container).querySelector('.cart').textContent, 'Cart: 1 item');
  assert.equal(container.querySelector('.wx-tabbar-item[selected]').textContent, 'About');
  assert.match(container.querySelector('.wx-tabbar-item[selected] img').getAttribute('src'), /about-on\.png$/);
  click(container.querySelectorAll('.wx-tabbar-item')[0]);
  await tick(rt);
  assert.equal(page(container), list, 'the list tab page was kept alive');
});

test('signup: pick (selector, date), fill, submit -> wx.request with the right body', async () => {
  const calls = [];
  const fetch = async (url, init) => {
    calls.push({ url, init });
    return new Response(JSON.stringify({ id: 42 }), { status: 201, headers: { 'content-type': 'application/json' } });
  };
  const { rt, container } = await boot(fixture('signup'), { fetch });
  const p = page(container);
  const overlays = container.querySelector('.wx-overlays');

  // Submitting without a name shows a modal and sends nothing.
  click(p.querySelector('#send'));
  await tick(rt);
  assert.equal(overlays.querySelector('.wx-modal-title').textContent, 'Missing name');
  click(overlays.querySelector('.wx-modal-confirm'));
  assert.equal(calls.length, 0);

  typeInto(p.querySelector('wx-input'), 'Wu Yi');
  click(p.querySelector('#city .picked'));
  click([...overlays.querySelectorAll('.wx-picker-option')].find((o) => o.textContent === 'Beijing'));
  await tick(rt);
  assert.equal(p.querySelector('#city .picked').textContent, 'Beijing');

  click(p.querySelector('#date'));
  const date = overlays.querySelector('.wx-picker-date');
  assert.equal(date.min, '2030-01-01');
  date.value = '2030-06-15';
  click(overlays.querySelector('.wx-picker-confirm'));
  await tick(rt);
  assert.equal(p.querySelector('#date .picked').textContent, '2030-06-15');

  click(p.querySelectorAll('wx-radio')[2]);
  click(p.querySelector('wx-switch'));
  typeInto(p.querySelector('wx-textarea'), 'No nuts');

  click(p.querySelector('#send'));
  await tick(rt);
  assert.equal(calls.length, 1);
  assert.equal(calls[0].url, 'https://tea.example.com/api/signups');
  assert.equal(calls[0].init.method, 'POST');
  assert.equal(calls[0].init.headers['content-type'], 'application/json');
  assert.deepEqual(JSON.parse(calls[0].init.body), { name: 'Wu Yi', city: 'bj', date: '2030-06-15', people: 3, vegetarian: true, note: 'No nuts' });
  assert.equal(p.querySelector('.result').textContent, 'Booked: #42');
  assert.equal(overlays.querySelector('.wx-loading'), null, 'loading hidden in complete');
  assert.ok(!p.querySelector('#send').hasAttribute('disabled'));

  // Reset puts the form back (the page data, not the form, holds the pickers' labels).
  click(p.querySelector('#clear'));
  await tick(rt);
  assert.equal(p.querySelector('wx-input input').value, '');
  assert.ok(p.querySelectorAll('wx-radio')[1].hasAttribute('checked'));
});

test('signup: a failing request shows its errMsg', async () => {
  const fetch = async () => { throw new TypeError('Failed to fetch'); };
  const { rt, container } = await boot(fixture('signup'), { fetch });
  const p = page(container);
  typeInto(p.querySelector('wx-input'), 'A');
  click(p.querySelector('#send'));
  await tick(rt);
  assert.equal(p.querySelector('.result').textContent, 'Failed: request:fail Failed to fetch');
});
