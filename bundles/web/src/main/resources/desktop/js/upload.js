// SPDX-License-Identifier: Apache-2.0
// Uploads with progress. Files up to 8 MiB are one streamed PUT; larger ones use the resumable
// upload API (docs/storage.md) in 4 MiB pieces (the private partition's chunk size), and after a
// failed piece ask the node how much arrived and go on from there.

import { ApiError, api, authHeaders, q } from './api.js';
import { formatBytes } from './ui.js';

export const RESUMABLE_ABOVE = 8 * 1024 * 1024;
export const PIECE = 4 * 1024 * 1024;
const MAX_RETRIES = 6;

/** PUT a body with XMLHttpRequest, which (unlike fetch) reports upload progress. */
function xhrPut(url, body, onProgress) {
  return new Promise((resolve, reject) => {
    const x = new XMLHttpRequest();
    x.open('PUT', url);
    for (const [k, v] of Object.entries(authHeaders('PUT'))) x.setRequestHeader(k, v);
    x.setRequestHeader('Content-Type', 'application/octet-stream');
    x.upload.onprogress = (ev) => onProgress(ev.loaded);
    x.onload = () => {
      let data = null;
      try { data = x.responseText ? JSON.parse(x.responseText) : null; } catch { data = x.responseText; }
      if (x.status >= 200 && x.status < 300) resolve(data);
      else reject(new ApiError(x.status, (data && data.error) || `HTTP ${x.status}`, data));
    };
    x.onerror = () => reject(new ApiError(0, 'the connection broke', null));
    x.onabort = () => reject(new ApiError(0, 'aborted', null));
    x.send(body);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Uploads one file to `path`. `progress(sent)` gets the bytes the node holds or is receiving;
 * `note(text)` gets status text. Answers the node's {path, version}.
 * `resumeId` continues an upload begun earlier (same path, same file).
 */
export async function uploadFile(file, path, { progress = () => {}, note = () => {}, resumeId = null } = {}) {
  if (file.size <= RESUMABLE_ABOVE && !resumeId) {
    const r = await xhrPut(`/api/files/content?path=${q(path)}`, file, progress);
    progress(file.size);
    return r;
  }
  const begun = resumeId ? await api('GET', `/api/files/uploads/${q(resumeId)}`) : await api('POST', `/api/files/uploads?path=${q(path)}`);
  const id = begun.id;
  let offset = begun.received;
  if (offset > file.size) throw new Error(`the node already holds ${offset} bytes, more than this file has`);
  let failures = 0;
  progress(offset);
  while (offset < file.size) {
    const end = Math.min(offset + PIECE, file.size);
    const start = offset;
    try {
      const st = await xhrPut(`/api/files/uploads/${q(id)}?offset=${start}`, file.slice(start, end), (n) => progress(start + n));
      offset = st.received;
      failures = 0;
    } catch (e) {
      if (e.status === 401 || e.status === 403 || e.status === 404) throw e;
      if (++failures > MAX_RETRIES) throw new Error(`${e.message}; gave up after ${MAX_RETRIES} retries (upload ${id} can be resumed)`);
      await sleep(Math.min(250 * 2 ** (failures - 1), 4000));
      // Ask the node where the upload stands: what arrived before the break is kept.
      offset = e.status === 409 && e.body && typeof e.body.received === 'number'
        ? e.body.received
        : (await api('GET', `/api/files/uploads/${q(id)}`)).received;
      note(`Connection problem (${e.message}); the node holds ${formatBytes(offset)}, resuming there.`);
      progress(offset);
    }
  }
  return api('POST', `/api/files/uploads/${q(id)}/commit?size=${file.size}`);
}
