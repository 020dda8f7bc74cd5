// SPDX-License-Identifier: Apache-2.0
// Reference IPFS behaviour for the storage bundle's Java tests: the real js-ipfs importer and
// @ipld/car compute the CIDs and archives that the Java implementation must match.
//
// Usage (one command per run, results on stdout):
//   node ipfs-reference.mjs cid-files <file>...      one root CID per line
//   node ipfs-reference.mjs cid-dir <dir>            root CID of the directory tree
//   node ipfs-reference.mjs car-verify <car>         JSON {roots, blocks, bytes}; exit 1 on a bad block
//   node ipfs-reference.mjs car-write <file> <car>   imports the file and writes its DAG as a CAR
import { createReadStream, createWriteStream } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { join, basename } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { importer } from 'ipfs-unixfs-importer'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { balanced } from 'ipfs-unixfs-importer/layout'
import { CarReader, CarWriter } from '@ipld/car'
import * as dagPb from '@ipld/dag-pb'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { equals } from 'multiformats/bytes'

// Passed explicitly so a change of the importer's defaults cannot silently change the reference.
const OPTIONS = {
  cidVersion: 1,
  rawLeaves: true,
  reduceSingleLeafToSelf: true,
  wrapWithDirectory: false,
  chunker: fixedSize({ chunkSize: 262144 }),
  layout: balanced({ maxChildrenPerNode: 174 }),
  // Directories: a HAMT of fanout 256 once the links' names and CIDs pass 256 KiB.
  shardSplitThresholdBytes: 262144,
  shardSplitStrategy: 'links-bytes',
  shardFanoutBits: 8
}

/** A block store that keeps blocks in a map, or only counts them when `keep` is false. */
class MapBlockstore {
  constructor (keep) {
    this.keep = keep
    this.blocks = new Map()
  }

  put (cid, bytes) {
    if (this.keep) this.blocks.set(cid.toString(), bytes)
    return cid
  }

  get (cid) {
    const bytes = this.blocks.get(cid.toString())
    if (bytes == null) throw new Error(`missing block ${cid}`)
    return bytes
  }
}

async function importOne (candidate, blockstore) {
  let last
  for await (const entry of importer([candidate], blockstore, OPTIONS)) last = entry
  return last.cid
}

async function importFile (path, blockstore) {
  return importOne({ content: createReadStream(path, { highWaterMark: 1 << 20 }) }, blockstore)
}

// Directories before their contents (pre-order), like the importer's glob source: a directory
// entry that came after its files would replace the tree built for them.
async function * walk (dir, prefix) {
  yield { path: prefix }
  const entries = await readdir(dir, { withFileTypes: true })
  for (const e of entries) {
    const full = join(dir, e.name)
    const path = `${prefix}/${e.name}`
    if (e.isDirectory()) {
      yield * walk(full, path)
    } else if (e.isFile()) {
      yield { path, content: createReadStream(full) }
    } else {
      throw new Error(`unsupported entry ${full}`)
    }
  }
}

async function importDir (dir, blockstore) {
  let last
  for await (const entry of importer(walk(dir, basename(dir)), blockstore, OPTIONS)) last = entry
  return last.cid
}

/** Blocks of a DAG from its root, depth-first, each once. */
function * depthFirst (cid, blockstore, seen = new Set()) {
  if (seen.has(cid.toString())) return
  seen.add(cid.toString())
  const bytes = blockstore.get(cid)
  yield { cid, bytes }
  if (cid.code === dagPb.code) {
    for (const link of dagPb.decode(bytes).Links) yield * depthFirst(link.Hash, blockstore, seen)
  }
}

async function carWrite (file, out) {
  const store = new MapBlockstore(true)
  const root = await importFile(file, store)
  const { writer, out: bytes } = CarWriter.create([root])
  const done = pipeline(Readable.from(bytes), createWriteStream(out))
  for (const block of depthFirst(root, store)) await writer.put(block)
  await writer.close()
  await done
  console.log(root.toString())
}

async function carVerify (file) {
  const reader = await CarReader.fromIterable(createReadStream(file))
  const roots = await reader.getRoots()
  let blocks = 0
  let bytes = 0
  for await (const { cid, bytes: data } of reader.blocks()) {
    if (cid.multihash.code !== sha256.code) throw new Error(`unexpected hash in ${cid}`)
    if (cid.code !== raw.code && cid.code !== dagPb.code) throw new Error(`unexpected codec in ${cid}`)
    const digest = await sha256.digest(data)
    if (!equals(digest.bytes, cid.multihash.bytes)) throw new Error(`hash mismatch for ${cid}`)
    if (cid.code === dagPb.code) dagPb.decode(data) // must be valid dag-pb
    blocks++
    bytes += data.length
  }
  // Every block the roots reach must be present, and no other block.
  const have = new Map()
  for await (const b of reader.blocks()) have.set(b.cid.toString(), b.bytes)
  const store = {
    get: (cid) => {
      const b = have.get(cid.toString())
      if (b == null) throw new Error(`missing block ${cid}`)
      return b
    }
  }
  const reached = new Set()
  for (const root of roots) {
    for (const _ of depthFirst(root, store, reached)) { /* walk only */ }
  }
  if (reached.size !== blocks) throw new Error(`roots reach ${reached.size} of ${blocks} blocks`)
  console.log(JSON.stringify({ roots: roots.map(String), blocks, bytes }))
}

const [command, ...args] = process.argv.slice(2)
try {
  if (command === 'cid-files') {
    for (const f of args) console.log((await importFile(f, new MapBlockstore(false))).toString())
  } else if (command === 'cid-dir') {
    console.log((await importDir(args[0], new MapBlockstore(false))).toString())
  } else if (command === 'car-verify') {
    await carVerify(args[0])
  } else if (command === 'car-write') {
    await carWrite(args[0], args[1])
  } else {
    throw new Error(`unknown command ${command}`)
  }
} catch (e) {
  console.error(e.message)
  process.exit(1)
}
