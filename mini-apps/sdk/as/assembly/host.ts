// SPDX-License-Identifier: Apache-2.0
// Typed bindings for the ElastOS Node host functions (module "extism:host/user")
// and the parts of the Extism kernel the official PDK leaves out (HTTP status,
// trace logging). Every pointer is an offset into the host's kernel memory.
// Only the functions an app calls become wasm imports, and each import needs its
// capability in manifest.json: storage.kv, storage.files, files.read, identity.read,
// p2p.message, net.fetch:<host>, log.
import { Memory } from "@extism/as-pdk";
import {
  alloc,
  free,
  http_request,
  length,
  log_debug,
  log_error,
  log_info,
  log_warn,
  store_u64,
  store_u8,
} from "@extism/as-pdk/lib/env";
import { JsonValue } from "./json";

@external("extism:host/user", "kv_get")
declare function kv_get(key: u64): u64;
@external("extism:host/user", "kv_put")
declare function kv_put(key: u64, value: u64): void;
@external("extism:host/user", "kv_delete")
declare function kv_delete(key: u64): u64;
@external("extism:host/user", "kv_list")
declare function kv_list(prefix: u64): u64;
@external("extism:host/user", "file_read")
declare function file_read(path: u64): u64;
@external("extism:host/user", "file_write")
declare function file_write(path: u64, data: u64): void;
@external("extism:host/user", "file_list")
declare function file_list(dir: u64): u64;
@external("extism:host/user", "file_read_range")
declare function file_read_range(path: u64, offset: u64, length: u64): u64;
@external("extism:host/user", "file_size")
declare function file_size(path: u64): i64;
@external("extism:host/user", "file_delete")
declare function file_delete(path: u64): u64;
@external("extism:host/user", "zip_list")
declare function zip_list(path: u64): u64;
@external("extism:host/user", "zip_extract")
declare function zip_extract(path: u64, entry: u64, dest: u64): i64;
@external("extism:host/user", "owner_file_list")
declare function owner_file_list(path: u64): u64;
@external("extism:host/user", "owner_image")
declare function owner_image(path: u64, maxEdge: u64): u64;
@external("extism:host/user", "identity_caller")
declare function identity_caller(): u64;
@external("extism:host/user", "p2p_send")
declare function p2p_send(did: u64, payload: u64): void;
@external("extism:host/user", "time_now")
declare function time_now(): i64;
@external("extism:host/user", "random_bytes")
declare function random_bytes(n: u64): u64;
@external("extism:host/env", "http_status_code")
declare function http_status_code(): i32;

/** UTF-8 bytes of a string, in a buffer of their own. */
export function utf8(s: string): Uint8Array {
  return Uint8Array.wrap(String.UTF8.encode(s));
}

/** A string from UTF-8 bytes. Invalid sequences are not replaced reliably: check untrusted bytes first. */
export function fromUtf8(b: Uint8Array): string {
  return String.UTF8.decodeUnsafe(b.dataStart, <usize>b.length);
}

/**
 * A kernel block holding the bytes, to pass to a host function (0 for none; alloc(0) is 0 in the
 * kernel). Copied eight bytes per kernel call (the PDK's Memory.allocateBytes makes one call per
 * byte). With hostBytes, what an app needs to call a capability a bundle provides:
 *   @external("extism:host/user", "iot_mqtt_status") declare function status(input: u64): u64;
 *   const out = hostBytes(status(hostBlock(utf8("{}"))));
 */
export function hostBlock(b: Uint8Array): u64 {
  return block(b);
}

/** The bytes of a block a host function returned, which is freed then; null for 0. */
export function hostBytes(p: u64): Uint8Array | null {
  return bytesOf(p);
}

function block(b: Uint8Array): u64 {
  const n = b.length;
  if (n == 0) return 0;
  const p = alloc(<u64>n);
  let i = 0;
  for (; i + 8 <= n; i += 8) store_u64(p + <u64>i, load<u64>(b.dataStart + <usize>i));
  for (; i < n; i++) store_u8(p + <u64>i, b[i]);
  return p;
}

function blockOf(s: string): u64 {
  return block(utf8(s));
}

// The bytes of a host result block, which is freed then (a loop reading a large file in pieces
// would otherwise fill the kernel's memory); null for the 0 pointer.
function bytesOf(p: u64): Uint8Array | null {
  if (p == 0) return null;
  const out = new Memory(p, length(p)).toUint8Array();
  free(p);
  return out;
}

function lines(p: u64): string[] {
  const b = bytesOf(p);
  const out = new Array<string>();
  if (b === null || b.length == 0) return out;
  const parts = fromUtf8(b).split("\n");
  for (let i = 0; i < parts.length; i++) {
    if (parts[i].length > 0) out.push(parts[i]);
  }
  return out;
}

/** The app's own key/value store (capability storage.kv). */
export namespace kv {
  /** The value under key, or null when there is none. */
  export function get(key: string): Uint8Array | null {
    return bytesOf(kv_get(blockOf(key)));
  }

  /** The value under key as UTF-8 text, or null. */
  export function getString(key: string): string | null {
    const b = get(key);
    return b === null ? null : fromUtf8(b);
  }

  /** Stores value under key. An empty value reads back as null: the ABI has one 0 pointer for both. */
  export function put(key: string, value: Uint8Array): void {
    kv_put(blockOf(key), block(value));
  }

  export function putString(key: string, value: string): void {
    put(key, utf8(value));
  }

