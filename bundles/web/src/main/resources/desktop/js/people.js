// SPDX-License-Identifier: Apache-2.0
// People & devices (owner): the node's users, inviting members and guests (password or wallet),
// confirming a device's pairing code, and the open sessions.

import { api, q } from './api.js';
import { el, clear, toast, errorToast, confirmDialog, formatTime, busy, shortDid } from './ui.js';

export function createPeople(ctx) {
  const users = el('tbody');
  const sessions = el('tbody');
  const invite = el('form', { class: 'stack card', id: 'invite-form', 'aria-labelledby': 'invite-title' },
    el('h3', { id: 'invite-title' }, 'Invite someone'),
    el('fieldset', { class: 'row' }, el('legend', {}, 'Signs in with'),
      el('label', { class: 'row' }, el('input', { type: 'radio', name: 'kind', value: 'password', checked: true }), ' a username and password'),
      el('label', { class: 'row' }, el('input', { type: 'radio', name: 'kind', value: 'wallet' }), ' a wallet')),
    el('div', { class: 'stack', id: 'invite-password' },
      el('label', {}, 'Username ', el('input', { name: 'username', autocomplete: 'off', maxlength: 128 })),
      el('label', {}, 'Password (at least 10 characters) ', el('input', { name: 'password', type: 'password', autocomplete: 'new-password' }))),
    el('div', { class: 'stack', id: 'invite-wallet', hidden: true },
      el('label', {}, 'Wallet DID ', el('input', { name: 'wallet', placeholder: 'did:pkh:eip155:1:0x…', autocomplete: 'off', spellcheck: 'false' }))),
    el('label', {}, 'Role ', el('select', { name: 'role' }, el('option', { value: 'member' }, 'member'), el('option', { value: 'guest' }, 'guest'))),
    el('button', { type: 'submit', class: 'primary' }, 'Invite'));
  const pair = el('form', { class: 'stack card', id: 'confirm-pair-form', 'aria-labelledby': 'pair-title' },
    el('h3', { id: 'pair-title' }, 'Confirm a device'),
    el('p', { class: 'muted small' }, 'Type the code the device shows; it can then sign in with that role.'),
    el('label', {}, 'Pairing code ', el('input', { name: 'code', required: true, autocomplete: 'off', spellcheck: 'false', maxlength: 32 })),
    el('label', {}, 'Role ', el('select', { name: 'role' }, el('option', { value: 'guest' }, 'guest'), el('option', { value: 'member' }, 'member'))),
    el('button', { type: 'submit', class: 'primary' }, 'Confirm'));
  const element = el('div', { class: 'people' },
    el('div', { class: 'cards' }, invite, pair),
    el('h3', {}, 'Users'),
    el('div', { class: 'table-wrap' }, el('table', { class: 'list users-table' }, el('caption', { class: 'visually-hidden' }, 'Users'),
      el('thead', {}, el('tr', {}, ...['User', 'Role', 'Since', 'Actions'].map((h) => el('th', { scope: 'col' }, h)))), users)),
    el('h3', {}, 'Sessions'),
    el('div', { class: 'table-wrap' }, el('table', { class: 'list sessions-table' }, el('caption', { class: 'visually-hidden' }, 'Open sessions'),
      el('thead', {}, el('tr', {}, ...['Who', 'Role', 'How', 'Expires', 'Actions'].map((h) => el('th', { scope: 'col' }, h)))), sessions)));

  invite.addEventListener('change', (ev) => {
    if (ev.target.name === 'kind') {
      invite.querySelector('#invite-password').hidden = ev.target.value !== 'password';
      invite.querySelector('#invite-wallet').hidden = ev.target.value !== 'wallet';
    }
  });
  invite.addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy(ev.submitter || invite.querySelector('[type=submit]'), async () => {
      const f = invite;
      const body = f.elements.kind.value === 'wallet'
        ? { wallet: f.elements.wallet.value.trim(), role: f.elements.role.value }
        : { username: f.elements.username.value.trim(), password: f.elements.password.value, role: f.elements.role.value };
      try {
        const r = await api('POST', '/api/users', { json: body });
        toast(`Invited ${body.username || shortDid(r.did)} as ${r.role}`, 'success');
        f.reset();
        f.querySelector('#invite-password').hidden = false;
        f.querySelector('#invite-wallet').hidden = true;
        load();
      } catch (e) {
        errorToast('Invite', e);
      }
    });
  });
  pair.addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy(ev.submitter || pair.querySelector('[type=submit]'), async () => {
      try {
        await api('POST', '/api/auth/pair/confirm', { json: { code: pair.elements.code.value.trim().toUpperCase(), role: pair.elements.role.value } });
        toast('Device confirmed: it can sign in with its code now.', 'success');
        pair.reset();
      } catch (e) {
        errorToast('Pairing', e);
      }
    });
  });

  async function load() {
    try {
      const list = await api('GET', '/api/users');
      clear(users, list.map((u) => el('tr', { 'data-user': u.username || u.did },
        el('td', {}, u.username || '', el('div', { class: 'muted small wrap' }, u.did)),
        el('td', {}, u.role),
        el('td', {}, formatTime(u.createdAt)),
        el('td', {}, u.role === 'owner' ? '' : el('button', { type: 'button', class: 'danger', 'aria-label': `Remove ${u.username || u.did}`, onclick: async () => {
          if (!await confirmDialog('Remove user', `Remove ${u.username || u.did}? Their sessions end at once.`, 'Remove', true)) return;
          try { await api('DELETE', `/api/users/${q(u.did)}`); load(); } catch (e) { errorToast('Remove', e); }
        } }, 'Remove')))));
    } catch (e) {
      clear(users, el('tr', {}, el('td', { colspan: 4 }, `Cannot list users: ${e.message}`)));
    }
    try {
      const list = await api('GET', '/api/auth/sessions?all=true');
      clear(sessions, list.map((s) => el('tr', {},
        el('td', { class: 'wrap' }, shortDid(s.did), s.sessionId === ctx.who.sessionId ? ' (this browser)' : ''),
        el('td', {}, s.role), el('td', {}, s.method), el('td', {}, formatTime(s.expiresAt)),
        el('td', {}, s.sessionId === ctx.who.sessionId ? '' : el('button', { type: 'button', 'aria-label': `End session of ${shortDid(s.did)}`, onclick: (ev) => busy(ev.currentTarget, async () => {
          try { await api('DELETE', `/api/auth/sessions/${q(s.sessionId)}`); load(); } catch (e) { errorToast('End session', e); }
        }) }, 'End')))));
    } catch (e) {
      clear(sessions, el('tr', {}, el('td', { colspan: 5 }, `Cannot list sessions: ${e.message}`)));
    }
  }

  load();
  return { element, onShow: load };
}
