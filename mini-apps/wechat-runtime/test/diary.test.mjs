// The diary fixture (a watch companion: 5 pages, 2 components, a tab bar, a form, storage,
// wx.request) driven end to end in the DOM as a person would use it, and its port report,
// which must list exactly the unsupported parts the fixture carries on purpose.
import test, { after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { boot, fixture, click, typeInto, page, tick, makeWindow, FIXTURES } from '../support/helpers.mjs';
import { createMemoryStorage } from '../src/index.js';

const texts = (root, sel) => [...root.querySelectorAll(sel)].map((n) => n.textContent.replace(/\s+/g, ' ').trim());
const stored = (backend, key) => { const raw = backend.entries()[key]; return raw === undefined ? undefined : JSON.parse(raw).data; };
const title = (container) => container.querySelector('.wx-navbar-title').textContent;
const overlays = (container) => container.querySelector('.wx-overlays');
const route = (rt) => rt.getCurrentPages().map((p) => p.route);
const pad = (n) => String(n).padStart(2, '0');
const dateKey = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const byText = (root, sel, text) => {
  const hit = [...root.querySelectorAll(sel)].find((n) => n.textContent.replace(/\s+/g, ' ').trim() === text);
  assert.ok(hit, `${sel} "${text}"`);
  return hit;
};
const DENIED = 'getLocation:fail auth deny';

/** Boots the diary; `geolocation` is the page's location source (default: none, as in a desktop window). */
async function start({ geolocation = null, ...opts } = {}) {
  const errors = [];
  const win = makeWindow();
  Object.defineProperty(win.navigator, 'geolocation', { value: geolocation, configurable: true });
  const r = await boot(fixture('diary'), { ...opts, win, onError: (e) => errors.push(e) });
  // Watch what wx.getLocation answers the diary, without changing it.
  const located = [];
  const real = r.rt.wx.getLocation;
  r.rt.wx.getLocation = (o) => real({
    ...o,
    success: (res) => { located.push(res.errMsg); o.success(res); },
    fail: (err) => { located.push(err.errMsg); o.fail(err); },
  });
  return { ...r, errors, located };
}

const tab = async (rt, container, i) => { click(container.querySelectorAll('.wx-tabbar-item')[i]); await tick(rt); };

/** Fills the edit form the way a person does, then taps Save. */
async function fillAndSave(rt, container, e) {
  const p = page(container);
  const win = p.ownerDocument.defaultView;
  if (e.date) {
    click(p.querySelector('#date'));
    overlays(container).querySelector('.wx-picker-date').value = e.date;
    click(overlays(container).querySelector('.wx-picker-confirm'));
    await tick(rt);
  }
  if (e.activity) {
    click(p.querySelector('#activity'));
    click(byText(overlays(container), '.wx-picker-option', e.activity));
    await tick(rt);
  }
  if (e.steps !== undefined) { typeInto(p.querySelector('#steps'), e.steps); await tick(rt); }
  if (e.sleep !== undefined) {
    const range = p.querySelector('#sleep input');
    range.value = e.sleep;
    range.dispatchEvent(new win.Event('change', { bubbles: true }));
    await tick(rt);
  }
  if (e.mood) { click(byText(p, 'wx-mood-picker .mood-label', e.mood)); await tick(rt); }
  if (e.energy) click(byText(p, '#energy wx-label', e.energy).querySelector('wx-radio'));
  for (const t of e.tags || []) click(byText(p, '#tags wx-label', t).querySelector('wx-checkbox'));
  if (e.noSync) click(p.querySelector('#sync'));
  if (e.note !== undefined) typeInto(p.querySelector('#note'), e.note);
  await tick(rt);
  click(p.querySelector('#save'));
  await tick(rt);
  // The runtime asks once per run before a page gets the location (app.json's desc is the reason).
  const modal = overlays(container).querySelector('.wx-modal');
  if (e.location) {
    assert.ok(modal, 'the location dialog');
    assert.equal(modal.querySelector('.wx-modal-title').textContent, 'Share your location?');
    assert.equal(modal.querySelector('.wx-modal-content').textContent, 'Your location tags diary entries with the place');
    click(modal.querySelector(e.location === 'allow' ? '.wx-modal-confirm' : '.wx-modal-cancel'));
    await tick(rt);
  } else {
    assert.equal(modal, null, 'no dialog');
  }
}

test('diary: entries through the form, Today and History, detail, edit, delete; no place when location is refused', async () => {
  const backend = createMemoryStorage();
  const { rt, container, errors, located } = await start({ storage: backend });
  const today = dateKey(new Date());
  let p = page(container);

  // Today, first launch: the tab bar, the greeting, empty stats.
  assert.equal(title(container), 'Today');
  assert.deepEqual(texts(container, '.wx-tabbar-item'), ['Today', 'History', 'Settings']);
  assert.match(container.querySelector('.wx-tabbar-item[selected] img').getAttribute('src'), /images\/today-on\.png$/);
  assert.match(p.querySelector('.hello-name').textContent, /^Good (morning|afternoon|evening), friend$/);
  assert.equal(p.querySelector('.status-text').textContent, 'No entry yet today');
  assert.equal(p.querySelector('#steps .stat-value').textContent, '0');
  assert.equal(p.querySelector('.empty').textContent, 'Your entries will show up here');
  assert.deepEqual(texts(p, '.tip-title'), ['Move every hour', 'Same bedtime', 'Write it down']);
  assert.equal(stored(backend, 'launches'), 1);

  // Add: navigateTo the form with today's date in the query.
  click(p.querySelector('#add'));
  await tick(rt);
  assert.deepEqual(route(rt), ['pages/today/index', 'pages/edit/index']);
  assert.deepEqual(rt.getCurrentPages()[1].options, { date: today });
  assert.equal(title(container), 'New entry');
  assert.ok(container.querySelector('.wx-tabbar').hasAttribute('hidden'));
  p = page(container);
  assert.equal(p.querySelector('#date .picked').textContent, today);
  assert.equal(p.querySelector('#activity .picked').textContent, 'Walking');
  assert.equal(p.querySelector('.sleep-text').textContent, '7 h');

  // Saving without a mood is refused; bad steps get a modal. Nothing is stored.
  click(p.querySelector('#save'));
  await tick(rt);
  assert.equal(overlays(container).querySelector('.wx-toast-title').textContent, 'Pick a mood');
  typeInto(p.querySelector('#steps'), '-5');
  click(p.querySelector('#save'));
  await tick(rt);
  assert.equal(overlays(container).querySelector('.wx-modal-title').textContent, 'Check the steps');
  assert.equal(overlays(container).querySelector('.wx-modal-cancel'), null);
  click(overlays(container).querySelector('.wx-modal-confirm'));
  assert.equal(stored(backend, 'entries'), undefined);

  await fillAndSave(rt, container, {
    activity: 'Running', steps: '12345', sleep: '7.5', mood: 'Great', energy: 'High', tags: ['Coffee', 'Workout'], note: '  Morning run by the river ',
    location: 'deny',
  });
  // The place was asked for, the person refused, and the entry is saved without one.
  assert.deepEqual(located, [DENIED]);
  assert.deepEqual(stored(backend, 'entries'), [{
    id: 'e1', date: today, activity: 'run', steps: 12345, sleep: 7.5, mood: 'great', energy: 'high',
    tags: ['coffee', 'workout'], sync: true, note: 'Morning run by the river', synced: false,
  }]);
  assert.equal(overlays(container).querySelector('.wx-toast-title').textContent, 'Saved');
  assert.deepEqual(route(rt), ['pages/today/index'], 'back to Today');
  p = page(container);
  assert.equal(p.querySelector('.status-text').textContent, 'Step goal reached');
  assert.equal(p.querySelector('.status wx-icon').getAttribute('type'), 'success');
  assert.equal(p.querySelector('#steps .stat-value').textContent, '12,345');
  assert.deepEqual(texts(p, '#steps .stat-goal'), ['Goal 8000 · 100% of goal']);
  assert.equal(p.querySelector('#sleep .stat-value').textContent, '7.5 h');
  assert.deepEqual(texts(p, '#sleep .stat-goal'), ['94% of goal']);
  assert.deepEqual(texts(p, '.recent-item .entry-line-text'), ['Running, 12,345 steps']);

  // A second entry for an earlier day, kept off the sync.
  click(p.querySelector('#add'));
  await tick(rt);
  await fillAndSave(rt, container, { date: '2024-03-14', steps: '3200', sleep: '6', mood: 'Bad', tags: ['Headache'], noSync: true, note: '' });
  assert.deepEqual(located, [DENIED, DENIED], 'refused again without a second dialog');
  assert.equal(stored(backend, 'entries')[1].place, undefined);
  assert.deepEqual(stored(backend, 'entries').map((e) => [e.id, e.date, e.activity, e.steps, e.sleep, e.mood, e.energy, e.tags, e.sync, e.note]), [
    ['e1', today, 'run', 12345, 7.5, 'great', 'high', ['coffee', 'workout'], true, 'Morning run by the river'],
    ['e2', '2024-03-14', 'walk', 3200, 6, 'bad', 'normal', ['headache'], false, ''],
  ]);
  assert.equal(page(container).querySelector('#steps .stat-value').textContent, '12,345', 'only today counts');

  // History: grouped by day, newest first, through the imported template; a mood filter.
  await tab(rt, container, 1);
  p = page(container);
  assert.equal(title(container), 'History');
  assert.deepEqual(texts(p, '.day'), [texts(p, '.day')[0], 'Thu, 14 Mar 2024']);
  assert.match(texts(p, '.day')[0], new RegExp(`^\\w{3}, ${new Date().getDate()} \\w{3} ${new Date().getFullYear()}$`));
  assert.deepEqual(texts(p, '.entry-title'), ['Running · 12,345 steps', 'Walking · 3,200 steps']);
  assert.deepEqual(texts(p, '.entry-sub'), ['Slept 7.5 h · Coffee, Workout', 'Slept 6 h · Headache']);
  assert.deepEqual(texts(p, '.entry-note'), ['Morning run by the river']);
  assert.equal(p.querySelector('.summary').textContent, '2 entries');
  assert.match(p.querySelector('.footer').textContent, /^Health Diary 1\.4\.2 · /, 'the included footer sees the page data');
  click(byText(p, '.chip', '😞 Bad'));
  await tick(rt);
  assert.deepEqual(texts(p, '.entry-title'), ['Walking · 3,200 steps']);
  assert.equal(p.querySelector('.summary').textContent, '1 of 2 entries');
  click(byText(p, '.chip', '😐 Okay'));
  await tick(rt);
  assert.equal(p.querySelector('.empty').textContent, 'No entries with this mood.');
  click(byText(p, '.chip', 'All'));
  await tick(rt);

  // Open the first entry: navigateTo with its id; the title is its date.
  click(p.querySelectorAll('.entry-row .entry-title')[0]);
  await tick(rt);
  assert.deepEqual(route(rt), ['pages/history/index', 'pages/entry/index']);
  assert.deepEqual(rt.getCurrentPages()[1].options, { id: 'e1' });
  p = page(container);
  assert.equal(title(container), texts(rt.getCurrentPages()[0].__wx.el, '.day')[0]);
  assert.deepEqual([p.querySelector('.mood-label').textContent, p.querySelector('.steps').textContent, p.querySelector('.sleep').textContent,
    p.querySelector('.energy').textContent, p.querySelector('.tags').textContent, p.querySelector('.sync').textContent],
  ['Great', '12,345', '7.5 h', 'high', 'Coffee, Workout', 'Waiting to sync']);
  assert.equal(p.querySelector('.place-text').textContent, 'No place recorded');
  assert.equal(p.querySelector('wx-map'), null, 'no map without a place');

  // More -> Edit: redirectTo the form, filled from the entry.
  click(p.querySelector('#more'));
  await tick(rt);
  assert.deepEqual(texts(overlays(container), '.wx-actionsheet-item'), ['Edit', 'Delete']);
  click(overlays(container).querySelectorAll('.wx-actionsheet-item')[0]);
  await tick(rt);
  assert.deepEqual(route(rt), ['pages/history/index', 'pages/edit/index']);
  assert.equal(title(container), 'Edit entry');
  p = page(container);
  assert.equal(p.querySelector('#steps input').value, '12345');
  assert.equal(p.querySelector('#activity .picked').textContent, 'Running');
  assert.equal(p.querySelector('#sleep input').value, '7.5');
  assert.deepEqual(texts(p, 'wx-mood-picker .mood-on .mood-label'), ['Great']);
  assert.deepEqual(texts(p, '#tags wx-label').filter((_, i) => p.querySelectorAll('#tags wx-checkbox')[i].hasAttribute('checked')), ['Coffee', 'Workout']);
  assert.equal(p.querySelector('#note textarea').value, 'Morning run by the river');

  // Reset undoes what was changed (the picker labels come from the page data).
  click(p.querySelector('#activity'));
  click(byText(overlays(container), '.wx-picker-option', 'Swimming'));
  typeInto(p.querySelector('#steps'), '1');
  await tick(rt);
  assert.equal(p.querySelector('#activity .picked').textContent, 'Swimming');
  click(p.querySelector('#reset'));
  await tick(rt);
  assert.equal(p.querySelector('#activity .picked').textContent, 'Running');
  assert.equal(p.querySelector('#steps input').value, '12345');

  await fillAndSave(rt, container, { steps: '15000', mood: 'Good' });
  assert.equal(located.length, 2, 'an edit keeps the place it had and does not ask again');
  assert.deepEqual(route(rt), ['pages/history/index']);
  p = page(container);
  assert.deepEqual(texts(p, '.entry-title'), ['Running · 15,000 steps', 'Walking · 3,200 steps']);
  assert.deepEqual(stored(backend, 'entries').map((e) => [e.id, e.steps, e.mood, e.activity, e.tags]),
    [['e1', 15000, 'good', 'run', ['coffee', 'workout']], ['e2', 3200, 'bad', 'walk', ['headache']]]);

  // Delete the second: the action sheet, a cancelled modal, then a confirmed one.
  click(p.querySelectorAll('.entry-row')[1]);
  await tick(rt);
  assert.deepEqual(rt.getCurrentPages()[1].options, { id: 'e2' });
  assert.equal(title(container), 'Thu, 14 Mar 2024');
  assert.equal(page(container).querySelector('.sync').textContent, 'Kept on this device');
  for (const confirm of [false, true]) {
    click(page(container).querySelector('#more'));
    await tick(rt);
    click(byText(overlays(container), '.wx-actionsheet-item', 'Delete'));
    await tick(rt);
    assert.equal(overlays(container).querySelector('.wx-modal-title').textContent, 'Delete entry?');
    assert.equal(overlays(container).querySelector('.wx-modal-content').textContent, 'The entry of Thu, 14 Mar 2024 is removed from this device.');
    click(overlays(container).querySelector(confirm ? '.wx-modal-confirm' : '.wx-modal-cancel'));
    await tick(rt);
    assert.equal(stored(backend, 'entries').length, confirm ? 1 : 2);
  }
  assert.deepEqual(route(rt), ['pages/history/index']);
  assert.deepEqual(texts(page(container), '.entry-title'), ['Running · 15,000 steps']);

  // Back on Today (kept alive, refreshed in onShow); its "See all" navigator switches tabs.
  await tab(rt, container, 0);
  assert.deepEqual(texts(page(container), '.recent-item .entry-line-text'), ['Running, 15,000 steps']);
  click(page(container).querySelector('.see-all'));
  await tick(rt);
  assert.deepEqual(route(rt), ['pages/history/index']);
  assert.equal(container.querySelector('.wx-tabbar-item[selected] .wx-tabbar-text').textContent, 'History');
  // Today put the number of entries still to sync on the History tab (wx.setTabBarBadge).
  const unsynced = stored(backend, 'entries').filter((e) => e.sync && !e.synced).length;
  assert.ok(unsynced > 0);
  assert.equal(container.querySelectorAll('.wx-tabbar-item')[1].querySelector('.wx-tabbar-badge').textContent, String(unsynced));
  assert.deepEqual(errors, []);
  rt.destroy();
});

test('diary: settings persist, a restart keeps everything, Today follows the goals', async () => {
  const backend = createMemoryStorage();
  let { rt, container, errors } = await start({ storage: backend });
  click(page(container).querySelector('#add'));
  await tick(rt);
  await fillAndSave(rt, container, { steps: '9000', sleep: '6.5', mood: 'Okay', location: 'deny' });
  assert.equal(page(container).querySelector('.status-text').textContent, 'Step goal reached');

  await tab(rt, container, 2);
  let p = page(container);
  assert.equal(title(container), 'Settings');
  assert.equal(p.querySelector('.about').textContent, 'ElastOS Node · launch #1', 'getSystemInfoSync model, launch count');
  assert.equal(p.querySelector('#step-goal input').value, '8000');
  typeInto(p.querySelector('#name'), 'Mei');
  const range = p.querySelector('#step-goal input');
  range.value = '12000';
  range.dispatchEvent(new (p.ownerDocument.defaultView).Event('change', { bubbles: true }));
  click(p.querySelector('#sleep-goal'));
  click(byText(overlays(container), '.wx-picker-option', '7 h'));
  click(p.querySelector('#place'));
  await tick(rt);
  assert.equal(p.querySelector('#sleep-goal .picked').textContent, '7 h');
  assert.deepEqual(stored(backend, 'settings'), { name: 'Mei', stepGoal: 12000, sleepGoal: 7, recordPlace: false, lastSync: '' });
  assert.deepEqual(rt.getApp().globalData.settings, stored(backend, 'settings'));

  await tab(rt, container, 0);
  p = page(container);
  assert.match(p.querySelector('.hello-name').textContent, /, Mei$/);
  assert.equal(p.querySelector('.status-text').textContent, '3,000 steps to go');
  assert.equal(p.querySelector('.status wx-icon').getAttribute('type'), 'waiting');
  assert.deepEqual(texts(p, '#steps .stat-goal'), ['Goal 12000 · 75% of goal']);
  assert.deepEqual(texts(p, '#sleep .stat-goal'), ['93% of goal']);

  // Tapping a stat card: the component's event reaches the page (Sleep: a toast; Steps: History).
  click(p.querySelector('#sleep .stat-value'));
  await tick(rt);
  assert.equal(overlays(container).querySelector('.wx-toast-title').textContent, 'Goal: 7 h of sleep');
  click(p.querySelector('#steps .stat-label'));
  await tick(rt);
  assert.equal(title(container), 'History');

  // With "record place" off, a new entry does not ask for the location at all.
  await tab(rt, container, 0);
  click(page(container).querySelector('#add'));
  await tick(rt);
  const asked = [];
  rt.wx.getLocation = (o) => { asked.push(o); o.fail({ errMsg: 'getLocation:fail auth deny' }); };
  await fillAndSave(rt, container, { date: '2025-01-02', steps: '100', mood: 'Good' });
  assert.equal(asked.length, 0);
  assert.equal(stored(backend, 'entries').length, 2);
  assert.deepEqual(errors, []);

  // A new runtime over the same storage: settings, entries and the launch count are back.
  rt.destroy();
  ({ rt, container, errors } = await start({ storage: backend }));
  p = page(container);
  assert.match(p.querySelector('.hello-name').textContent, /, Mei$/);
  assert.equal(p.querySelector('.status-text').textContent, '3,000 steps to go');
  assert.equal(p.querySelector('#steps .stat-value').textContent, '9,000');
  await tab(rt, container, 1);
  assert.deepEqual(texts(page(container), '.entry-title'), ['Walking · 9,000 steps', 'Walking · 100 steps']);
  await tab(rt, container, 2);
  p = page(container);
  assert.equal(p.querySelector('#name input').value, 'Mei');
  assert.equal(p.querySelector('#step-goal input').value, '12000');
  assert.equal(p.querySelector('#sleep-goal .picked').textContent, '7 h');
  assert.ok(!p.querySelector('#place').hasAttribute('checked'));
  assert.equal(p.querySelector('.about').textContent, 'ElastOS Node · launch #2');
  assert.deepEqual(errors, []);
  rt.destroy();
});

test('diary: sync sends the pending entries to diary.example.com; failures are shown; clear all', async () => {
  const calls = [];
  let answer = (body) => new Response(JSON.stringify({ accepted: body.entries.map((e) => e.id) }), { status: 200, headers: { 'content-type': 'application/json' } });
  const fetch = async (url, init) => { calls.push({ url, init }); return answer(JSON.parse(init.body)); };
  const backend = createMemoryStorage();
  const { rt, container, errors, located } = await start({ storage: backend, fetch });
  const today = dateKey(new Date());
  for (const e of [
    { steps: '4321', sleep: '8', mood: 'Good', tags: ['Alcohol'], note: 'Dinner out', location: 'allow' },
    { date: '2024-02-29', steps: '0', mood: 'Okay', noSync: true },
    { date: '2024-03-01', activity: 'Cycling', steps: '20000', sleep: '9.5', mood: 'Great', energy: 'Low' },
  ]) {
    click(page(container).querySelector('#add'));
    await tick(rt);
    await fillAndSave(rt, container, e);
  }
  assert.equal(stored(backend, 'entries').length, 3);
  // Allowed, but this window has no location source: saved without a place all the same.
  assert.equal(located.length, 3);
  for (const m of located) assert.match(m, /^getLocation:fail this page has no location source/);
  assert.ok(stored(backend, 'entries').every((e) => !('place' in e)));

  await tab(rt, container, 2);
  const p = page(container);
  assert.equal(p.querySelector('.pending').textContent, '2 to send');
  assert.equal(p.querySelector('.last-sync').textContent, 'Never synced');

  // A server error: nothing is marked, the page says why.
  answer = () => new Response('{"error":"busy"}', { status: 503, headers: { 'content-type': 'application/json' } });
  click(p.querySelector('#sync-now'));
  await tick(rt);
  assert.equal(p.querySelector('.sync-error wx-text').textContent, 'Sync failed: HTTP 503');
  assert.equal(p.querySelector('.pending').textContent, '2 to send');
  // A network error: the request's errMsg.
  answer = () => { throw new TypeError('Failed to fetch'); };
  click(p.querySelector('#sync-now'));
  await tick(rt);
  assert.equal(p.querySelector('.sync-error wx-text').textContent, 'Sync failed: request:fail Failed to fetch');

  answer = (body) => new Response(JSON.stringify({ accepted: body.entries.map((e) => e.id) }), { status: 200, headers: { 'content-type': 'application/json' } });
  click(p.querySelector('#sync-now'));
  await tick(rt);
  assert.equal(calls.length, 3);
  for (const c of calls) {
    assert.equal(c.url, 'https://diary.example.com/api/v1/entries');
    assert.equal(c.init.method, 'POST');
    assert.equal(c.init.headers['content-type'], 'application/json');
    assert.equal(c.init.headers['X-Diary-Client'], 'miniprogram');
  }
  // Only the entries marked for sync, newest day first, in the wire format.
  assert.deepEqual(JSON.parse(calls[2].init.body), {
    device: 'ElastOS Node',
    entries: [
      { id: 'e1', date: today, activity: 'walk', steps: 4321, sleep: 8, mood: 'good', energy: 'normal', tags: ['alcohol'], note: 'Dinner out' },
      { id: 'e3', date: '2024-03-01', activity: 'cycle', steps: 20000, sleep: 9.5, mood: 'great', energy: 'low', tags: [], note: '' },
    ],
  });
  assert.equal(p.querySelector('.sync-error'), null);
  assert.equal(overlays(container).querySelector('.wx-toast-title').textContent, 'Synced');
  assert.equal(p.querySelector('.pending').textContent, '0 to send');
  assert.equal(p.querySelector('.last-sync').textContent, `Last sync: 2 entries on ${today}`);
  assert.deepEqual(stored(backend, 'entries').map((e) => [e.id, e.synced]), [['e1', true], ['e3', true], ['e2', false]]);
  assert.deepEqual(stored(backend, 'settings').lastSync, { date: today, count: 2 });

  // Nothing left: no request.
  click(p.querySelector('#sync-now'));
  await tick(rt);
  assert.equal(calls.length, 3);
  assert.equal(overlays(container).querySelector('.wx-toast-title').textContent, 'Nothing to sync');

  // The synced mark shows in History.
  await tab(rt, container, 1);
  assert.equal(page(container).querySelectorAll('.entry-row .entry-synced').length, 2);

  // Clear all: a confirmed modal empties the diary.
  await tab(rt, container, 2);
  click(p.querySelector('#clear'));
  await tick(rt);
  assert.equal(overlays(container).querySelector('.wx-modal-title').textContent, 'Clear all entries?');
  click(overlays(container).querySelector('.wx-modal-confirm'));
  await tick(rt);
  assert.equal(stored(backend, 'entries'), undefined);
  assert.equal(stored(backend, 'entry-seq'), undefined);
  await tab(rt, container, 1);
  assert.deepEqual(texts(page(container), '.empty > wx-view, .empty > wx-button'), ['No entries yet.', 'Write the first one']);
  assert.equal(page(container).querySelector('.entry-row'), null);
  click(page(container).querySelector('.first'));
  await tick(rt);
  assert.deepEqual(route(rt), ['pages/history/index', 'pages/edit/index']);
  assert.equal(page(container).querySelector('#date .picked').textContent, today, 'a new entry is for today');
  assert.deepEqual(errors, []);
  rt.destroy();
});

test('diary: where the platform gives a place, the entry keeps it and the detail page shows it', async () => {
  const backend = createMemoryStorage();
  const asked = [];
  const geolocation = {
    getCurrentPosition(ok, fail, options) {
      asked.push(options);
      ok({ coords: { latitude: 31.2304, longitude: 121.4737, accuracy: 20, altitude: null, altitudeAccuracy: null, speed: null } });
    },
  };
  const { rt, container, errors, located } = await start({ storage: backend, geolocation });
  click(page(container).querySelector('#add'));
  await tick(rt);
  await fillAndSave(rt, container, { steps: '500', mood: 'Good', location: 'allow' });
  assert.equal(asked.length, 1, 'the browser was asked once');
  assert.deepEqual(located, ['getLocation:ok']);
  assert.deepEqual(stored(backend, 'entries')[0].place, { latitude: 31.2304, longitude: 121.4737 });
  click(page(container).querySelector('.recent-item'));
  await tick(rt);
  const p = page(container);
  assert.equal(p.querySelector('.place-text').textContent, 'Written at 31.2304, 121.4737');
  // <map> is not a built-in: it renders as a plain element (and the port report lists it).
  const map = p.querySelector('wx-map');
  assert.ok(map);
  assert.equal(map.children.length, 0);
  assert.deepEqual(errors, []);
  rt.destroy();
});

// ---- the port --------------------------------------------------------------------------------

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const made = [];
after(() => { for (const d of made) fs.rmSync(d, { recursive: true, force: true }); });

test('diary ports: the report lists exactly the planted unsupported parts; the API host is granted', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wx-diary-'));
  made.push(dir);
  const out = path.join(dir, 'out');
  const r = spawnSync(process.execPath, [path.join(ROOT, 'tools', 'port.mjs'), path.join(FIXTURES, 'diary'), out], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(fs.readFileSync(path.join(out, 'port-report.json'), 'utf8'));
  assert.deepEqual(report.files, {
    'components/mood-picker/index.js': { behaviors: ['wx://form-field'] },
    'pages/edit/index.js': { apis: ['vibrateShort'] },
    'pages/entry/index.wxml': { components: ['map'] },
  });
  assert.deepEqual(report.plugins, []);
  assert.deepEqual(report.subpackages, []);
  assert.deepEqual(report.hosts, { granted: ['diary.example.com'], ungranted: [] });
  const m = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'));
  assert.equal(m.id, 'org.wechat.wx5e8d2c4a1b3f6079');
  assert.equal(m.name, 'health-diary');
  assert.deepEqual(m.capabilities, ['storage.kv', 'identity.read', 'net.fetch:diary.example.com']);
  for (const f of ['ui/mp/app.json', 'ui/mp/images/today-on.png', 'ui/mp/__esm__/utils/sync.js', 'ui/mp/__esm__/components/stat-card/index.js', 'ui/mp/templates/entry.wxml']) {
    assert.ok(fs.existsSync(path.join(out, f)), f);
  }
  assert.ok(!fs.existsSync(path.join(out, 'ui/mp/project.config.json')));
});
