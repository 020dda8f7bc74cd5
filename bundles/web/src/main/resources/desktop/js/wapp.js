// SPDX-License-Identifier: Apache-2.0
// Reads the manifest of a .wapp (a zip, docs/package-format.md) in the browser, so the owner sees
// what a package asks for before sending it. This is only a preview: the node verifies the
// signature, the file hashes and everything else itself (POST /api/apps/-/license, then install).

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_MANIFEST = 256 * 1024;

async function bytes(blob, start, end) {
  return new Uint8Array(await blob.slice(start, end).arrayBuffer());
}

function view(b) { return new DataView(b.buffer, b.byteOffset, b.byteLength); }

/** The central directory: [{name, method, compressedSize, size, offset}]. */
async function entries(file) {
  const tailStart = Math.max(0, file.size - (65535 + 22));
  const tail = await bytes(file, tailStart, file.size);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (view(tail).getUint32(i, true) === EOCD) { at = i; break; }
  }
  if (at < 0) throw new Error('not a zip file (no end of central directory)');
  const v = view(tail);
  const count = v.getUint16(at + 10, true);
  const size = v.getUint32(at + 12, true);
  const offset = v.getUint32(at + 16, true);
  if (offset + size > file.size) throw new Error('damaged zip file (central directory out of range)');
  const cd = await bytes(file, offset, offset + size);
  const c = view(cd);
  const out = [];
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > cd.length || c.getUint32(p, true) !== CENTRAL) throw new Error('damaged zip file (central directory)');
    const nameLen = c.getUint16(p + 28, true);
    const extraLen = c.getUint16(p + 30, true);
    const commentLen = c.getUint16(p + 32, true);
    out.push({
      method: c.getUint16(p + 10, true),
      compressedSize: c.getUint32(p + 20, true),
      size: c.getUint32(p + 24, true),
      offset: c.getUint32(p + 42, true),
      name: new TextDecoder().decode(cd.subarray(p + 46, p + 46 + nameLen)),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

async function content(file, e) {
  if (e.size > MAX_MANIFEST) throw new Error(`${e.name} is larger than ${MAX_MANIFEST} bytes`);
  const head = await bytes(file, e.offset, e.offset + 30);
  if (view(head).getUint32(0, true) !== LOCAL) throw new Error('damaged zip file (local header)');
  const start = e.offset + 30 + view(head).getUint16(26, true) + view(head).getUint16(28, true);
  const raw = file.slice(start, start + e.compressedSize);
  if (e.method === 0) return new Uint8Array(await raw.arrayBuffer());
  if (e.method !== 8) throw new Error(`unsupported compression method ${e.method}`);
  const stream = raw.stream().pipeThrough(new DecompressionStream('deflate-raw'));
  const out = new Uint8Array(await new Response(stream).arrayBuffer());
  if (out.length > MAX_MANIFEST) throw new Error(`${e.name} inflates beyond ${MAX_MANIFEST} bytes`);
  return out;
}

/**
 * Answers {manifest, signed, files} of a package file, or throws with what is wrong. `signed`
 * only says a non-empty signature entry is present; whether it verifies is the node's answer.
 */
export async function readPackage(file) {
  const list = await entries(file);
  const m = list.find((e) => e.name === 'manifest.json');
  if (!m) throw new Error('no manifest.json in the package');
  const text = new TextDecoder('utf-8', { fatal: true }).decode(await content(file, m));
  let manifest;
  try { manifest = JSON.parse(text); } catch (e) { throw new Error(`manifest.json is not JSON: ${e.message}`); }
  if (!manifest || typeof manifest !== 'object') throw new Error('manifest.json is not an object');
  const sig = list.find((e) => e.name === 'signature');
  return { manifest, signed: !!sig && sig.size > 0, files: list.length };
}
