// SPDX-License-Identifier: Apache-2.0
// Peers & messages (owner): this node's peer id and addresses, connected peers (connect, ping),
// the contact book (the owners whose nodes may message this one) and end-to-end encrypted
// messages to them, over /api/peers and /api/messages.

import { api, q } from './api.js';
import { el, clear, toast, errorToast, confirmDialog, formatTime, busy, shortDid } from './ui.js';

export function createPeers() {
  const self = el('dl', { class: 'facts', id: 'peer-self' }, el('dt', {}, 'Peer id'), el('dd', {}, 'Loading…'));
  const peers = el('tbody');
  const contacts = el('tbody');
  const messages = el('tbody');
  const to = el('select', { name: 'to', required: true, id: 'message-to' });
  const connect = el('form', { class: 'row card', id: 'connect-form', 'aria-label': 'Connect to a peer' },
    el('label', {}, 'Multiaddr ', el('input', { name: 'address', required: true, size: 60, autocomplete: 'off', spellcheck: 'false', placeholder: '/ip4/192.168.1.20/tcp/4001/p2p/12D3KooW…' })),
    el('button', { type: 'submit', class: 'primary' }, 'Connect'));
  const contactForm = el('form', { class: 'stack card', id: 'contact-form', 'aria-labelledby': 'contact-title' },
    el('h3', { id: 'contact-title' }, 'Add a contact'),
    el('p', { class: 'muted small' }, 'Their DID and peer id, as their node shows them under Peers & messages or with "elastos peer id".'),
    el('label', {}, 'DID ', el('input', { name: 'did', required: true, autocomplete: 'off', spellcheck: 'false', maxlength: 512 })),
    el('label', {}, 'Peer id ', el('input', { name: 'peer', required: true, autocomplete: 'off', spellcheck: 'false', maxlength: 128 })),
    el('label', {}, 'Name ', el('input', { name: 'name', autocomplete: 'off', maxlength: 200 })),
    el('label', {}, 'Address (optional) ', el('input', { name: 'address', autocomplete: 'off', spellcheck: 'false' })),
    el('button', { type: 'submit', class: 'primary' }, 'Add contact'));
  const send = el('form', { class: 'stack card', id: 'message-form', 'aria-labelledby': 'message-title' },
    el('h3', { id: 'message-title' }, 'Send a message'),
    el('label', { for: 'message-to' }, 'To '), to,
    el('label', { for: 'message-text' }, 'Message'),
    el('textarea', { name: 'text', id: 'message-text', required: true, rows: 3, maxlength: 65536 }),
    el('button', { type: 'submit', class: 'primary' }, 'Send'));
  const table = (caption, heads, body, cls) => el('div', { class: 'table-wrap' }, el('table', { class: `list ${cls}` },
    el('caption', { class: 'visually-hidden' }, caption),
    el('thead', {}, el('tr', {}, ...heads.map((h) => el('th', { scope: 'col' }, h)))), body));
  const element = el('div', { class: 'peers' },
    el('h3', {}, 'This node'), self,
    connect,
    el('h3', {}, 'Connected peers'), table('Connected peers', ['Peer', 'Agent', 'Actions'], peers, 'peers-table'),
    el('div', { class: 'cards' }, contactForm, send),
    el('h3', {}, 'Contacts'), table('Contacts', ['Name', 'DID', 'Peer', 'Actions'], contacts, 'contacts-table'),
    el('h3', {}, 'Messages'), table('Messages', ['When', 'With', 'Message', 'Status'], messages, 'messages-table'));

  connect.addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy(ev.submitter, async () => {
      try {
        const r = await api('POST', '/api/peers/connect', { json: { address: connect.elements.address.value.trim() } });
        toast(`Connected to ${shortDid(r.peerId || r.id || '')}`, 'success');
        connect.reset();
        load();
      } catch (e) {
        errorToast('Connect', e);
      }
    });
  });
  contactForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy(ev.submitter, async () => {
      const f = contactForm.elements;
      const body = { did: f.did.value.trim(), peer: f.peer.value.trim(), name: f.name.value.trim() };
      if (f.address.value.trim()) body.address = f.address.value.trim();
      try {
        await api('POST', '/api/peers/contacts', { json: body });
        toast(`Added ${body.name || shortDid(body.did)}`, 'success');
        contactForm.reset();
        load();
      } catch (e) {
        errorToast('Add contact', e);
      }
    });
  });
  send.addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy(ev.submitter, async () => {
      try {
        const r = await api('POST', '/api/messages', { json: { to: to.value, text: send.elements.text.value } });
        toast(`Message ${r.status}`, r.status === 'delivered' ? 'success' : 'info');
        send.elements.text.value = '';
        load();
      } catch (e) {
        errorToast('Send', e);
      }
    });
  });

  async function load() {
    try {
      const r = await api('GET', '/api/peers');
      clear(self,
        el('dt', {}, 'Peer id'), el('dd', { class: 'mono wrap', 'data-peer-id': r.self.peerId }, r.self.peerId),
        el('dt', {}, 'DID'), el('dd', { class: 'mono wrap' }, r.self.did),
        el('dt', {}, 'Addresses'), el('dd', { class: 'mono wrap' }, (r.self.addresses || []).map((a) => `${a}/p2p/${r.self.peerId}`).join('\n') || 'none'));
      clear(peers, (r.peers || []).map((p) => el('tr', { 'data-peer': p.id || p.peerId },
        el('td', { class: 'mono wrap' }, p.id || p.peerId),
        el('td', {}, p.agentVersion || p.agent || ''),
        el('td', {}, el('button', { type: 'button', onclick: (ev) => busy(ev.currentTarget, async () => {
          try {
            const pong = await api('POST', '/api/peers/ping', { json: { peer: p.id || p.peerId } });
            toast(`Ping: ${Number(pong.rttMillis).toFixed(1)} ms`, 'success');
          } catch (e) { errorToast('Ping', e); }
        }) }, 'Ping')))));
    } catch (e) {
      clear(self, el('dt', {}, 'P2P'), el('dd', {}, `not available: ${e.message}`));
    }
    try {
      const list = await api('GET', '/api/peers/contacts');
      clear(contacts, list.map((c) => el('tr', { 'data-contact': c.did },
        el('td', {}, c.name || ''), el('td', { class: 'mono wrap' }, c.did), el('td', { class: 'mono wrap' }, c.peer),
        el('td', {}, el('button', { type: 'button', class: 'danger', 'aria-label': `Remove ${c.name || c.did}`, onclick: async () => {
          if (!await confirmDialog('Remove contact', `Remove ${c.name || c.did}? Their node can no longer message this one.`, 'Remove', true)) return;
          try { await api('DELETE', `/api/peers/contacts/${q(c.did)}`); load(); } catch (e) { errorToast('Remove', e); }
        } }, 'Remove')))));
      clear(to, list.map((c) => el('option', { value: c.did }, c.name ? `${c.name} (${shortDid(c.did)})` : c.did)));
    } catch (e) {
      clear(contacts, el('tr', {}, el('td', { colspan: 4 }, `Cannot list contacts: ${e.message}`)));
    }
    try {
      const list = await api('GET', '/api/messages');
      clear(messages, list.map((m) => el('tr', { 'data-message': m.id },
        el('td', {}, formatTime(m.createdAt)),
        el('td', { class: 'wrap' }, `${m.direction === 'out' ? 'to' : 'from'} ${shortDid(m.to || m.from || '')}`),
        el('td', { class: 'wrap' }, m.text ?? '(binary)'),
        el('td', {}, el('span', { class: `badge msg-${m.status}` }, m.status)))));
    } catch (e) {
      clear(messages, el('tr', {}, el('td', { colspan: 4 }, `Cannot list messages: ${e.message}`)));
    }
  }

  load();
  return { element };
}
