// SPDX-License-Identifier: Apache-2.0
// Services (owner): the node's OSGi bundles (GET /api/node/bundles) and its health summary.

import { api } from './api.js';
import { el, clear, toast, busy } from './ui.js';

export function createServices() {
  const summary = el('p', { class: 'summary', role: 'status' }, 'Loading…');
  const filter = el('input', { type: 'search', id: 'bundle-filter', placeholder: 'name or state', autocomplete: 'off' });
  const tbody = el('tbody');
  const table = el('table', { class: 'list bundles-table' },
    el('caption', { class: 'visually-hidden' }, 'OSGi bundles'),
    el('thead', {}, el('tr', {}, ...['Id', 'Symbolic name', 'Version', 'State'].map((h) => el('th', { scope: 'col' }, h)))),
    tbody);
  // A signed bundle jar installs or hot-updates the bundle of its name; the node checks every
  // entry's signature against its trusted signers and refuses anything else with the reason.
  const picker = el('input', { type: 'file', id: 'bundle-picker', accept: '.jar', class: 'visually-hidden' });
  const outcome = el('p', { id: 'bundle-outcome', role: 'status' });
  const upload = el('button', { type: 'button', onclick: () => picker.click() }, 'Install or update a signed bundle');
  picker.addEventListener('change', () => {
    const file = picker.files[0];
    picker.value = '';
    if (!file) return;
    busy(upload, async () => {
      outcome.className = '';
      outcome.textContent = `Checking ${file.name}…`;
      try {
        const r = await api('POST', '/api/node/bundles/deploy', { body: file });
        outcome.dataset.verdict = 'deployed';
        outcome.textContent = `Deployed ${r.symbolicName} ${r.version} (${r.state}).`;
        toast(outcome.textContent, 'success');
        load();
      } catch (e) {
        outcome.dataset.verdict = 'refused';
        outcome.className = 'error';
        outcome.textContent = `Refused ${file.name}: ${e.message}`;
      }
    });
  });
  const element = el('div', { class: 'services' },
    el('div', { class: 'toolbar' }, el('label', { for: 'bundle-filter' }, 'Filter bundles '), filter,
      el('button', { type: 'button', onclick: () => load() }, 'Refresh'), upload, picker),
    outcome, summary, el('div', { class: 'table-wrap' }, table));
  let bundles = [];

  function render() {
    const f = filter.value.trim().toLowerCase();
    const shown = bundles.filter((b) => !f || `${b.symbolicName} ${b.name || ''} ${b.state} ${b.version}`.toLowerCase().includes(f));
    clear(tbody, shown.map((b) => el('tr', { 'data-bundle': b.symbolicName },
      el('td', { class: 'num' }, String(b.id)),
      el('td', {}, b.symbolicName, b.name ? el('div', { class: 'muted small' }, b.name) : null),
      el('td', {}, b.version),
      el('td', {}, el('span', { class: `badge bundle-${b.state.toLowerCase()}` }, b.fragment ? `${b.state} (fragment)` : b.state)))));
  }

  async function load() {
    try {
      bundles = await api('GET', '/api/node/bundles');
      const active = bundles.filter((b) => b.state === 'ACTIVE' || (b.fragment && b.state === 'RESOLVED')).length;
      let health = '';
      try {
        const h = await api('GET', '/api/health');
        health = `Node ${h.version}: ${h.status}, WebAssembly ${h.jit}.`;
      } catch (e) {
        health = e.body && e.body.problems ? `Node DOWN: ${e.body.problems.join('; ')}.` : '';
      }
      summary.textContent = `${health} ${active} of ${bundles.length} bundles working.`.trim();
      render();
    } catch (e) {
      summary.textContent = `Cannot list bundles: ${e.message}`;
    }
  }

  filter.addEventListener('input', render);
  load();
  return { element };
}
