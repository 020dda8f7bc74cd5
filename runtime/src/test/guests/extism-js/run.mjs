#!/usr/bin/env node
// Runs one function of an Extism plug-in with the official @extism/extism JS
// runtime, as a reference to compare the node's own runtime against.
//
//   node run.mjs [options] <plugin.wasm> <function> <inputFile> [key=value config...]
//
// Prints the output bytes base64-encoded on one line (an empty line for empty
// output) and exits 0; on failure prints the error message to stderr and exits 1.
//
// Options (all optional, before the positional arguments):
//   --repeat=N       call the function N times in the same plug-in instance and
//                    print one base64 line per call (e.g. for running totals)
//   --wasi           enable WASI (needed by wasi_files.wasm / escape.wasm)
//   --preopen=G:H    with --wasi: expose host directory H as guest path G
//   --user-host      provide in-memory stand-ins for the node's
//                    extism:host/user functions (kv_*, file_*, identity_caller,
//                    p2p_send) so kv_plugin.wasm etc. can run here too
//   --caller=JSON    identity_caller() result for --user-host
//                    (default {"did":"did:elastos:test","role":"owner"})
import { readFileSync } from "node:fs";

// The runtime imports node:wasi eagerly, which prints an ExperimentalWarning;
// keep stderr for real errors only.
process.removeAllListeners("warning");
// Resolved from ../node_modules (installed by ../build.sh), whatever the cwd is.
const { default: createPlugin } = await import("@extism/extism");

function usage(msg) {
  if (msg) process.stderr.write(`run.mjs: ${msg}\n`);
  process.stderr.write(
    "usage: node run.mjs [--repeat=N] [--wasi] [--preopen=G:H] [--user-host] [--caller=JSON] " +
      "<plugin.wasm> <function> <inputFile> [key=value config...]\n",
  );
  process.exit(2);
}

const opts = { repeat: 1, wasi: false, preopens: {}, userHost: false, caller: null };
const positional = [];
for (const arg of process.argv.slice(2)) {
  if (positional.length === 0 && arg.startsWith("--")) {
    const [flag, ...rest] = arg.split("=");
    const value = rest.join("=");
    if (flag === "--repeat") {
      opts.repeat = Number.parseInt(value, 10);
      if (!(opts.repeat >= 1)) usage("--repeat needs a positive number");
    } else if (flag === "--wasi") {
      opts.wasi = true;
    } else if (flag === "--preopen") {
      const i = value.indexOf(":");
      if (i <= 0) usage("--preopen needs GUEST:HOST");
      opts.preopens[value.slice(0, i)] = value.slice(i + 1);
    } else if (flag === "--user-host") {
      opts.userHost = true;
    } else if (flag === "--caller") {
      opts.caller = value;
    } else {
      usage(`unknown option ${flag}`);
    }
  } else {
    positional.push(arg);
  }
}
if (positional.length < 3) usage();
const [wasmPath, funcName, inputPath, ...configArgs] = positional;

const config = {};
for (const kv of configArgs) {
  const i = kv.indexOf("=");
  if (i <= 0) usage(`config "${kv}" is not key=value`);
  config[kv.slice(0, i)] = kv.slice(i + 1);
}

// In-memory stand-ins for the node's host functions (module extism:host/user).
function userHostFunctions(caller) {
  const kv = new Map();
  const files = new Map();
  const text = (ctx, ptr) => (ptr === 0n ? "" : ctx.read(ptr)?.string() ?? "");
  const bytes = (ctx, ptr) => (ptr === 0n ? new Uint8Array(0) : ctx.read(ptr)?.bytes().slice() ?? new Uint8Array(0));
  const put = (ctx, value) => (value.length === 0 ? 0n : ctx.store(value));
  const listing = (ctx, names) => put(ctx, names.sort().join("\n"));
  return {
    "extism:host/user": {
      kv_get: (ctx, k) => {
        const v = kv.get(text(ctx, k));
        return v === undefined ? 0n : put(ctx, v);
      },
      kv_put: (ctx, k, v) => {
        kv.set(text(ctx, k), bytes(ctx, v));
      },
      kv_delete: (ctx, k) => (kv.delete(text(ctx, k)) ? 1n : 0n),
      kv_list: (ctx, p) => {
        const prefix = text(ctx, p);
        return listing(ctx, [...kv.keys()].filter((k) => k.startsWith(prefix)));
      },
      file_read: (ctx, p) => {
        const v = files.get(text(ctx, p));
        return v === undefined ? 0n : put(ctx, v);
      },
      file_write: (ctx, p, d) => {
        files.set(text(ctx, p), bytes(ctx, d));
      },
      file_list: (ctx, d) => {
        const dir = text(ctx, d).replace(/\/*$/, "/");
        const names = new Set();
        for (const f of files.keys()) {
          if (f.startsWith(dir)) names.add(f.slice(dir.length).split("/")[0]);
        }
        return listing(ctx, [...names]);
      },
      identity_caller: (ctx) => ctx.store(caller),
      p2p_send: (ctx, did, payload) => {
        process.stderr.write(`p2p_send to ${text(ctx, did)}: ${bytes(ctx, payload).length} bytes\n`);
      },
    },
  };
}

let plugin;
try {
  const wasm = readFileSync(wasmPath);
  // A fresh, exactly sized buffer: the runtime may keep the whole backing
  // ArrayBuffer of the Uint8Array it is given.
  const input = new Uint8Array(readFileSync(inputPath));
  plugin = await createPlugin(
    { wasm: [{ data: new Uint8Array(wasm) }], config },
    {
      config, // @extism/extism 1.0.3 reads the config from the options only
      useWasi: opts.wasi,
      allowedPaths: opts.preopens,
      runInWorker: false,
      functions: opts.userHost
        ? userHostFunctions(opts.caller ?? '{"did":"did:elastos:test","role":"owner"}')
        : undefined,
      logger: {
        // keep stdout for the result only
        info: (...a) => console.error("[info]", ...a),
        debug: (...a) => console.error("[debug]", ...a),
        warn: (...a) => console.error("[warn]", ...a),
        error: (...a) => console.error("[error]", ...a),
        trace: (...a) => console.error("[trace]", ...a),
        log: (...a) => console.error(...a),
      },
    },
  );
  const lines = [];
  for (let i = 0; i < opts.repeat; i++) {
    const out = await plugin.call(funcName, new Uint8Array(input));
    lines.push(out === null ? "" : Buffer.from(out.bytes()).toString("base64"));
  }
  process.stdout.write(lines.join("\n") + "\n");
  await plugin.close();
  process.exitCode = 0;
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  if (plugin) await plugin.close().catch(() => {});
  process.exitCode = 1;
}
