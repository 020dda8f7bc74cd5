// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.bitswap;

import io.elastos.api.p2p.PeerId;
import io.elastos.api.storage.BlockStore;
import io.elastos.api.storage.Cid;
import io.elastos.api.storage.StorageException;
import io.elastos.p2p.internal.host.Connection;
import io.elastos.p2p.internal.host.StreamHandler;
import io.elastos.p2p.internal.wire.LengthPrefixed;
import io.elastos.p2p.internal.yamux.YamuxStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.ProtocolException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Bitswap 1.2 ({@code /ipfs/bitswap/1.2.0}): serves blocks from a {@link BlockStore} to peers that
 * want them and fetches blocks by CID from a connected peer.
 *
 * <p>As in go-bitswap and Helia, a stream carries messages one way only: whoever has something to
 * say opens a stream, writes length-prefixed messages and closes it. So answers to a wantlist go
 * out on a new stream, and the blocks this side asked for arrive on a stream the peer opens. Every
 * received block is hashed and compared with the CID that was asked for; blocks nobody asked for
 * are dropped.
 */
public final class Bitswap implements StreamHandler {

    /** The protocol id. */
    public static final String PROTOCOL = "/ipfs/bitswap/1.2.0";

    private static final System.Logger LOG = System.getLogger(Bitswap.class.getName());

    /** Blocks are grouped into messages up to about this size. */
    private static final int RESPONSE_BATCH = 1 << 20;

    /** Larger blocks cannot travel in a 4 MiB message; IPFS keeps blocks at 2 MiB at most. */
    private static final int MAX_BLOCK = 2 << 20;

    /** An inbound stream without a message for this long is closed. */
    private static final Duration IDLE = Duration.ofSeconds(60);

    private final Supplier<BlockStore> store;
    private final Executor executor;
    private final Map<String, List<Waiter>> wanted = new ConcurrentHashMap<>();
    private volatile WantLimiter limiter = (peer, wants) -> true;

    /** Wants waiting to go out, per connection: sent together, one message at a time. */
    private final Map<Connection, WantQueue> outgoing = new ConcurrentHashMap<>();

    /** How long a want waits for its block before it is sent again. */
    private static final Duration REBROADCAST = Duration.ofSeconds(5);

    /** At most this many wants go in one message. */
    private static final int WANTS_PER_MESSAGE = 1024;

    private static final class WantQueue {
        final java.util.concurrent.ConcurrentLinkedQueue<BitswapMessage.Want> wants =
                new java.util.concurrent.ConcurrentLinkedQueue<>();
        final java.util.concurrent.atomic.AtomicBoolean sending =
                new java.util.concurrent.atomic.AtomicBoolean();

        void add(BitswapMessage.Want want) {
            wants.add(want);
        }
    }

    /**
     * One caller waiting for a block: from one peer, or (peer {@code null}) from any of the peers
     * still in {@code pending}, failing once all of those said they do not have it.
     */
    private record Waiter(
            PeerId peer, CompletableFuture<byte[]> result, java.util.Set<PeerId> pending) {}

    /** Decides whether a peer's wants are answered, to rate-limit what peers make us read. */
    @FunctionalInterface
    public interface WantLimiter {
        /**
         * Tells whether to answer wants now.
         *
         * @param peer the asking peer
         * @param wants how many entries its message asks for
         * @return whether to answer them; refused wants are dropped
         */
        boolean allow(PeerId peer, int wants);
    }

    /**
     * Creates the protocol.
     *
     * @param store where served blocks come from and fetched blocks go
     * @param executor runs the answers to wantlists, so reading a peer's stream never waits on
     *     writing to it
     */
    public Bitswap(BlockStore store, Executor executor) {
        this(() -> store, executor);
    }

    /**
     * Creates the protocol over a store that may come and go (an OSGi service).
     *
     * @param store the current store, or a supplier of {@code null} while there is none: then every
     *     want is answered DONT_HAVE and fetched blocks are not stored
     * @param executor runs the answers to wantlists
     */
    public Bitswap(Supplier<BlockStore> store, Executor executor) {
        this.store = store;
        this.executor = executor;
    }

