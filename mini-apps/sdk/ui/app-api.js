// SPDX-License-Identifier: Apache-2.0
// The mini-app UI's way to its own API (/apps/<id>/api/…), the same in both places a UI runs:
//  - in a desktop window the page is a sandboxed frame with an opaque origin and no cookies, so
//    each call goes to the desktop by postMessage and the desktop makes it with the user's
//    session (for this app's API only);
//  - opened on its own (/apps/<id>/ in a tab) it calls fetch with the session cookie and the
//    session's CSRF token.
// Files too large for a message (up to 4 MiB) go with upload(): the desktop streams the File into
// the app's own file area (/api/apps/<id>/files/<path>) with progress.
//
//   import { api, upload } from "./app-api.js";
//   const notes = await api("GET", "notes");             // parsed JSON, or throws ApiError
//   await api("POST", "notes", { title: "x" });           // JSON body
//   await upload(file, "inbox/export.zip", (sent, total) => bar.value = sent / total);

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

const framed = window.parent !== window;
const pending = new Map();
let nextId = 1;

window.addEventListener("message", (ev) => {
  if (ev.source !== window.parent) return;
  const m = ev.data;
  if (!m || typeof m !== "object" || !pending.has(m.id)) return;
  const p = pending.get(m.id);
  if (m.elastos === "upload-progress") {
    if (p.progress) p.progress(m.sent, m.total);
    return;
  }
  if (m.elastos !== "api-response" && m.elastos !== "upload-response") return;
  pending.delete(m.id);
  p.resolve(m);
});

function ask(message, progress) {
  const id = `${Date.now()}-${nextId++}`;
  return new Promise((resolve) => {
    pending.set(id, { resolve, progress });
    window.parent.postMessage({ ...message, id }, "*");
  });
}

function csrf() {
  try {
    return sessionStorage.getItem("elastos.csrf");
  } catch {
    return null;
  }
}

function decode(status, contentType, text) {
  let data = text;
  if (text && (contentType || "").startsWith("application/json")) {
    try {
      data = JSON.parse(text);
    } catch {
      /* leave it as text */
    }
  }
  if (status < 200 || status > 299) {
    const message = data && typeof data === "object" && data.error ? data.error : `HTTP ${status}`;
    throw new ApiError(status, message);
  }
  return status === 204 ? null : data;
}

/**
 * Calls METHOD ./api/PATH (PATH without a leading slash, query included). A plain object body is
 * sent as JSON, a string or bytes as they are. Answers the parsed JSON, text, or null for 204.
 */
export async function api(method, path, body) {
  method = method.toUpperCase();
  let contentType;
  let payload = body;
  if (body !== undefined && body !== null && typeof body === "object" && !ArrayBuffer.isView(body) && !(body instanceof ArrayBuffer)) {
    contentType = "application/json";
    payload = JSON.stringify(body);
  } else if (typeof body === "string") {
    contentType = "text/plain;charset=utf-8";
  }
  if (framed) {
    const r = await ask({ elastos: "api", method, path, contentType, body: payload });
    if (r.status === 0) throw new ApiError(0, r.error || "the desktop refused the call");
    return decode(r.status, r.contentType, r.text);
  }
  const headers = {};
  if (contentType) headers["content-type"] = contentType;
  const token = csrf();
  if (token && method !== "GET" && method !== "HEAD") headers["x-csrf-token"] = token;
  const res = await fetch(`api/${path}`, { method, headers, body: payload, credentials: "same-origin", cache: "no-store" });
  return decode(res.status, res.headers.get("content-type"), await res.text());
}

function appId() {
  const m = /\/apps\/([^/]+)\//.exec(location.pathname);
  return m ? decodeURIComponent(m[1]) : "";
}

/**
 * Puts a File (or Blob) into the app's own file area at path (such as "inbox/export.xml"),
 * streamed from disk, replacing any file there. progress(sent, total) is called as it goes.
 */
export async function upload(file, path, progress) {
  if (framed) {
    const r = await ask({ elastos: "upload", path, file }, progress);
    if (r.status === 0) throw new ApiError(0, r.error || "the desktop refused the upload");
    return decode(r.status, "application/json", r.text);
  }
  const url = `/api/apps/${encodeURIComponent(appId())}/files/${path.split("/").map(encodeURIComponent).join("/")}`;
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", url);
    const token = csrf();
    if (token) xhr.setRequestHeader("x-csrf-token", token);
    xhr.upload.onprogress = (e) => progress && progress(e.loaded, e.total);
    xhr.onerror = () => reject(new ApiError(0, "the upload was cut off"));
    xhr.onload = () => {
      try {
        resolve(decode(xhr.status, xhr.getResponseHeader("content-type"), xhr.responseText));
      } catch (e) {
        reject(e);
      }
    };
    xhr.send(file);
  });
}
