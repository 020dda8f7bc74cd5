// SPDX-License-Identifier: Apache-2.0
// Runs a built mini-app in Node.js with the official Extism runtime (@extism/extism)
// and in-memory stand-ins for the node's host functions, for the app's unit tests:
//
//   const app = await loadApp("build/app.wasm");
//   const res = await app.request("GET", "/hello", { query: "name=Ada" });
//   assert.equal(res.status, 200); assert.equal(res.json().visits, 1);
//   app.kv   // Map<string, Uint8Array>: what the app stored
import { readFileSync } from "node:fs";
import createPlugin from "@extism/extism";

import { randomBytes } from "node:crypto";
import { inflateRawSync } from "node:zlib";

process.removeAllListeners("warning"); // node:wasi's ExperimentalWarning

/**
 * Loads app.wasm. Options: caller ({did, role} for identity_caller), fetch (a function
 * (request, body) => {status, body} standing in for net.fetch), config, ownerFiles (a Map of the
 * owner's files for files.read: "/Photos/a.jpg" -> bytes; JPEG-magic files count as images).
 */
export async function loadApp(wasmPath, options = {}) {
  const kv = new Map();
  const files = new Map();
  const ownerFiles = options.ownerFiles ?? new Map(); // path "/Photos/a.jpg" -> bytes
  const sent = [];
  const logs = [];
  const defaultCaller = options.caller ?? { did: "did:key:z6MkTest", role: "owner" };
  let caller = defaultCaller;
  // The app's clock: real time unless a test sets app.clock.now = () => millis.
  const clock = { now: () => Date.now() };
  const text = (ctx, p) => (p === 0n ? "" : (ctx.read(p)?.string() ?? ""));
  const bytes = (ctx, p) => (p === 0n ? new Uint8Array(0) : (ctx.read(p)?.bytes().slice() ?? new Uint8Array(0)));
  // Bytes are copied first: a view (a subarray, a pooled Buffer) would hand the whole
  // underlying buffer to the runtime.
  const put = (ctx, v) => (v.length === 0 ? 0n : ctx.store(typeof v === "string" ? v : Uint8Array.from(v)));
  const listing = (ctx, names) => put(ctx, names.sort().join("\n"));
  // A path in the app's file area, checked as the node checks it: "a/b.txt" ("" is the root);
  // empty, "." and ".." segments are refused, so "wx/tmp/" or "/a" fail here as on the node.
  const filePath = (ctx, p) => {
    const path = text(ctx, p);
    if (path !== "" && path.split("/").some((s) => s === "" || s === "." || s === "..")) {
      throw new Error(`storage failed: bad path "${path}": empty, '.' or '..' segments are not allowed`);
    }
    return path;
  };
  // net.fetch: options.fetch(request, body) -> {status, body}; request is {method, url, headers}.
  // Without it every request fails (status 0), as a refused host does.
  let fetchStatus = 0;
  const fetchEnv = {
    http_request: (ctx, reqAddr, bodyAddr) => {
      fetchStatus = 0;
      if (typeof options.fetch !== "function") return 0n;
      const req = JSON.parse(text(ctx, reqAddr));
      const res = options.fetch(req, bodyAddr === 0n ? null : bytes(ctx, bodyAddr));
      fetchStatus = res.status;
      const out = typeof res.body === "string" ? new TextEncoder().encode(res.body) : Uint8Array.from(res.body ?? []);
      return put(ctx, out);
    },
    http_status_code: () => fetchStatus,
  };
  const functions = {
    "extism:host/user": {
      kv_get: (ctx, k) => {
        const v = kv.get(text(ctx, k));
        return v === undefined ? 0n : put(ctx, v);
      },
      kv_put: (ctx, k, v) => void kv.set(text(ctx, k), bytes(ctx, v)),
      kv_delete: (ctx, k) => (kv.delete(text(ctx, k)) ? 1n : 0n),
      kv_list: (ctx, p) => listing(ctx, [...kv.keys()].filter((k) => k.startsWith(text(ctx, p)))),
      file_read: (ctx, p) => {
        const v = files.get(filePath(ctx, p));
        return v === undefined ? 0n : put(ctx, v);
      },
      file_write: (ctx, p, d) => void files.set(filePath(ctx, p), bytes(ctx, d)),
      file_list: (ctx, d) => {
        const given = filePath(ctx, d);
        const dir = given === "" ? "" : given + "/";
        const names = new Set();
        for (const f of files.keys()) {
          if (f.startsWith(dir)) {
            const rest = f.slice(dir.length).split("/");
            names.add(rest.length > 1 ? rest[0] + "/" : rest[0]);
          }
        }
        return listing(ctx, [...names]);
      },
      file_read_range: (ctx, p, off, len) => {
        const v = files.get(filePath(ctx, p));
        if (v === undefined) return 0n;
        const n = Math.min(Number(len), 8 << 20);
        return put(ctx, v.subarray(Number(off), Number(off) + n));
      },
      file_size: (ctx, p) => {
        const v = files.get(filePath(ctx, p));
        return v === undefined ? -1n : BigInt(v.length);
      },
      file_delete: (ctx, p) => (files.delete(filePath(ctx, p)) ? 1n : 0n),
      zip_list: (ctx, p) => {
        const v = files.get(filePath(ctx, p));
        return v === undefined ? 0n : listing(ctx, zipEntries(v).map((e) => e.name));
      },
      zip_extract: (ctx, p, e, d) => {
        const v = files.get(filePath(ctx, p));
        const entry = v === undefined ? undefined : zipEntries(v).find((x) => x.name === text(ctx, e));
        if (entry === undefined) return -1n;
        const data = entry.read();
        files.set(filePath(ctx, d), data);
        return BigInt(data.length);
      },
      owner_file_list: (ctx, d) => {
        const dir = text(ctx, d).replace(/\/*$/, "/");
        const names = new Set();
        for (const f of ownerFiles.keys()) {
          if (f.startsWith(dir)) {
            const rest = f.slice(dir.length).split("/");
            names.add(rest.length > 1 ? rest[0] + "/" : rest[0]);
          }
        }
        return listing(ctx, [...names]);
      },
      owner_image: (ctx, p, edge) => {
        // Stand-in for the node's decoder: "images" are files whose bytes start with the JPEG
        // magic; the answer names the file and edge so a test can tell what was asked.
        const v = ownerFiles.get(text(ctx, p));
        if (v === undefined || v[0] !== 0xff || v[1] !== 0xd8) return 0n;
        return put(ctx, Buffer.from(`thumb:${text(ctx, p)}:${edge}`));
      },
      time_now: () => BigInt(clock.now()),
      random_bytes: (ctx, n) => put(ctx, randomBytes(Math.max(0, Math.min(Number(n), 4096)))),
      identity_caller: (ctx) => ctx.store(JSON.stringify(caller)),
      p2p_send: (ctx, did, payload) => void sent.push({ did: text(ctx, did), payload: bytes(ctx, payload) }),
    },
  };
  const logger = {
    info: (m) => logs.push(m), debug: (m) => logs.push(m), warn: (m) => logs.push(m),
    error: (m) => logs.push(m), trace: (m) => logs.push(m), log: (m) => logs.push(m),
  };
  const plugin = await createPlugin(
    { wasm: [{ data: new Uint8Array(readFileSync(wasmPath)) }] },
    {
      useWasi: false,
      runInWorker: false,
      functions: { ...functions, "extism:host/env": fetchEnv },
      logger,
      config: options.config ?? {},
    },
  );
  return {
    kv,
    files,
    ownerFiles,
    clock,
    sent,
    logs,
    /** Calls the app's handle export as the node would for METHOD /apps/<id>/api/PATH. */
    // caller: who this one call is from, e.g. { did: "", role: "anonymous" } for a request to a
    // public route without a session.
    async request(method, path, { query = "", body = "", headers = {}, caller: who } = {}) {
      caller = who ?? defaultCaller;
      const raw = typeof body === "string" ? Buffer.from(body, "utf8") : Buffer.from(body);
      const envelope = JSON.stringify({ method, path, query, headers, body: raw.toString("base64") });
      const out = await plugin.call("handle", envelope);
      const res = JSON.parse(out.text());
      const payload = res.bodyBase64 !== undefined ? Buffer.from(res.bodyBase64, "base64").toString("utf8") : (res.body ?? "");
      return { status: res.status ?? 200, headers: res.headers ?? {}, body: payload, json: () => JSON.parse(payload) };
    },
    /** Calls any export with raw input; returns the output text. */
    async call(name, input) {
      const out = await plugin.call(name, input);
      return out === null ? "" : out.text();
    },
    close: () => plugin.close(),
  };
}

// The entries of a zip archive (central directory; stored or deflated), for the zip stand-ins.
function zipEntries(zip) {
  const b = Buffer.from(zip.buffer, zip.byteOffset, zip.length);
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 65557); i--) {
    if (b.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error("not a zip file");
  const out = [];
  let at = b.readUInt32LE(eocd + 16);
  for (let n = b.readUInt16LE(eocd + 10); n > 0; n--) {
    const method = b.readUInt16LE(at + 10);
    const size = b.readUInt32LE(at + 20);
    const nameLen = b.readUInt16LE(at + 28);
    const extra = b.readUInt16LE(at + 30);
    const comment = b.readUInt16LE(at + 32);
    const local = b.readUInt32LE(at + 42);
    const name = b.toString("utf8", at + 46, at + 46 + nameLen);
    const dataAt = local + 30 + b.readUInt16LE(local + 26) + b.readUInt16LE(local + 28);
    const raw = b.subarray(dataAt, dataAt + b.readUInt32LE(at + 24));
    out.push({ name, size, read: () => new Uint8Array(method === 8 ? inflateRawSync(raw) : raw) });
    at += 46 + nameLen + extra + comment;
  }
  return out;
}
