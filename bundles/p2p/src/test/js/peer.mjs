// SPDX-License-Identifier: Apache-2.0
// A js-libp2p 3 / Helia 7 peer for the p2p bundle's interop tests (see README.md).
// Prints {"ready":true,...} on stdout, then answers one JSON command per stdin line with
// {"id":N,"ok":true,"result":...} or {"id":N,"ok":false,"error":"..."}. Logs go to stderr.
// It exits when stdin closes, so a killed JVM never leaves it running.
import { createInterface } from 'node:readline'
import { randomBytes } from 'node:crypto'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { withBitswap } from '@helia/bitswap'
import { withLibp2pLight } from '@helia/libp2p'
import { unixfs } from '@helia/unixfs'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { identify } from '@libp2p/identify'
// Hoisted from Helia's own dependencies (package-lock.json), used only with PEER_MDNS=1.
import { mdns } from '@libp2p/mdns'
import { peerIdFromString } from '@libp2p/peer-id'
import { ping } from '@libp2p/ping'
import { tcp } from '@libp2p/tcp'
import { multiaddr } from '@multiformats/multiaddr'
import { MemoryBlockstore } from 'blockstore-core'
import { MemoryDatastore } from 'datastore-core'
import { createHeliaLight } from 'helia'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'

const ECHO = '/elastos/echo/1.0.0'
const SINK = '/elastos/sink/1.0.0'
const STREAM_LIMITS = { maxInboundStreams: 256, maxOutboundStreams: 256 }

const log = (...args) => console.error('[peer]', ...args)
const out = (obj) => process.stdout.write(JSON.stringify(obj) + '\n')

const helia = withBitswap(withLibp2pLight(createHeliaLight({
  blockstore: new MemoryBlockstore(),
  datastore: new MemoryDatastore()
}), {
  privateKey: await generateKeyPair('Ed25519'),
  addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  services: {
    identify: identify(),
    ping: ping(),
    ...(process.env.PEER_MDNS === '1' ? { mdns: mdns({ interval: 500 }) } : {})
  }
}))
await helia.start()
const libp2p = helia.libp2p
const discovered = new Set()
libp2p.addEventListener('peer:discovery', (evt) => discovered.add(evt.detail.id.toString()))
const fs = unixfs(helia)

// Echo everything back until the remote closes its side.
await libp2p.handle(ECHO, async (stream) => {
  for await (const chunk of stream) {
    if (!stream.send(chunk)) await stream.onDrain()
  }
  await stream.close()
}, STREAM_LIMITS)

// Accept a stream and read nothing until told to: the Java writer must block.
const sinks = []
await libp2p.handle(SINK, (stream) => {
  stream.pause()
  sinks.push(stream)
}, STREAM_LIMITS)

async function readAll (source) {
  const parts = []
  let n = 0
  for await (const chunk of source) {
    const bytes = chunk.subarray()
    parts.push(bytes)
    n += bytes.length
  }
  return Buffer.concat(parts, n)
}

async function echoOnce (peer, size) {
  const stream = await libp2p.dialProtocol(peerIdFromString(peer), ECHO, STREAM_LIMITS)
  const data = randomBytes(size)
  const reading = readAll(stream)
  for (let off = 0; off < size; off += 16384) {
    if (!stream.send(data.subarray(off, Math.min(size, off + 16384)))) await stream.onDrain()
  }
  await stream.close()
  const back = await reading
  if (!back.equals(data)) throw new Error(`echo mismatch: sent ${size}, got ${back.length}`)
  return back.length
}

