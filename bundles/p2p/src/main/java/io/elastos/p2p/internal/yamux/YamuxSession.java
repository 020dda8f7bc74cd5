// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.yamux;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A Yamux session (protocol id {@code /yamux/1.0.0}) over one secured connection: a reader thread
 * that dispatches frames, a {@link FrameWriter} thread that sends them, and the streams.
 *
 * <p>The dialer's session is the client and opens odd stream ids, the listener's even ones. Any
 * breach of the protocol (an unknown version, type or flag, a data frame beyond the window, a
 * stream id of the wrong parity or reused) sends GoAway with the protocol-error code and closes the
 * connection; a peer that opens more than {@link Options#maxInboundStreams()} streams at once gets
 * the extra ones reset.
 */
public final class YamuxSession implements Closeable {

    /** The protocol id negotiated with multistream-select. */
    public static final String PROTOCOL = "/yamux/1.0.0";

    /** Every stream's initial window in both directions, per the spec. */
    public static final int INITIAL_WINDOW = 256 * 1024;

    /** How long {@link #close()} lets queued frames (and the GoAway) drain before cutting. */
    private static final long DRAIN_MILLIS = 1000;

    /**
     * Per-session limits.
     *
     * @param maxInboundStreams streams the peer may have open at once; more are reset
     * @param maxQueuedWriteBytes data bytes queued for the socket before writers block
     * @param closeLinger how long a stream closed on this side waits for the peer's FIN before it
     *     is reset, so a peer that never closes cannot pin streams
     */
    public record Options(int maxInboundStreams, int maxQueuedWriteBytes, Duration closeLinger) {

        /** 256 inbound streams, 1 MiB of queued writes, 30 s linger. */
        public static final Options DEFAULTS = new Options(256, 1 << 20, Duration.ofSeconds(30));
    }

    private final InputStream in;
    private final FrameWriter writer;
    private final Closeable transport;
    private final boolean client;
    private final Options options;
    private final Executor executor;
    private final Consumer<YamuxStream> acceptor;
    private final Map<Integer, YamuxStream> streams = new ConcurrentHashMap<>();
    private final AtomicInteger inboundCount = new AtomicInteger();
    private final List<Runnable> closeListeners = new CopyOnWriteArrayList<>();
    private final CountDownLatch writerDone = new CountDownLatch(1);
    private final Object openLock = new Object();
    private int nextStreamId;
    private volatile boolean remoteGoAway;
    private volatile boolean closed;
    private volatile long lastActivityNanos = System.nanoTime();
    private volatile String closeReason = "";

    /**
     * Creates a session; call {@link #start()} to run it.
     *
     * @param in the decrypted stream from the peer
     * @param out the encrypting stream to the peer
     * @param transport what to close at the end, normally the socket
     * @param client whether this side dialed (odd stream ids)
     * @param options the limits
     * @param executor runs the reader, the writer and one task per inbound stream
     * @param acceptor receives each inbound stream, on its own task
     */
    public YamuxSession(
            InputStream in,
            OutputStream out,
            Closeable transport,
            boolean client,
            Options options,
            Executor executor,
            Consumer<YamuxStream> acceptor) {
        this.in = in;
        this.transport = transport;
        this.client = client;
        this.options = options;
        this.executor = executor;
        this.acceptor = acceptor;
        this.nextStreamId = client ? 1 : 2;
        this.writer = new FrameWriter(out, options.maxQueuedWriteBytes(), this::cut);
    }

    /** Starts the reader and writer tasks. */
    public void start() {
        executor.execute(() -> {
            try {
                writer.run();
            } finally {
                writerDone.countDown();
            }
        });
        executor.execute(this::readLoop);
    }

    /**
     * Opens a stream to the peer.
     *
     * @return the stream
     * @throws IOException if the session is closed or the peer said GoAway
     */
    public YamuxStream openStream() throws IOException {
        YamuxStream stream;
        synchronized (openLock) {
            if (closed) {
                throw new IOException("connection closed");
            }
            if (remoteGoAway) {
                throw new IOException("peer is going away and accepts no new streams");
            }
            if (nextStreamId < 0) {
                throw new IOException("stream ids exhausted");
            }
            stream = new YamuxStream(this, nextStreamId, false);
            nextStreamId += 2;
            streams.put(stream.id(), stream);
            // A window update with SYN announces the stream before any data, as hashicorp does.
            sendControl(
                    new YamuxHeader(YamuxHeader.WINDOW_UPDATE, YamuxHeader.SYN, stream.id(), 0)
                            .frame());
        }
        touch();
        return stream;
    }

    /**
     * Tells whether the session has ended.
     *
     * @return whether it is closed
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Returns why the session ended.
     *
     * @return the reason, or {@code ""} while open or after a normal close
     */
    public String closeReason() {
        return closeReason;
    }

    /**
     * Returns how many streams are open.
     *
     * @return the number of streams in the session
     */
    public int streamCount() {
        return streams.size();
    }

    /**
     * Lists the open streams, for diagnostics.
     *
     * @return a snapshot
     */
    public List<YamuxStream> streams() {
        return List.copyOf(streams.values());
    }

    /**
     * Returns when a stream was last opened or data last arrived.
     *
     * @return a {@link System#nanoTime()} value
     */
    public long lastActivityNanos() {
        return lastActivityNanos;
    }

    /**
     * Runs an action once when the session ends.
     *
     * @param listener the action
     */
    public void onClose(Runnable listener) {
        closeListeners.add(listener);
        if (closed && closeListeners.remove(listener)) {
            listener.run();
        }
    }

    /** Says GoAway, lets queued frames drain for up to a second, then closes the connection. */
    @Override
    public void close() {
        goAway(YamuxHeader.GO_AWAY_NORMAL, "");
    }

    // ------------------------------------------------------------------ for streams

    void sendControl(byte[] frame) throws IOException {
        try {
            writer.control(frame);
        } catch (ProtocolException e) {
            fail(e);
            throw e;
        }
    }

    /** For paths that cannot report a failure: the session's own shutdown covers it. */
    void sendControlQuietly(byte[] frame) {
        try {
            sendControl(frame);
        } catch (IOException ignored) {
            // The session is closing; the peer learns from the closed connection.
        }
    }

    void sendData(byte[] frame) throws IOException {
        writer.data(frame);
        touch();
    }

    /** Resets a stream we closed if the peer has not closed its side after the linger time. */
    void lingerThenReset(YamuxStream stream) {
        executor.execute(() -> {
            try {
                Thread.sleep(options.closeLinger());
                if (streams.get(stream.id()) == stream) {
                    stream.reset();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // shutting down
            }
        });
    }

    void forget(YamuxStream stream) {
        if (streams.remove(stream.id(), stream) && stream.isInbound()) {
            inboundCount.decrementAndGet();
        }
        touch();
    }

    // ------------------------------------------------------------------ reader

    private void readLoop() {
        byte[] header = new byte[YamuxHeader.LENGTH];
        try {
            while (!closed) {
                int n = in.readNBytes(header, 0, header.length);
                if (n == 0) {
                    break;
                }
                if (n < header.length) {
                    throw new EOFException("connection ended inside a yamux header");
                }
                dispatch(YamuxHeader.decode(header));
            }
            shutdown("");
        } catch (ProtocolException e) {
            fail(e);
        } catch (IOException | RuntimeException e) {
            shutdown(closed ? "" : e.toString());
        }
    }

    private void dispatch(YamuxHeader h) throws IOException {
        switch (h.type()) {
            case YamuxHeader.DATA, YamuxHeader.WINDOW_UPDATE -> onStreamFrame(h);
            case YamuxHeader.PING -> onPing(h);
            case YamuxHeader.GO_AWAY -> remoteGoAway = true;
            default -> throw new ProtocolException("unknown yamux frame type " + h.type());
        }
    }

    private void onStreamFrame(YamuxHeader h) throws IOException {
        if (h.streamId() == 0) {
            throw new ProtocolException("stream frame on the session id 0");
        }
        if (h.type() == YamuxHeader.DATA && h.length() > INITIAL_WINDOW) {
            throw new ProtocolException("yamux data frame of " + h.length() + " bytes");
        }
        YamuxStream stream =
                (h.flags() & YamuxHeader.SYN) != 0
                        ? acceptStream(h.streamId())
                        : streams.get(h.streamId());
        if (h.type() == YamuxHeader.DATA) {
            byte[] data = in.readNBytes((int) h.length());
            if (data.length != h.length()) {
                throw new EOFException("connection ended inside a yamux data frame");
            }
            touch();
            if (stream != null) {
                stream.onData(data);
            }
        } else if (stream != null && h.length() > 0) {
            stream.onWindowUpdate(h.length());
        }
        if (stream != null) {
            if ((h.flags() & YamuxHeader.FIN) != 0) {
                stream.onRemoteFin();
            }
            if ((h.flags() & YamuxHeader.RST) != 0) {
                stream.onRemoteReset();
            }
        }
    }

    /** Registers a stream the peer opens, or resets it when over the limit; null if refused. */
    private YamuxStream acceptStream(int id) throws IOException {
        boolean peerIsClient = !client;
        if (((id & 1) == 1) != peerIsClient) {
            throw new ProtocolException("peer opened stream " + id + " with our parity");
        }
        if (streams.containsKey(id)) {
            throw new ProtocolException("peer reopened live stream " + id);
        }
        if (closed || inboundCount.get() >= options.maxInboundStreams()) {
            sendControl(new YamuxHeader(YamuxHeader.WINDOW_UPDATE, YamuxHeader.RST, id, 0).frame());
            return null;
        }
        YamuxStream stream = new YamuxStream(this, id, true);
        streams.put(id, stream);
        inboundCount.incrementAndGet();
        touch();
        sendControl(new YamuxHeader(YamuxHeader.WINDOW_UPDATE, YamuxHeader.ACK, id, 0).frame());
        executor.execute(() -> acceptor.accept(stream));
        return stream;
    }

    private void onPing(YamuxHeader h) throws IOException {
        if (h.streamId() != 0) {
            throw new ProtocolException("yamux ping on stream " + h.streamId());
        }
        if ((h.flags() & YamuxHeader.SYN) != 0) {
            sendControl(new YamuxHeader(YamuxHeader.PING, YamuxHeader.ACK, 0, h.length()).frame());
        }
        // Ping ACKs answer keep-alives this side never sends; nothing to do.
    }

    // ------------------------------------------------------------------ shutdown

    private void fail(ProtocolException e) {
        goAway(YamuxHeader.GO_AWAY_PROTOCOL_ERROR, e.getMessage());
    }

    private void goAway(int code, String reason) {
        if (closed) {
            return;
        }
        try {
            writer.control(new YamuxHeader(YamuxHeader.GO_AWAY, 0, 0, code).frame());
        } catch (IOException ignored) {
            // Cannot even queue it: cut below.
        }
        writer.finish();
        try {
            writerDone.await(DRAIN_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        shutdown(reason);
    }

    /** The writer failed: the connection is unusable. */
    private void cut() {
        shutdown("write failed");
    }

    private void shutdown(String reason) {
        synchronized (openLock) {
            if (closed) {
                return;
            }
            closed = true;
            closeReason = reason;
        }
        writer.close();
        try {
            transport.close();
        } catch (IOException ignored) {
            // Nothing more to do with a socket that will not close.
        }
        for (YamuxStream stream : streams.values()) {
            stream.onSessionClosed();
        }
        streams.clear();
        for (Runnable listener : closeListeners) {
            if (closeListeners.remove(listener)) {
                listener.run();
            }
        }
    }

    private void touch() {
        lastActivityNanos = System.nanoTime();
    }
}
