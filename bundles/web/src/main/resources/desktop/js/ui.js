// SPDX-License-Identifier: Apache-2.0
// Small DOM helpers, notifications and dialogs. Text always goes in as text nodes, never as HTML.

/**
 * Makes an element: el('button', {class: 'x', onclick: fn, 'aria-label': 'y'}, 'text', child…).
 * Attributes whose value is false, null or undefined are left out; "on…" keys add listeners.
 */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === false || v === null || v === undefined) continue;
    if (k.startsWith('on') && typeof v === 'function') e.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k === 'checked') { e.defaultChecked = !!v; e.checked = !!v; } // survives form.reset()
    else if (k in e && typeof v !== 'string' && k !== 'list') e[k] = v;
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  append(e, children);
  return e;
}

function append(parent, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    parent.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

const MAX_TOASTS = 3;

/** A notification; errors stay longer and are announced assertively. */
export function toast(message, kind = 'info', { action, timeout } = {}) {
  const box = document.getElementById('toasts');
  const t = el('div', { class: `toast ${kind}`, role: kind === 'error' ? 'alert' : 'status' });
  t.append(el('span', { class: 'toast-text' }, message));
  if (action) {
    t.append(el('button', { type: 'button', class: 'link', onclick: () => { action.run(); t.remove(); } }, action.label));
  }
  t.append(el('button', { type: 'button', class: 'close', 'aria-label': 'Dismiss', onclick: () => t.remove() }, '×'));
  box.append(t);
  // A few at a time: older notifications make room instead of covering the desktop.
  while (box.children.length > MAX_TOASTS) box.firstElementChild.remove();
  const ms = timeout ?? (kind === 'error' ? 10000 : kind === 'success' ? 4000 : 6000);
  setTimeout(() => t.remove(), ms);
  return t;
}

export function errorToast(prefix, e) {
  return toast(`${prefix}: ${e && e.message ? e.message : e}`, 'error');
}

/**
 * Shows a modal dialog built from `content` and buttons; resolves with the pressed button's value
 * (or null on Escape/cancel). `form` values are available via dialog.querySelector in `onSubmit`.
 */
export function dialog({ title, content = [], buttons = [{ label: 'Close', value: null }], onSubmit, label }) {
  return new Promise((resolve) => {
    const form = el('form', { method: 'dialog', class: 'stack' });
    const heading = el('h2', { id: 'dlg-title-' + Math.random().toString(36).slice(2) }, title);
    const d = el('dialog', { class: 'dialog', 'aria-labelledby': heading.id, 'aria-label': label });
    form.append(heading, ...[content].flat());
    const row = el('div', { class: 'buttons' });
    for (const b of buttons) {
      row.append(el('button', { type: b.submit ? 'submit' : 'button', value: b.value ?? '', class: b.primary ? 'primary' : (b.danger ? 'danger' : ''),
        onclick: b.submit ? null : () => { d.close(); resolve(b.value ?? null); } }, b.label));
    }
    form.append(row);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const value = ev.submitter ? ev.submitter.value : '';
      if (onSubmit) {
        try {
          const ok = await onSubmit(form, value);
          if (ok === false) return;
        } catch (e) {
          errorToast(title, e);
          return;
        }
      }
      d.close();
      resolve(value || true);
    });
    d.addEventListener('cancel', () => resolve(null));
    d.addEventListener('close', () => d.remove());
    d.append(form);
    document.body.append(d);
    d.showModal();
  });
}

export async function confirmDialog(title, text, okLabel = 'OK', danger = false) {
  const v = await dialog({
    title,
    content: [el('p', {}, text)],
    buttons: [{ label: 'Cancel', value: null }, { label: okLabel, value: 'ok', submit: true, primary: !danger, danger }],
  });
  return v === 'ok';
}

export function formatBytes(n) {
  if (n === null || n === undefined) return '';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let v = Number(n);
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

export function formatTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return isNaN(d) ? iso : d.toLocaleString();
}

/** Disables a button while `work` runs. */
export async function busy(button, work) {
  const was = button.disabled;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try { return await work(); } finally {
    button.disabled = was;
    button.removeAttribute('aria-busy');
  }
}

/** Arrow-key navigation between the tabs of a role=tablist (WAI-ARIA tabs pattern). */
export function tabKeys(list, activate) {
  list.addEventListener('keydown', (ev) => {
    const tabs = [...list.querySelectorAll('[role=tab]')];
    const i = tabs.indexOf(document.activeElement);
    if (i < 0) return;
    let next = -1;
    if (ev.key === 'ArrowRight' || ev.key === 'ArrowDown') next = (i + 1) % tabs.length;
    else if (ev.key === 'ArrowLeft' || ev.key === 'ArrowUp') next = (i - 1 + tabs.length) % tabs.length;
    else if (ev.key === 'Home') next = 0;
    else if (ev.key === 'End') next = tabs.length - 1;
    if (next >= 0) {
      ev.preventDefault();
      tabs[next].focus();
      activate(tabs[next]);
    }
  });
}

export function shortDid(did) {
  if (!did) return '';
  if (did.startsWith('did:pkh:')) {
    const addr = did.split(':').pop();
    return `${addr.slice(0, 6)}…${addr.slice(-4)}`;
  }
  return did.length > 24 ? `${did.slice(0, 14)}…${did.slice(-6)}` : did;
}
