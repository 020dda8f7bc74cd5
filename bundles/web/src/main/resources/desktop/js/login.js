// SPDX-License-Identifier: Apache-2.0
// The sign-in screen: wallet (SIWE), password, device pairing, and the first owner's setup.

import { api, session } from './api.js';
import { signIn } from './siwe.js';
import { busy, tabKeys, toast } from './ui.js';

let onSignedIn = () => {};
let pairTimer = null;

function $(id) { return document.getElementById(id); }

function status(text) { $('wallet-status').textContent = text; }

/** Shows the screen; `done(whoami)` is called once a session exists. */
export function showLogin(done, notice) {
  onSignedIn = done;
  $('desktop').hidden = true;
  $('login').hidden = false;
  const n = $('login-notice');
  n.hidden = !notice;
  n.textContent = notice || '';
  status('');
}

async function finish(answer, name) {
  session.start(answer, name);
  document.querySelectorAll('#login form').forEach((f) => f.reset());
  $('setup-password').hidden = true;
  onSignedIn(answer);
}

function failed(what, e) {
  const text = e.status === 429 ? 'Too many attempts; wait a little and retry.'
    : e.status === 401 ? `${what} refused. Check what you entered and try again.`
      : `${what} failed: ${e.message}`;
  toast(text, 'error');
  status('');
}

async function walletLogin(button) {
  await busy(button, async () => {
    try {
      const s = await signIn(status);
      status('Checking the signature…');
      const answer = await api('POST', '/api/auth/login', { json: { message: s.message, signature: s.signature } });
      await finish(answer, s.address);
    } catch (e) {
      failed('Wallet sign-in', e);
    }
  });
}

async function passwordLogin(form) {
  const username = form.elements.username.value.trim();
  try {
    const answer = await api('POST', '/api/auth/login/password', { json: { username, password: form.elements.password.value } });
    await finish(answer, username);
  } catch (e) {
    failed('Sign-in', e);
  }
}

async function setup(form) {
  const code = form.elements.code.value.trim().toUpperCase();
  try {
    if (form.elements.method.value === 'wallet') {
      const s = await signIn(status);
      const answer = await api('POST', '/api/auth/setup', { json: { code, message: s.message, signature: s.signature } });
      toast('You are now the owner of this node.', 'success');
      await finish(answer, s.address);
    } else {
      const username = form.elements.username.value.trim();
      if (!username || form.elements.password.value.length < 10) {
        toast('Give a username and a password of at least 10 characters.', 'error');
        return;
      }
      const answer = await api('POST', '/api/auth/setup', { json: { code, username, password: form.elements.password.value } });
      toast('You are now the owner of this node.', 'success');
      await finish(answer, username);
    }
  } catch (e) {
    failed('Setup', e);
  }
}

async function pairCode(button) {
  await busy(button, async () => {
    try {
      const p = await api('POST', '/api/auth/pair/code');
      $('pair-shown').hidden = false;
      $('pair-code-text').textContent = p.code;
      $('pair-qr').textContent = p.qr;
      $('pair-form').elements.code.value = p.code;
      let left = p.expiresInSeconds;
      clearInterval(pairTimer);
      const tick = () => {
        $('pair-expiry').textContent = left > 0 ? `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}` : 'expired';
        if (left-- <= 0) clearInterval(pairTimer);
      };
      tick();
      pairTimer = setInterval(tick, 1000);
    } catch (e) {
      toast(e.status === 403 ? 'Pairing codes are shown on the node itself (open this page on the node).' : `No pairing code: ${e.message}`, 'error');
    }
  });
}

async function pairClaim(form) {
  try {
    const answer = await api('POST', '/api/auth/pair/claim', { json: { code: form.elements.code.value.trim().toUpperCase() } });
    clearInterval(pairTimer);
    await finish(answer, 'this device');
  } catch (e) {
    failed('Pairing', e);
  }
}

function selectTab(tab) {
  for (const t of document.querySelectorAll('.login-tabs [role=tab]')) {
    const on = t === tab;
    t.setAttribute('aria-selected', String(on));
    t.tabIndex = on ? 0 : -1;
    $(t.getAttribute('aria-controls')).hidden = !on;
  }
}

export function initLogin() {
  const tabs = document.querySelector('.login-tabs');
  tabs.addEventListener('click', (ev) => {
    const t = ev.target.closest('[role=tab]');
    if (t) selectTab(t);
  });
  tabKeys(tabs, selectTab);
  $('wallet-login').addEventListener('click', (ev) => walletLogin(ev.currentTarget));
  const submit = (id, fn) => $(id).addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const btn = ev.currentTarget.querySelector('[type=submit]');
    await busy(btn, () => fn(ev.currentTarget));
  });
  submit('password-form', passwordLogin);
  submit('setup-form', setup);
  submit('pair-form', pairClaim);
  $('pair-code').addEventListener('click', (ev) => pairCode(ev.currentTarget));
  $('setup-form').addEventListener('change', (ev) => {
    if (ev.target.name === 'method') $('setup-password').hidden = ev.target.value !== 'password';
  });
  // A link like /#setup opens the setup tab (the node prints its URL with the setup code).
  if (location.hash === '#setup') selectTab($('tab-setup'));
}
