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

    private final BlockStore store;
    private final Executor executor;
    private final Map<String, List<Waiter>> wanted = new ConcurrentHashMap<>();

    private record Waiter(PeerId peer, CompletableFuture<byte[]> result) {}

    /**
     * Creates the protocol.
     *
     * @param store where served blocks come from and fetched blocks go
     * @param executor runs the answers to wantlists, so reading a peer's stream never waits on
     *     writing to it
     */
    public Bitswap(BlockStore store, Executor executor) {
        this.store = store;
        this.executor = executor;
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
        byte[] cidBytes = CidBytes.toBytes(cid);
        try {
            CidBytes.cidOf(CidBytes.prefixOf(cidBytes), new byte[0]);
        } catch (ProtocolException e) {
            throw new IllegalArgumentException(
                    "cannot verify blocks of " + cid + ": " + e.getMessage());
        }
        String key = HexFormat.of().formatHex(cidBytes);
        Waiter waiter = new Waiter(connection.remotePeer(), new CompletableFuture<>());
        wanted.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(waiter);
        try {
            send(connection, want(cidBytes, false));
            byte[] data = waiter.result().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            store.put(cid, data);
            return data;
        } catch (TimeoutException e) {
            sendQuietly(connection, want(cidBytes, true));
            throw new IOException(
                    "no block " + cid + " from " + connection.remotePeer() + " in " + timeout);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + cid, e);
        } catch (StorageException e) {
            throw new IOException("cannot store block " + cid + ": " + e.getMessage(), e);
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
                waiters.stream()
                        .filter(w -> w.peer().equals(connection.remotePeer()))
                        .forEach(w ->
                                w.result()
                                        .completeExceptionally(
                                                new IOException(
                                                        connection.remotePeer()
                                                                + " does not have the block")));
            }
        }
        List<BitswapMessage.Want> wants =
                message.wants().stream().filter(w -> !w.cancel()).toList();
        if (!wants.isEmpty()) {
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
            Cid cid = CidBytes.fromBytes(cidBytes);
            byte[] data = store.get(cid).orElse(null);
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

    private static BitswapMessage want(byte[] cid, boolean cancel) {
        return new BitswapMessage(
                List.of(new BitswapMessage.Want(cid, 1, cancel, true, true)),
                false,
                List.of(),
                List.of());
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
