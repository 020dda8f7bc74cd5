// SPDX-License-Identifier: Apache-2.0
// Talks to the node's HTTP API. The session is an HttpOnly cookie; state-changing calls also send
// the session's CSRF token (docs/identity.md), which the sign-in answer gave us. We keep it in
// sessionStorage: it survives a reload of this tab but is not shared with other tabs, and apps,
// which run in sandboxed frames with an opaque origin, cannot read it.

const CSRF_KEY = 'elastos.csrf';
const NAME_KEY = 'elastos.name';

export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

export const session = {
  get csrf() { return sessionStorage.getItem(CSRF_KEY); },
  get name() { return sessionStorage.getItem(NAME_KEY); },
  start(answer, name) {
    sessionStorage.setItem(CSRF_KEY, answer.csrf);
    if (name) sessionStorage.setItem(NAME_KEY, name); else sessionStorage.removeItem(NAME_KEY);
  },
  clear() {
    sessionStorage.removeItem(CSRF_KEY);
    sessionStorage.removeItem(NAME_KEY);
  },
};

const listeners = new Set();
/** Called with no argument when the node says the session is gone (401 outside sign-in). */
export function onSignedOut(fn) { listeners.add(fn); }

function changesState(method) {
  return !['GET', 'HEAD', 'OPTIONS'].includes(method);
}

/** The headers a request of this method needs besides its body's type. */
export function authHeaders(method) {
  const h = {};
  if (changesState(method) && session.csrf) h['X-CSRF-Token'] = session.csrf;
  return h;
}

/**
 * Calls the API and answers the parsed JSON (or the Response with {raw: true}).
 * Throws ApiError with the node's own error message on any non-2xx answer.
 */
export async function api(method, path, { json, body, raw = false, signal } = {}) {
  const headers = authHeaders(method);
  let payload = body;
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(json);
  }
  let resp;
  try {
    resp = await fetch(path, { method, headers, body: payload, credentials: 'same-origin', signal, cache: 'no-store' });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'The node did not answer (' + e.message + ')', null);
  }
  if (resp.status === 401 && !path.startsWith('/api/auth/')) {
    listeners.forEach((fn) => fn());
  }
  if (resp.status === 403 && resp.headers.get('content-type')?.startsWith('application/json')) {
    // Another tab signed in meanwhile: the cookie is a new session this tab has no token for.
    const copy = await resp.clone().json().catch(() => null);
    if (copy && typeof copy.error === 'string' && copy.error.includes('X-CSRF-Token')) listeners.forEach((fn) => fn());
  }
  if (raw && resp.ok) return resp;
  const text = await resp.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = text; }
  }
  if (!resp.ok) {
    throw new ApiError(resp.status, errorText(resp, data), data);
  }
  return data;
}

function errorText(resp, data) {
  if (data && typeof data === 'object') {
    const msg = data.error || data.message;
    if (msg) return data.step ? `${msg} (step: ${data.step})` : msg;
  }
  if (typeof data === 'string' && data.length < 200) return data;
  return `HTTP ${resp.status} ${resp.statusText}`.trim();
}

/** encodeURIComponent for query values. */
export const q = encodeURIComponent;
