// SPDX-License-Identifier: Apache-2.0
// Boot: ask the node who we are; show the desktop for a session this tab can act with, the
// sign-in screen otherwise.

import { api, session, onSignedOut } from './api.js';
import { initLogin, showLogin } from './login.js';
import { initShell, showDesktop } from './shell.js';
import { toast } from './ui.js';

async function whoami() {
  try {
    return await api('GET', '/api/auth/whoami');
  } catch (e) {
    if (e.status === 401) return null;
    throw e;
  }
}

function enter(who) {
  showDesktop(who, signOut);
}

async function signOut() {
  try {
    await api('POST', '/api/auth/logout');
  } catch (e) {
    if (e.status !== 401) toast(`Sign-out: ${e.message}`, 'error');
  }
  session.clear();
  showLogin(enter, 'You are signed out.');
}

async function boot() {
  initLogin();
  initShell();
  api('GET', '/api/health').then((h) => {
    document.getElementById('node-version').textContent = `Node ${h.version}`;
  }).catch((e) => {
    if (e.body && e.body.version) document.getElementById('node-version').textContent = `Node ${e.body.version} (starting)`;
  });
  onSignedOut(() => {
    session.clear();
    showLogin(enter, 'Your session ended. Please sign in again.');
  });
  let who = null;
  try {
    who = await whoami();
  } catch (e) {
    toast(`The node did not answer: ${e.message}`, 'error');
  }
  document.getElementById('booting').hidden = true;
  if (who && session.csrf) {
    enter(who);
  } else {
    // A session without this tab's CSRF token could only read: sign in again to act.
    showLogin(enter, who ? 'Sign in again in this tab to continue.' : null);
  }
}

boot();