const commands = {
  async dial ({ addr }) {
    const conn = await libp2p.dial(multiaddr(addr))
    return { peer: conn.remotePeer.toString(), remoteAddr: conn.remoteAddr.toString() }
  },
  async ping ({ addr }) {
    return await libp2p.services.ping.ping(multiaddr(addr))
  },
  async identify ({ peer }) {
    const conn = libp2p.getConnections(peerIdFromString(peer))[0]
    if (conn == null) throw new Error('not connected to ' + peer)
    const r = await libp2p.services.identify.identify(conn)
    return {
      peer: r.peerId.toString(),
      protocolVersion: r.protocolVersion,
      agentVersion: r.agentVersion,
      protocols: r.protocols,
      listenAddrs: r.listenAddrs.map(a => a.toString()),
      observedAddr: r.observedAddr?.toString() ?? null
    }
  },
  async peerInfo ({ peer }) {
    const p = await libp2p.peerStore.get(peerIdFromString(peer))
    return {
      protocols: p.protocols,
      agentVersion: new TextDecoder().decode(p.metadata.get('AgentVersion') ?? new Uint8Array())
    }
  },
  async echo ({ peer, streams, bytes }) {
    const sizes = await Promise.all(Array.from({ length: streams }, () => echoOnce(peer, bytes)))
    return sizes.reduce((a, b) => a + b, 0)
  },
  async connections () {
    return libp2p.getConnections().map(c => ({
      peer: c.remotePeer.toString(), remoteAddr: c.remoteAddr.toString(), status: c.status
    }))
  },
  async hangUp ({ peer }) {
    await libp2p.hangUp(peerIdFromString(peer))
    return true
  },
  async sinkStats () {
    return sinks.map(s => ({ buffered: s.readBufferLength, status: s.status }))
  },
  async sinkDrain () {
    const totals = await Promise.all(sinks.map(async s => {
      const reading = readAll(s)
      s.resume()
      const n = (await reading).length
      await s.close()
      return n
    }))
    sinks.length = 0
    return totals
  },
  async addRaw ({ data }) {
    const bytes = Buffer.from(data, 'base64')
    const cid = CID.createV1(raw.code, await sha256.digest(bytes))
    await helia.blockstore.put(cid, bytes)
    return cid.toString()
  },
  async addFile ({ data, chunkSize }) {
    const options = chunkSize ? { chunker: fixedChunker(chunkSize) } : {}
    return (await fs.addBytes(Buffer.from(data, 'base64'), options)).toString()
  },
  async getBlock ({ cid, timeoutMs }) {
    const bytes = await readAll(helia.blockstore.get(CID.parse(cid), {
      signal: AbortSignal.timeout(timeoutMs ?? 10000)
    }))
    return bytes.toString('base64')
  },
  // Chunks a file with UnixFS into a scratch blockstore and returns its blocks without adding
  // them to this peer, so that the only place Helia can then find them is the Java peer.
  async buildFile ({ data, chunkSize }) {
    // MemoryBlockstore keys blocks by multihash and forgets the codec, so record the CIDs.
    const scratchStore = new MemoryBlockstore()
    const cids = []
    const put = scratchStore.put.bind(scratchStore)
    scratchStore.put = (cid, bytes, options) => { cids.push(cid); return put(cid, bytes, options) }
    const scratch = createHeliaLight({ blockstore: scratchStore, datastore: new MemoryDatastore() })
    const options = chunkSize ? { chunker: fixedChunker(chunkSize) } : {}
    const cid = await unixfs(scratch).addBytes(Buffer.from(data, 'base64'), options)
    const blocks = []
    for (const c of cids) {
      blocks.push({ cid: c.toString(), data: (await readAll(scratchStore.get(c))).toString('base64') })
    }
    return { cid: cid.toString(), blocks }
  },
  async cat ({ cid, timeoutMs }) {
    const bytes = await readAll(fs.cat(CID.parse(cid), { signal: AbortSignal.timeout(timeoutMs ?? 10000) }))
    return bytes.toString('base64')
  },
  // Bench: count blocks of size random bytes, stored here; answers their CIDs.
  async addRandomBlocks ({ count, size }) {
    const cids = []
    for (let i = 0; i < count; i++) {
      const bytes = randomBytes(size)
      const cid = CID.createV1(raw.code, await sha256.digest(bytes))
      await helia.blockstore.put(cid, bytes)
      cids.push(cid.toString())
    }
    return cids
  },
  // Bench: fetches blocks (over bitswap when this peer lacks them) with `concurrency` in flight;
  // answers the bytes and the milliseconds, timed here.
  async fetchMany ({ cids, concurrency, timeoutMs }) {
    const queue = cids.slice()
    let bytes = 0
    const start = process.hrtime.bigint()
    await Promise.all(Array.from({ length: concurrency ?? 32 }, async () => {
      while (queue.length > 0) {
        const cid = CID.parse(queue.shift())
        const data = await readAll(helia.blockstore.get(cid, {
          signal: AbortSignal.timeout(timeoutMs ?? 60000)
        }))
        bytes += data.length
      }
    }))
    return { bytes, ms: Number(process.hrtime.bigint() - start) / 1e6 }
  },
  // Bench: dials n new connections one after the other (TCP + Noise + Yamux), hanging each up;
  // answers the milliseconds of each dial, timed here.
  async dialTimes ({ addr, n }) {
    const ma = multiaddr(addr)
    const times = []
    for (let i = 0; i < n; i++) {
      const start = process.hrtime.bigint()
      const conn = await libp2p.dial(ma, { force: true })
      times.push(Number(process.hrtime.bigint() - start) / 1e6)
      await conn.close()
    }
    return times
  },
  async discovered () {
    return [...discovered]
  },
  async stop () {
    setTimeout(shutdown, 10)
    return true
  }
}

function fixedChunker (size) {
  return async function * (source) {
    let buf = Buffer.alloc(0)
    for await (const chunk of source) {
      buf = Buffer.concat([buf, chunk])
      while (buf.length >= size) {
        yield buf.subarray(0, size)
        buf = buf.subarray(size)
      }
    }
    if (buf.length > 0) yield buf
  }
}

let stopping = false
async function shutdown () {
  if (stopping) return
  stopping = true
  try { await helia.stop() } catch (err) { log('stop failed', err) }
  process.exit(0)
}

process.on('SIGTERM', shutdown)
const lines = createInterface({ input: process.stdin })
lines.on('line', async (line) => {
  let cmd
  try { cmd = JSON.parse(line) } catch { return }
  const fn = commands[cmd.cmd]
  try {
    if (fn == null) throw new Error('unknown command ' + cmd.cmd)
    out({ id: cmd.id, ok: true, result: await fn(cmd) })
  } catch (err) {
    log(cmd.cmd, 'failed:', err)
    out({ id: cmd.id, ok: false, error: String(err?.message ?? err) })
  }
})
lines.on('close', shutdown)

out({
  ready: true,
  peerId: libp2p.peerId.toString(),
  addrs: libp2p.getMultiaddrs().map(a => a.toString())
})
