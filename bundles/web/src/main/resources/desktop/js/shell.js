// SPDX-License-Identifier: Apache-2.0
// The desktop shell: top bar (who, role, sign out), the launcher dock, and windows as tabs.
// Owner-only windows are neither listed nor opened for members and guests; the node refuses
// their APIs anyway (403), the shell only avoids showing what cannot work.

import { api, session } from './api.js';
import { el, clear, tabKeys, shortDid, errorToast } from './ui.js';
import { createFiles } from './files.js';
import { createAppCenter } from './apps.js';
import { createAppWindow } from './appwindow.js';
import { createServices } from './services.js';
import { createAudit } from './audit.js';
import { createPeople } from './people.js';
import { createPeers } from './peers.js';

const BUILTIN = [
  { key: 'files', label: 'Files', glyph: 'F', create: createFiles, owner: false },
  { key: 'apps', label: 'App center', glyph: 'A', create: createAppCenter, owner: true },
  { key: 'services', label: 'Services', glyph: 'S', create: createServices, owner: true },
  { key: 'audit', label: 'Audit', glyph: 'L', create: createAudit, owner: true },
  { key: 'people', label: 'People & devices', glyph: 'P', create: createPeople, owner: true },
  { key: 'peers', label: 'Peers & messages', glyph: 'M', create: createPeers, owner: true },
];

const windows = new Map(); // key -> {tab, panel, dispose}
let ctx = null;

function $(id) { return document.getElementById(id); }

export function showDesktop(who, onSignOut) {
  const owner = who.role === 'owner';
  ctx = { who, owner, openApp, refreshDock, closeWindow };
  $('login').hidden = true;
  $('desktop').hidden = false;
  const name = session.name;
  clear($('who'),
    el('span', { class: 'who-name', title: who.did }, name && name !== 'this device' ? name : shortDid(who.did)),
    el('span', { class: `role role-${who.role}` }, who.role));
  $('signout').onclick = onSignOut;
  for (const key of [...windows.keys()]) closeWindow(key);
  refreshDock();
  open('files');
}

/** The dock: the built-in windows this role may use, then the installed apps (owner). */
export async function refreshDock() {
  const list = $('dock-list');
  const items = BUILTIN.filter((b) => ctx.owner || !b.owner).map((b) => dockItem(b.key, b.label, b.glyph, () => open(b.key)));
  clear(list, items);
  if (!ctx.owner) return;
  try {
    const apps = await api('GET', '/api/apps');
    const installed = apps.filter((a) => a.state !== 'removed');
    if (installed.length) list.append(el('li', { class: 'dock-sep', role: 'separator' }));
    for (const a of installed) {
      list.append(dockItem(`app:${a.id}`, a.name, a.name.slice(0, 1).toUpperCase(), () => openApp(a.id, a.name), a.state));
    }
  } catch (e) {
    if (e.status !== 401) errorToast('Could not list the apps', e);
  }
}

function dockItem(key, label, glyph, onclick, state) {
  return el('li', {},
    el('button', { type: 'button', class: 'dock-item', 'data-key': key, onclick, title: state ? `${label} (${state})` : label },
      el('span', { class: 'glyph', 'aria-hidden': 'true' }, glyph),
      el('span', { class: 'dock-label' }, label)));
}

function open(key) {
  const b = BUILTIN.find((x) => x.key === key);
  if (!b || (b.owner && !ctx.owner)) return;
  openWindow(key, b.label, () => b.create(ctx));
}

export function openApp(id, name) {
  openWindow(`app:${id}`, name || id, () => createAppWindow(ctx, id, name || id));
}

function openWindow(key, title, create) {
  if (!windows.has(key)) {
    const safe = key.replace(/[^a-z0-9-]/gi, '-');
    const tab = el('button', { type: 'button', role: 'tab', id: `tab-${safe}`, 'aria-controls': `panel-${safe}`, 'data-key': key }, title);
    const built = create();
    const close = el('button', { type: 'button', class: 'close-window', 'aria-label': `Close ${title}`, onclick: () => closeWindow(key) }, '×');
    const panel = el('section', { role: 'tabpanel', id: `panel-${safe}`, 'aria-labelledby': tab.id, class: 'window', 'data-key': key },
      el('header', { class: 'window-head' }, el('h2', {}, title), built.actions || null, close),
      built.element);
    $('tabstrip').append(tab);
    $('panels').append(panel);
    windows.set(key, { tab, panel, built });
  }
  focusWindow(key);
}

function focusWindow(key) {
  for (const [k, w] of windows) {
    const on = k === key;
    w.tab.setAttribute('aria-selected', String(on));
    w.tab.tabIndex = on ? 0 : -1;
    w.panel.hidden = !on;
    if (on && w.built.onShow) w.built.onShow();
  }
  for (const b of document.querySelectorAll('.dock-item')) {
    b.toggleAttribute('aria-current', b.dataset.key === key);
  }
}

export function closeWindow(key) {
  const w = windows.get(key);
  if (!w) return;
  if (w.built.dispose) w.built.dispose();
  const wasSelected = w.tab.getAttribute('aria-selected') === 'true';
  w.tab.remove();
  w.panel.remove();
  windows.delete(key);
  if (wasSelected && windows.size) focusWindow([...windows.keys()].pop());
}

export function initShell() {
  const strip = $('tabstrip');
  strip.addEventListener('click', (ev) => {
    const t = ev.target.closest('[role=tab]');
    if (t) focusWindow(t.dataset.key);
  });
  tabKeys(strip, (t) => focusWindow(t.dataset.key));
  strip.addEventListener('keydown', (ev) => {
    const t = ev.target.closest('[role=tab]');
    if (t && ev.key === 'Delete') closeWindow(t.dataset.key);
  });
}