    /**
     * Sets the rate limit on peers' wants.
     *
     * @param limiter the limiter
     */
    public void limitWants(WantLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public void handle(Connection connection, YamuxStream stream) throws IOException {
        stream.readTimeout(IDLE);
        while (true) {
            byte[] bytes = LengthPrefixed.read(stream.input(), BitswapMessage.MAX_SIZE);
            if (bytes == null) {
                break;
            }
            receive(connection, BitswapMessage.decode(bytes));
        }
        stream.close();
    }

    /**
     * Fetches one block from a connected peer, verifies it and stores it.
     *
     * @param connection the connection to the peer
     * @param cid the block's CID
     * @param timeout how long to wait for the block
     * @return the block's bytes
     * @throws IllegalArgumentException if the CID is malformed or not one the node can verify
     * @throws IOException if the peer does not have the block, or times out, or the store fails
     */
    public byte[] fetch(Connection connection, Cid cid, Duration timeout) throws IOException {
        byte[] data = fetchAny(List.of(connection), cid, timeout);
        BlockStore s = store.get();
        if (s != null) {
            try {
                s.put(cid, data);
            } catch (StorageException e) {
                throw new IOException("cannot store block " + cid + ": " + e.getMessage(), e);
            }
        }
        return data;
    }

    /**
     * Asks several connected peers for one block at once and returns the first copy whose hash
     * matches the CID; nothing is stored. Blocks that do not hash to the CID never match a want, so
     * a lying peer only costs time.
     *
     * @param connections the peers to ask
     * @param cid the block's CID
     * @param timeout how long to wait
     * @return the verified block
     * @throws IllegalArgumentException if the CID is malformed or not one the node can verify
     * @throws IOException if no peer delivers it in time or every peer said it does not have it
     */
    public byte[] fetchAny(List<Connection> connections, Cid cid, Duration timeout)
            throws IOException {
        byte[] cidBytes = CidBytes.toBytes(cid);
        try {
            CidBytes.cidOf(CidBytes.prefixOf(cidBytes), new byte[0]);
        } catch (ProtocolException e) {
            throw new IllegalArgumentException(
                    "cannot verify blocks of " + cid + ": " + e.getMessage());
        }
        connections = connections.stream().filter(c -> !c.isClosed()).toList();
        if (connections.isEmpty()) {
            throw new IOException("no connected peer to ask for " + cid);
        }
        String key = HexFormat.of().formatHex(cidBytes);
        java.util.Set<PeerId> pending = ConcurrentHashMap.newKeySet();
        connections.forEach(c -> pending.add(c.remotePeer()));
        Waiter waiter =
                new Waiter(
                        connections.size() == 1 ? connections.get(0).remotePeer() : null,
                        new CompletableFuture<>(),
                        pending);
        wanted.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(waiter);
        try {
            for (Connection c : connections) {
                wantQueue(c).add(new BitswapMessage.Want(cidBytes, 1, false, true, true));
            }
            connections.forEach(this::flushWants);
            // A peer may drop a want (Helia does when its send queue to us is full): ask again
            // every REBROADCAST until the block comes or the time is up.
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException();
                }
                try {
                    return waiter.result()
                            .get(Math.min(left, REBROADCAST.toNanos()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    if (deadline - System.nanoTime() <= 0) {
                        throw e;
                    }
                    for (Connection c : connections) {
                        if (!c.isClosed()
                                && (waiter.peer() != null || pending.contains(c.remotePeer()))) {
                            wantQueue(c)
                                    .add(new BitswapMessage.Want(cidBytes, 1, false, true, true));
                            flushWants(c);
                        }
                    }
                }
            }
        } catch (TimeoutException e) {
            connections.forEach(c -> {
                wantQueue(c).add(new BitswapMessage.Want(cidBytes, 1, true, false, false));
                flushWants(c);
            });
            throw new IOException(
                    "no block "
                            + cid
                            + " from "
                            + (connections.size() == 1
                                    ? connections.get(0).remotePeer()
                                    : connections.size() + " peers")
                            + " in "
                            + timeout);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + cid, e);
        } finally {
            wanted.computeIfPresent(
                    key,
                    (k, list) -> {
                        list.remove(waiter);
                        return list.isEmpty() ? null : list;
                    });
        }
    }

    // ------------------------------------------------------------------ receiving

    private void receive(Connection connection, BitswapMessage message) {
        for (BitswapMessage.Block block : message.blocks()) {
            try {
                byte[] cid = CidBytes.cidOf(CidBytes.Prefix.decode(block.prefix()), block.data());
                List<Waiter> waiters = wanted.get(HexFormat.of().formatHex(cid));
                if (waiters != null) {
                    waiters.forEach(w -> w.result().complete(block.data()));
                }
            } catch (ProtocolException e) {
                LOG.log(Level.DEBUG, "dropped an unverifiable block from " + connection, e);
            }
        }
        for (BitswapMessage.Presence presence : message.presences()) {
            List<Waiter> waiters = wanted.get(HexFormat.of().formatHex(presence.cid()));
            if (!presence.have() && waiters != null) {
                PeerId from = connection.remotePeer();
                for (Waiter w : waiters) {
                    boolean mine = from.equals(w.peer());
                    boolean last =
                            w.peer() == null && w.pending().remove(from) && w.pending().isEmpty();
                    if (mine || last) {
                        w.result()
                                .completeExceptionally(
                                        new IOException(
                                                mine
                                                        ? from + " does not have the block"
                                                        : "no connected peer has the block"));
                    }
                }
            }
        }
        List<BitswapMessage.Want> wants =
                message.wants().stream().filter(w -> !w.cancel()).toList();
        if (!wants.isEmpty() && !limiter.allow(connection.remotePeer(), wants.size())) {
            LOG.log(Level.DEBUG, "rate limit: dropped " + wants.size() + " wants of " + connection);
        } else if (!wants.isEmpty()) {
            executor.execute(() -> answer(connection, wants));
        }
    }

