// SPDX-License-Identifier: Apache-2.0
// App windows: an app's UI (/apps/<id>/) in a sandboxed frame, and the bridge through which that
// UI calls its own API with the user's session.

import { authHeaders } from './api.js';
import { el } from './ui.js';

const frames = new Map(); // app id -> iframe of an open app window

const BRIDGE_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
const BRIDGE_MAX_BODY = 4 * 1024 * 1024;

/**
 * The app API bridge. A sandboxed app has an opaque origin and no cookies, so it cannot call its
 * own API (/apps/<id>/api/…) directly; it posts {elastos: 'api', id, method, path, contentType,
 * body} to its parent and the desktop makes the call with the user's session, for that app's API
 * only, then posts back {elastos: 'api-response', id, status, contentType, text, bytes}. The frame
 * is recognised by its window, never by the message's claims; the path cannot leave the app's API.
 */
async function bridge(ev) {
  let appId = null;
  for (const [id, f] of frames) {
    if (f.contentWindow && f.contentWindow === ev.source) { appId = id; break; }
  }
  const m = ev.data;
  if (appId && m && typeof m === 'object' && m.elastos === 'upload') {
    upload(ev.source, appId, m);
    return;
  }
  if (!appId || !m || typeof m !== 'object' || m.elastos !== 'api') return;
  const reply = (answer) => ev.source.postMessage({ elastos: 'api-response', id: m.id, ...answer }, '*');
  const method = String(m.method || 'GET').toUpperCase();
  const base = `/apps/${encodeURIComponent(appId)}/api/`;
  let url;
  try {
    if (typeof m.path !== 'string' || m.path.length > 2048 || m.path.startsWith('/') || m.path.includes('\\')) throw new Error('bad path');
    url = new URL(base + m.path, location.origin);
    // Dot segments, also escaped ones, are resolved by the URL parser: what is left must still be
    // under this app's API.
    if (url.origin !== location.origin || !url.pathname.startsWith(base)) throw new Error('path outside the app API');
  } catch (e) {
    reply({ status: 0, error: `refused: ${e.message}` });
    return;
  }
  if (!BRIDGE_METHODS.includes(method)) {
    reply({ status: 0, error: `refused: method ${method}` });
    return;
  }
  const body = m.body === undefined || m.body === null || method === 'GET' || method === 'HEAD' ? undefined : m.body;
  const size = typeof body === 'string' ? body.length : body ? body.byteLength : 0;
  if (body !== undefined && !(typeof body === 'string' || body instanceof ArrayBuffer || ArrayBuffer.isView(body))) {
    reply({ status: 0, error: 'refused: the body must be a string or bytes' });
    return;
  }
  if (size > BRIDGE_MAX_BODY) {
    reply({ status: 0, error: 'refused: body too large' });
    return;
  }
  const headers = authHeaders(method);
  if (typeof m.contentType === 'string' && m.contentType.length < 200) headers['Content-Type'] = m.contentType;
  try {
    const r = await fetch(url, { method, headers, body, credentials: 'same-origin', redirect: 'error', cache: 'no-store' });
    const bytes = await r.arrayBuffer();
    let text = null;
    try { text = new TextDecoder('utf-8', { fatal: true }).decode(bytes); } catch { /* binary */ }
    reply({ status: r.status, contentType: r.headers.get('content-type'), text, bytes });
  } catch (e) {
    reply({ status: 0, error: e.message });
  }
}

const UPLOAD_PATH = /^[A-Za-z0-9_-][A-Za-z0-9._ -]{0,127}(\/[A-Za-z0-9_-][A-Za-z0-9._ -]{0,127}){0,7}$/;

/**
 * A file for the app's own file area: the app posts {elastos: 'upload', id, path, file} with a
 * File the user picked in its frame, and the desktop streams it from disk to
 * /api/apps/<id>/files/<path> (owner only), posting {elastos: 'upload-progress', id, sent, total}
 * as it goes and {elastos: 'upload-response', id, status, text} at the end. Only this app's area,
 * only a plain relative path.
 */
function upload(source, appId, m) {
  const reply = (answer) => source.postMessage({ id: m.id, ...answer }, '*');
  if (typeof m.path !== 'string' || !UPLOAD_PATH.test(m.path) || m.path.split('/').some((s) => s.startsWith('.'))) {
    reply({ elastos: 'upload-response', status: 0, error: 'refused: bad path' });
    return;
  }
  if (!(m.file instanceof Blob)) {
    reply({ elastos: 'upload-response', status: 0, error: 'refused: no file' });
    return;
  }
  const url = `/api/apps/${encodeURIComponent(appId)}/files/${m.path.split('/').map(encodeURIComponent).join('/')}`;
  const xhr = new XMLHttpRequest();
  xhr.open('PUT', url);
  for (const [k, v] of Object.entries(authHeaders('PUT'))) xhr.setRequestHeader(k, v);
  xhr.setRequestHeader('Content-Type', 'application/octet-stream');
  xhr.upload.onprogress = (e) => reply({ elastos: 'upload-progress', sent: e.loaded, total: e.total });
  xhr.onerror = () => reply({ elastos: 'upload-response', status: 0, error: 'the upload was cut off' });
  xhr.onload = () => reply({ elastos: 'upload-response', status: xhr.status, text: xhr.responseText });
  xhr.send(m.file);
}

window.addEventListener('message', bridge);

export function reloadFrame(id) {
  const f = frames.get(id);
  if (f) f.src = `/apps/${encodeURIComponent(id)}/`;
}

export function createAppWindow(ctx, id, name) {
  const frame = el('iframe', {
    src: `/apps/${encodeURIComponent(id)}/`,
    title: `${name} app`,
    // Scripts may run, but in an opaque origin: the app cannot reach the desktop's DOM, storage
    // or same-origin APIs. No allow-same-origin, no top navigation.
    sandbox: 'allow-scripts allow-forms allow-popups allow-downloads',
    referrerpolicy: 'no-referrer',
    class: 'app-frame',
    'data-app': id,
  });
  frames.set(id, frame);
  const actions = el('div', { class: 'window-actions' },
    el('button', { type: 'button', onclick: () => reloadFrame(id) }, 'Reload'));
  return { element: el('div', { class: 'app-window' }, frame), actions, dispose: () => frames.delete(id) };
}