  /** Removes key; true when it existed. */
  export function remove(key: string): bool {
    return kv_delete(blockOf(key)) == 1;
  }

  /** The keys starting with prefix, sorted. */
  export function list(prefix: string): string[] {
    return lines(kv_list(blockOf(prefix)));
  }
}

/** The app's own file area (capability storage.files). */
export namespace files {
  export function read(path: string): Uint8Array | null {
    return bytesOf(file_read(blockOf(path)));
  }

  export function write(path: string, data: Uint8Array): void {
    file_write(blockOf(path), block(data));
  }

  /** Entry names of a folder; sub-folders end with "/". */
  export function list(dir: string): string[] {
    return lines(file_list(blockOf(dir)));
  }

  /**
   * Up to length bytes of a file from offset (at most 8 MiB per call; fewer at the end, empty at
   * or past it), so an app can stream a file far larger than its memory.
   */
  export function readRange(path: string, offset: u64, length: u64): Uint8Array {
    const b = bytesOf(file_read_range(blockOf(path), offset, length));
    return b === null ? new Uint8Array(0) : b;
  }

  /** The size of a file in bytes, or -1 when there is no such file. */
  export function size(path: string): i64 {
    return file_size(blockOf(path));
  }

  /** Deletes a file or an empty folder; true when something was deleted. */
  export function remove(path: string): bool {
    return file_delete(blockOf(path)) == 1;
  }

  /** The entry names of a zip file in the app's file area (folders end with "/"). */
  export function zipEntries(path: string): string[] {
    return lines(zip_list(blockOf(path)));
  }

  /**
   * Unpacks one entry of a zip file in the app's file area into another file there, streamed by
   * the node (bounded by the app's quota); the entry's size, or -1 when there is no such entry.
   */
  export function unzip(zipPath: string, entry: string, dest: string): i64 {
    return zip_extract(blockOf(zipPath), blockOf(entry), blockOf(dest));
  }
}

/**
 * The owner's own files, read-only (capability files.read, which the owner grants at install):
 * paths are absolute in the owner's private files, such as "/Photos/2024".
 */
export namespace ownerFiles {
  /** Entry names of a folder of the owner's files; sub-folders end with "/". */
  export function list(dir: string): string[] {
    return lines(owner_file_list(blockOf(dir)));
  }

  /**
   * An image file of the owner's, decoded by the node and scaled to fit maxEdge pixels (16 to
   * 2048) as JPEG bytes; null when the file is not an image the node can read.
   */
  export function image(path: string, maxEdge: u32): Uint8Array | null {
    return bytesOf(owner_image(blockOf(path), <u64>maxEdge));
  }
}

/** Who calls the app (capability identity.read). */
export class Caller {
  constructor(
    public did: string,
    public role: string,
    public app: string,
  ) {}
}

export namespace identity {
  /** The signed-in user of this call: DID ("" for the node's own admin token) and role. */
  export function caller(): Caller {
    const b = bytesOf(identity_caller());
    if (b === null) return new Caller("", "guest", "");
    const v = JsonValue.parse(fromUtf8(b));
    if (v === null) return new Caller("", "guest", "");
    return new Caller(v.getString("did", ""), v.getString("role", "guest"), v.getString("app", ""));
  }
}

/** End-to-end encrypted messages to other DIDs (capability p2p.message). */
export namespace p2p {
  export function send(did: string, payload: Uint8Array): void {
    p2p_send(blockOf(did), block(payload));
  }
}

/** The answer of fetch(). */
export class FetchResponse {
  constructor(
    public status: i32,
    public body: Uint8Array,
  ) {}

  text(): string {
    return fromUtf8(this.body);
  }

  json(): JsonValue | null {
    return JsonValue.parse(this.text());
  }
}

/**
 * An outgoing HTTP request through the node (capability net.fetch:<host> for the URL's
 * host; no redirects, bounded sizes, within the call's deadline).
 */
export function fetch(
  method: string,
  url: string,
  headers: Map<string, string> | null = null,
  body: Uint8Array | null = null,
): FetchResponse {
  const req = JsonValue.obj().set("method", JsonValue.str(method)).set("url", JsonValue.str(url));
  const h = JsonValue.obj();
  if (headers !== null) {
    const keys = headers.keys();
    for (let i = 0; i < keys.length; i++) h.set(keys[i], JsonValue.str(headers.get(keys[i])));
  }
  req.set("headers", h);
  const p = http_request(blockOf(req.toString()), body === null ? 0 : block(body));
  const out = bytesOf(p);
  return new FetchResponse(http_status_code(), out === null ? new Uint8Array(0) : out);
}

/** The wall clock and a secure random source (no capability needed). */
export namespace system {
  /** Milliseconds since 1970-01-01 UTC, from the node's clock. */
  export function now(): i64 {
    return time_now();
  }

  /** n (1 to 4096) bytes from the node's secure random generator. */
  export function random(n: i32): Uint8Array {
    const b = bytesOf(random_bytes(<u64>n));
    return b === null ? new Uint8Array(0) : b;
  }
}

/** The app log (capability log). */
export namespace log {
  export function debug(s: string): void {
    log_debug(blockOf(s));
  }
  export function info(s: string): void {
    log_info(blockOf(s));
  }
  export function warn(s: string): void {
    log_warn(blockOf(s));
  }
  export function error(s: string): void {
    log_error(blockOf(s));
  }
}
