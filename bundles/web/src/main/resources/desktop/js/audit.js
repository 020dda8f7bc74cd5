// SPDX-License-Identifier: Apache-2.0
// Audit (owner): the node's hash-chained audit log (GET /api/audit), filtered in the browser, and
// a check of the chain (GET /api/audit/verify).

import { api } from './api.js';
import { el, clear, formatTime, busy } from './ui.js';

export function createAudit() {
  const text = el('input', { type: 'search', id: 'audit-filter', placeholder: 'action, actor, subject or reason', autocomplete: 'off' });
  const outcome = el('select', { id: 'audit-outcome' },
    el('option', { value: '' }, 'any outcome'), el('option', { value: 'allowed' }, 'allowed'), el('option', { value: 'denied' }, 'denied'));
  const count = el('p', { class: 'summary', role: 'status' });
  const chain = el('span', { class: 'chain', role: 'status' });
  const tbody = el('tbody');
  const table = el('table', { class: 'list audit-table' },
    el('caption', { class: 'visually-hidden' }, 'Audit log, newest first'),
    el('thead', {}, el('tr', {}, ...['Time', 'Actor', 'Action', 'Subject', 'Outcome', 'Reason'].map((h) => el('th', { scope: 'col' }, h)))),
    tbody);
  const verifyBtn = el('button', { type: 'button', onclick: () => busy(verifyBtn, verify) }, 'Verify the chain');
  const element = el('div', { class: 'audit' },
    el('div', { class: 'toolbar' },
      el('label', { for: 'audit-filter' }, 'Filter entries '), text,
      el('label', { for: 'audit-outcome', class: 'visually-hidden' }, 'Outcome'), outcome,
      el('button', { type: 'button', onclick: () => load() }, 'Refresh'), verifyBtn, chain),
    count, el('div', { class: 'table-wrap' }, table));
  let rows = [];

  function render() {
    const f = text.value.trim().toLowerCase();
    const o = outcome.value;
    const shown = rows.filter((r) => (!o || r.outcome === o)
      && (!f || [r.actor, r.action, r.subject, r.reason].join(' ').toLowerCase().includes(f)));
    count.textContent = `${shown.length} of ${rows.length} entries`;
    clear(tbody, shown.map((r) => el('tr', { class: `outcome-${r.outcome}`, 'data-action': r.action },
      el('td', { class: 'nowrap' }, formatTime(r.time)),
      el('td', { class: 'wrap' }, r.actor),
      el('td', {}, r.action),
      el('td', { class: 'wrap' }, r.subject),
      el('td', {}, el('span', { class: `badge outcome-${r.outcome}` }, r.outcome)),
      el('td', { class: 'wrap' }, r.reason))));
  }

  async function load() {
    try {
      rows = (await api('GET', '/api/audit?limit=10000')).reverse();
      render();
    } catch (e) {
      count.textContent = `Cannot read the audit log: ${e.message}`;
    }
  }

  async function verify() {
    try {
      const v = await api('GET', '/api/audit/verify');
      chain.textContent = `Chain intact (${v.rows} entries).`;
      chain.className = 'chain good';
    } catch (e) {
      const b = e.body || {};
      chain.textContent = b.intact === false ? `Chain broken at entry ${b.brokenSeq}: ${b.problem}` : `Cannot verify: ${e.message}`;
      chain.className = 'chain bad';
    }
  }

  text.addEventListener('input', render);
  outcome.addEventListener('change', render);
  load();
  return { element };
}
