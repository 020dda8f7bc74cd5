// The npm reference of the storage CID row (bench/run --only storage): imports a file with
// ipfs-unixfs-importer, with the options of bundles/storage/src/test/js/ipfs-reference.mjs
// (cidVersion 1, raw leaves, fixed 262144-byte chunks, balanced layout of 174 links), into a
// block store that drops the blocks, and times each import inside the process (node start, module
// loading and a warm-up of three imports of a 64 MiB prefix excluded).
//
//   node storage-cid.mjs FILE [runs]    one line per run: BENCH-STORAGE-NPM run=N ms=… cid=…
//
// bench/run copies this script next to a node_modules link to bundles/storage/src/test/js/node_modules,
// so that the packages of that package-lock.json are the ones imported.
import { createReadStream } from 'node:fs'
import { importer } from 'ipfs-unixfs-importer'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { balanced } from 'ipfs-unixfs-importer/layout'

const OPTIONS = {
  cidVersion: 1,
  rawLeaves: true,
  reduceSingleLeafToSelf: true,
  wrapWithDirectory: false,
  chunker: fixedSize({ chunkSize: 262144 }),
  layout: balanced({ maxChildrenPerNode: 174 })
}

/** Counts the blocks and keeps none, like the Java side's discarding BlockSink. */
const discard = { blocks: 0, put (cid) { this.blocks++; return cid } }

async function importOnce (file, end) {
  let last
  const content = createReadStream(file, { highWaterMark: 1 << 20, end })
  for await (const entry of importer([{ content }], discard, OPTIONS)) last = entry
  return last.cid
}

const [file, runsArg] = process.argv.slice(2)
const runs = Number(runsArg ?? 1)
try {
  // Warm-up as on the Java side: three imports of a 64 MiB prefix, not timed.
  for (let i = 0; i < 3; i++) await importOnce(file, (64 << 20) - 1)
  for (let i = 0; i < runs; i++) {
    discard.blocks = 0
    const t0 = process.hrtime.bigint()
    const cid = await importOnce(file, Infinity)
    const ms = Number(process.hrtime.bigint() - t0) / 1e6
    console.log(`BENCH-STORAGE-NPM run=${i} ms=${ms.toFixed(1)} blocks=${discard.blocks} cid=${cid.toString()}`)
  }
} catch (e) {
  console.log(`BENCH-STORAGE-NPM-ERROR ${e.message}`)
  process.exit(1)
}
