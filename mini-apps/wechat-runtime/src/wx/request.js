// wx.request over an injected fetch: WeChat's {data, statusCode, header} answer, any HTTP status
// counting as success, a timeout from the call or app.json networkTimeout.request (60 s), abort,
// and both callback (returns a RequestTask) and Promise styles.

import { networkTask, timeoutOf } from './task.js';

export const DEFAULT_TIMEOUT = 60000;
const METHODS = new Set(['OPTIONS', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'TRACE', 'CONNECT', 'PATCH']);

function encodeForm(data) {
  return Object.keys(data).map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(data[k] === undefined || data[k] === null ? '' : typeof data[k] === 'object' ? JSON.stringify(data[k]) : data[k])}`).join('&');
}

function headerValue(header, name) {
  for (const k of Object.keys(header)) if (k.toLowerCase() === name) return String(header[k]);
  return undefined;
}

/** Builds {url, init} for fetch the way WeChat sends data: GET in the query, else a body. */
export function buildRequest(o) {
  const method = String(o.method || 'GET').toUpperCase();
  if (!METHODS.has(method)) throw new Error(`parameter error: method ${method} is not supported`);
  if (typeof o.url !== 'string' || !o.url) throw new Error('parameter error: parameter.url should be String');
  const header = { ...(o.header || {}) };
  let url = o.url;
  let body;
  const data = o.data;
  if (data !== undefined && data !== null) {
    if (method === 'GET' || method === 'HEAD') {
      const q = typeof data === 'string' ? data : encodeForm(data);
      if (q) url += (url.includes('?') ? '&' : '?') + q;
    } else if (typeof data === 'string' || data instanceof ArrayBuffer) {
      body = data;
    } else {
      const type = headerValue(header, 'content-type');
      if (type && type.includes('application/x-www-form-urlencoded')) body = encodeForm(data);
      else {
        if (!type) header['content-type'] = 'application/json';
        body = JSON.stringify(data);
      }
    }
  }
  return { url, init: { method, headers: header, body } };
}

export function createRequest({ fetch, timeoutFor, timers }) {
  return function request(opts = {}) {
    const o = opts && typeof opts === 'object' ? opts : {};
    return networkTask('request', o, timeoutOf(o, timeoutFor), timers, async (signal) => {
      const req = buildRequest(o);
      const res = await fetch(req.url, { ...req.init, signal });
      const header = {};
      if (res.headers && typeof res.headers.forEach === 'function') res.headers.forEach((v, k) => { header[k] = v; });
      let data;
      if (o.responseType === 'arraybuffer') data = await res.arrayBuffer();
      else {
        data = await res.text();
        if ((o.dataType ?? 'json') === 'json') { try { data = JSON.parse(data); } catch { /* kept as text, as WeChat does */ } }
      }
      return { data, statusCode: res.status, header, cookies: [] };
    });
  };
}
