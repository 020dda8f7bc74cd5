// Bulk host I/O for the import. The SDK's files.readRange and kv.get/put are right for small
// values, but they leave every host block allocated until the call ends (the kernel memory is
// capped at the app's memoryMiB, and a step reads 32 MiB), copy values into the kernel one byte
// per host call, and need the whole value in the app's memory. These copy 8 bytes per host call,
// into buffers the caller owns, free each block when done, and let the state codec read and write
// a value of many MiB in the kernel through a small window.
import { alloc, free, length, load_u64, load_u8, store_u64, store_u8 } from "@extism/as-pdk/lib/env";

@external("extism:host/user", "file_read_range")
declare function file_read_range(path: u64, offset: u64, length: u64): u64;
@external("extism:host/user", "kv_get")
declare function kv_get(key: u64): u64;
@external("extism:host/user", "kv_put")
declare function kv_put(key: u64, value: u64): void;

// A kernel block holding len bytes from ptr; 0 for none.
function toKernel(ptr: usize, len: i32): u64 {
  if (len <= 0) return 0;
  const block = alloc(<u64>len);
  let i = 0;
  for (; i + 8 <= len; i += 8) store_u64(block + <u64>i, load<u64>(ptr + <usize>i));
  for (; i < len; i++) store_u8(block + <u64>i, load<u8>(ptr + <usize>i));
  return block;
}

function fromKernel(block: u64, dst: usize, len: i32): void {
  let i = 0;
  for (; i + 8 <= len; i += 8) store<u64>(dst + <usize>i, load_u64(block + <u64>i));
  for (; i < len; i++) store<u8>(dst + <usize>i, load_u8(block + <u64>i));
}

function stringBlock(s: string): u64 {
  const b = String.UTF8.encode(s);
  return toKernel(changetype<usize>(b), b.byteLength);
}

/** Reads up to max bytes of a file from offset into dst; the count read (0 at the end). */
export function readInto(path: string, offset: u64, max: i32, dst: usize): i32 {
  const p = stringBlock(path);
  const block = file_read_range(p, offset, <u64>max);
  free(p);
  if (block == 0) return 0;
  let n = <i32>length(block);
  if (n > max) n = max; // never trust the host with our buffer's size
  fromKernel(block, dst, n);
  free(block);
  return n;
}

/** The value under key as a kernel block (0 when there is none); free it with blockFree. */
export function kvGetBlock(key: string): u64 {
  const k = stringBlock(key);
  const block = kv_get(k);
  free(k);
  return block;
}

/** Stores a kernel block under key (the block stays the caller's). */
export function kvPutBlock(key: string, block: u64): void {
  const k = stringBlock(key);
  kv_put(k, block);
  free(k);
}

export function blockLength(block: u64): i32 {
  return block == 0 ? 0 : <i32>length(block);
}

export function blockAlloc(n: i32): u64 {
  return alloc(<u64>n);
}

export function blockFree(block: u64): void {
  if (block != 0) free(block);
}

/** Copies len bytes at ptr into a kernel block at offset at. */
export function toBlock(block: u64, at: i32, ptr: usize, len: i32): void {
  const base = block + <u64>at;
  let i = 0;
  for (; i + 8 <= len; i += 8) store_u64(base + <u64>i, load<u64>(ptr + <usize>i));
  for (; i < len; i++) store_u8(base + <u64>i, load<u8>(ptr + <usize>i));
}

/** Copies len bytes of a kernel block from offset at to dst. */
export function fromBlock(block: u64, at: i32, dst: usize, len: i32): void {
  fromKernel(block + <u64>at, dst, len);
}

/** The value under key as UTF-8 text, or null. */
export function kvGetText(key: string): string | null {
  const block = kvGetBlock(key);
  if (block == 0) return null;
  const n = blockLength(block);
  const b = new Uint8Array(n);
  fromKernel(block, b.dataStart, n);
  free(block);
  return String.UTF8.decodeUnsafe(b.dataStart, <usize>n);
}

export function kvPutText(key: string, s: string): void {
  const b = String.UTF8.encode(s);
  const v = toKernel(changetype<usize>(b), b.byteLength);
  kvPutBlock(key, v);
  if (v != 0) free(v);
}