    /** Sends the blocks and presences a wantlist asks for, in messages of about 1 MiB. */
    private void answer(Connection connection, List<BitswapMessage.Want> wants) {
        List<BitswapMessage> out = new ArrayList<>();
        List<BitswapMessage.Block> blocks = new ArrayList<>();
        List<BitswapMessage.Presence> presences = new ArrayList<>();
        int size = 0;
        for (BitswapMessage.Want want : wants) {
            byte[] data = lookup(want.cid());
            if (data == null) {
                if (want.sendDontHave()) {
                    presences.add(new BitswapMessage.Presence(want.cid(), false));
                }
            } else if (want.wantBlock()) {
                if (size > 0 && size + data.length > RESPONSE_BATCH) {
                    out.add(new BitswapMessage(List.of(), false, blocks, presences));
                    blocks = new ArrayList<>();
                    presences = new ArrayList<>();
                    size = 0;
                }
                blocks.add(new BitswapMessage.Block(prefixOf(want.cid()), data));
                size += data.length;
            } else {
                presences.add(new BitswapMessage.Presence(want.cid(), true));
            }
        }
        if (!blocks.isEmpty() || !presences.isEmpty()) {
            out.add(new BitswapMessage(List.of(), false, blocks, presences));
        }
        if (!out.isEmpty()) {
            sendQuietly(connection, out.toArray(BitswapMessage[]::new));
        }
    }

    /** The verified block for a binary CID, or null if it is not stored or not servable. */
    private byte[] lookup(byte[] cidBytes) {
        try {
            BlockStore s = store.get();
            if (s == null) {
                return null;
            }
            Cid cid = CidBytes.fromBytes(cidBytes);
            byte[] data = s.get(cid).orElse(null);
            if (data == null || data.length > MAX_BLOCK || !CidBytes.matches(cidBytes, data)) {
                return null;
            }
            return data;
        } catch (ProtocolException | IllegalArgumentException | StorageException e) {
            return null;
        }
    }

    private static byte[] prefixOf(byte[] cid) {
        try {
            return CidBytes.prefixOf(cid).encode();
        } catch (ProtocolException e) {
            throw new IllegalStateException("a served CID was checked already", e);
        }
    }

    // ------------------------------------------------------------------ sending

    private WantQueue wantQueue(Connection c) {
        if (outgoing.size() > 64) {
            outgoing.keySet().removeIf(Connection::isClosed);
        }
        return outgoing.computeIfAbsent(c, k -> new WantQueue());
    }

    /**
     * Sends the queued wants of a connection unless a send is already under way, which then picks
     * them up: concurrent fetches share messages, as go-bitswap and Helia expect (Helia drops
     * messages beyond a short per-peer queue).
     */
    private void flushWants(Connection c) {
        WantQueue q = wantQueue(c);
        if (!q.sending.compareAndSet(false, true)) {
            return;
        }
        executor.execute(() -> {
            try {
                while (true) {
                    List<BitswapMessage.Want> batch = new ArrayList<>();
                    BitswapMessage.Want w;
                    while (batch.size() < WANTS_PER_MESSAGE && (w = q.wants.poll()) != null) {
                        batch.add(w);
                    }
                    if (batch.isEmpty()) {
                        q.sending.set(false);
                        // A want added between the last poll and the reset is sent by its adder
                        // or by this loop, whichever wins the flag.
                        if (q.wants.isEmpty() || !q.sending.compareAndSet(false, true)) {
                            return;
                        }
                        continue;
                    }
                    sendQuietly(c, new BitswapMessage(batch, false, List.of(), List.of()));
                }
            } catch (RuntimeException e) {
                q.sending.set(false);
                LOG.log(Level.DEBUG, "bitswap want sender for " + c + " failed", e);
            }
        });
    }

    private static void send(Connection connection, BitswapMessage... messages) throws IOException {
        YamuxStream stream = connection.newStream(PROTOCOL);
        try {
            for (BitswapMessage m : messages) {
                LengthPrefixed.write(stream.output(), m.encode());
            }
            stream.close();
        } catch (IOException | RuntimeException e) {
            stream.reset();
            throw e;
        }
    }

    private static void sendQuietly(Connection connection, BitswapMessage... messages) {
        try {
            send(connection, messages);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "bitswap send to " + connection + " failed", e);
        }
    }
}
