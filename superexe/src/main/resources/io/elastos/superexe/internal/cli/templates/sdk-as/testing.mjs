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

process.removeAllListeners("warning"); // node:wasi's ExperimentalWarning

/**
 * Loads app.wasm. Options: caller ({did, role} for identity_caller), fetch (a function
 * (request, body) => {status, body} standing in for net.fetch), config.
 */
export async function loadApp(wasmPath, options = {}) {
  const kv = new Map();
  const files = new Map();
  const sent = [];
  const logs = [];
  const caller = JSON.stringify(options.caller ?? { did: "did:key:z6MkTest", role: "owner" });
  const text = (ctx, p) => (p === 0n ? "" : (ctx.read(p)?.string() ?? ""));
  const bytes = (ctx, p) => (p === 0n ? new Uint8Array(0) : (ctx.read(p)?.bytes().slice() ?? new Uint8Array(0)));
  const put = (ctx, v) => (v.length === 0 ? 0n : ctx.store(v));
  const listing = (ctx, names) => put(ctx, names.sort().join("\n"));
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
        const v = files.get(text(ctx, p));
        return v === undefined ? 0n : put(ctx, v);
      },
      file_write: (ctx, p, d) => void files.set(text(ctx, p), bytes(ctx, d)),
      file_list: (ctx, d) => {
        const dir = text(ctx, d).replace(/\/*$/, "/").replace(/^\/$/, "");
        const names = new Set();
        for (const f of files.keys()) {
          if (f.startsWith(dir)) {
            const rest = f.slice(dir.length).split("/");
            names.add(rest.length > 1 ? rest[0] + "/" : rest[0]);
          }
        }
        return listing(ctx, [...names]);
      },
      identity_caller: (ctx) => ctx.store(caller),
      p2p_send: (ctx, did, payload) => void sent.push({ did: text(ctx, did), payload: bytes(ctx, payload) }),
    },
  };
  const logger = {
    info: (m) => logs.push(m), debug: (m) => logs.push(m), warn: (m) => logs.push(m),
    error: (m) => logs.push(m), trace: (m) => logs.push(m), log: (m) => logs.push(m),
  };
  const plugin = await createPlugin(
    { wasm: [{ data: new Uint8Array(readFileSync(wasmPath)) }] },
    { useWasi: false, runInWorker: false, functions, logger, config: options.config ?? {} },
  );
  return {
    kv,
    files,
    sent,
    logs,
    /** Calls the app's handle export as the node would for METHOD /apps/<id>/api/PATH. */
    async request(method, path, { query = "", body = "", headers = {} } = {}) {
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
