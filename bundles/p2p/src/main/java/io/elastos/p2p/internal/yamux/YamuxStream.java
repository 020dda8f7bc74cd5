// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.yamux;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One Yamux stream, as a blocking {@link InputStream} and {@link OutputStream}.
 *
 * <p>Flow control is the back-pressure: a writer blocks while the peer's window for this stream is
 * zero, and this side grants the peer more window only as its reader consumes data, so the unread
 * buffer never exceeds the window granted ({@link YamuxSession#INITIAL_WINDOW}). Closing the output
 * sends FIN (half close); {@link #reset()} aborts both directions.
 */
public final class YamuxStream implements Closeable {

    /** Largest Data frame this side sends; the peer's window may allow more. */
    static final int MAX_DATA_FRAME = 64 * 1024;

    /** A peer may grow our send window, but past this it is not flow control any more. */
    private static final long MAX_SEND_WINDOW = 1L << 30;

    private final YamuxSession session;
    private final int id;
    private final boolean inbound;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ReentrantLock writeLock = new ReentrantLock();

    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private int chunkOffset;
    private int buffered;
    private int receiveCredit = YamuxSession.INITIAL_WINDOW;
    private int consumedSinceUpdate;
    private long sendWindow = YamuxSession.INITIAL_WINDOW;

    private boolean remoteFin;
    private boolean localFin;
    private boolean readClosed;
    private boolean reset;
    private boolean sessionClosed;
    private long readTimeoutNanos;
    private volatile String protocol = "";

    private final InputStream input = new Input();
    private final OutputStream output = new Output();

    YamuxStream(YamuxSession session, int id, boolean inbound) {
        this.session = session;
        this.id = id;
        this.inbound = inbound;
    }

    /**
     * Returns the stream id: odd for streams the dialer opened, even for the listener's.
     *
     * @return the id
     */
    public int id() {
        return id;
    }

    /**
     * Tells whether the peer opened this stream.
     *
     * @return whether the stream is inbound
     */
    public boolean isInbound() {
        return inbound;
    }

    /**
     * Returns the session the stream belongs to.
     *
     * @return the session
     */
    public YamuxSession session() {
        return session;
    }

    /**
     * Returns the protocol negotiated on this stream.
     *
     * @return the protocol id, or {@code ""} before negotiation
     */
    public String protocol() {
        return protocol;
    }

    /**
     * Records the protocol negotiated on this stream.
     *
     * @param protocol the protocol id
     */
    public void protocol(String protocol) {
        this.protocol = protocol;
    }

    /**
     * Returns the stream's input; it ends when the peer closes its side.
     *
     * @return the input stream
     */
    public InputStream input() {
        return input;
    }

    /**
     * Returns the stream's output; closing it sends FIN.
     *
     * @return the output stream
     */
    public OutputStream output() {
        return output;
    }

    /**
     * Bounds how long one read waits for data.
     *
     * @param timeout the longest wait, or {@link Duration#ZERO} to wait forever
     */
    public void readTimeout(Duration timeout) {
        lock.lock();
        try {
            readTimeoutNanos = timeout.toNanos();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns how many bytes may be written before the writer blocks for a window update.
     *
     * @return the current send window
     */
    public long sendWindow() {
        lock.lock();
        try {
            return sendWindow;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns how many received bytes wait to be read.
     *
     * @return the unread buffer size
     */
    public int bufferedBytes() {
        lock.lock();
        try {
            return buffered;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Aborts the stream in both directions and tells the peer (RST). Blocked readers and writers
     * fail with an {@link IOException}.
     */
    public void reset() {
        lock.lock();
        try {
            if (reset) {
                return;
            }
            reset = true;
            dropBuffered();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        session.sendControlQuietly(
                new YamuxHeader(YamuxHeader.WINDOW_UPDATE, YamuxHeader.RST, id, 0).frame());
        session.forget(this);
    }

    /**
     * Closes this side: sends FIN once pending writes are done and stops reading. The stream is
     * gone when the peer has closed its side too, or is reset if the peer has not done so within 30
     * seconds. Closing only {@link #output()} is a half close that keeps reading.
     */
    @Override
    public void close() throws IOException {
        output.close();
        closeRead();
        boolean waiting;
        lock.lock();
        try {
            waiting = !remoteFin && !reset && !sessionClosed;
        } finally {
            lock.unlock();
        }
        if (waiting) {
            // A peer that never closes its side must not pin the stream (and its slot) forever.
            session.lingerThenReset(this);
        }
    }

    /** Discards unread and future data; the peer still gets window so it can finish its writes. */
    void closeRead() {
        lock.lock();
        try {
            readClosed = true;
            dropBuffered();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ from the session reader

    void onData(byte[] data) throws ProtocolException {
        lock.lock();
        try {
            if (data.length > receiveCredit) {
                throw new ProtocolException("stream " + id + " exceeded its receive window");
            }
            receiveCredit -= data.length;
            if (reset || remoteFin) {
                return; // late data for a dead stream is dropped
            }
            if (readClosed) {
                consumedSinceUpdate += data.length;
                grantWindowIfDue();
                return;
            }
            if (data.length > 0) {
                chunks.add(data);
                buffered += data.length;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    void onWindowUpdate(long delta) throws ProtocolException {
        lock.lock();
        try {
            sendWindow += delta;
            if (sendWindow > MAX_SEND_WINDOW) {
                throw new ProtocolException("stream " + id + " send window beyond 1 GiB");
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void onRemoteFin() {
        boolean done;
        lock.lock();
        try {
            remoteFin = true;
            done = localFin;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (done) {
            session.forget(this);
        }
    }

    void onRemoteReset() {
        lock.lock();
        try {
            reset = true;
            dropBuffered();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        session.forget(this);
    }

    void onSessionClosed() {
        lock.lock();
        try {
            sessionClosed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ internals

    private void dropBuffered() {
        consumedSinceUpdate += buffered;
        chunks.clear();
        chunkOffset = 0;
        buffered = 0;
        grantWindowIfDue();
    }

    /** Returns window to the peer in large steps, as hashicorp/yamux does (half the maximum). */
    private void grantWindowIfDue() {
        if (consumedSinceUpdate < YamuxSession.INITIAL_WINDOW / 2 || remoteFin || reset) {
            return;
        }
        int delta = consumedSinceUpdate;
        consumedSinceUpdate = 0;
        receiveCredit += delta;
        session.sendControlQuietly(
                new YamuxHeader(YamuxHeader.WINDOW_UPDATE, 0, id, delta).frame());
    }

    private int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        lock.lock();
        try {
            long wait = readTimeoutNanos;
            while (buffered == 0) {
                if (reset) {
                    throw new IOException("stream " + id + " was reset");
                }
                if (remoteFin || readClosed) {
                    return -1;
                }
                if (sessionClosed) {
                    throw new IOException("connection closed");
                }
                if (readTimeoutNanos == 0) {
                    changed.await();
                } else {
                    if (wait <= 0) {
                        throw new SocketTimeoutException("stream " + id + " read timed out");
                    }
                    wait = changed.awaitNanos(wait);
                }
            }
            int n = 0;
            while (n < len && buffered > 0) {
                byte[] chunk = chunks.peek();
                int take = Math.min(len - n, chunk.length - chunkOffset);
                System.arraycopy(chunk, chunkOffset, b, off + n, take);
                n += take;
                chunkOffset += take;
                buffered -= take;
                if (chunkOffset == chunk.length) {
                    chunks.poll();
                    chunkOffset = 0;
                }
            }
            consumedSinceUpdate += n;
            grantWindowIfDue();
            return n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading stream " + id);
        } finally {
            lock.unlock();
        }
    }

    private void write(byte[] b, int off, int len) throws IOException {
        writeLock.lock();
        try {
            while (len > 0) {
                int n = reserveWindow(len);
                session.sendData(new YamuxHeader(YamuxHeader.DATA, 0, id, n).frame(b, off, n));
                off += n;
                len -= n;
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** Blocks until the peer's window allows sending, then takes up to {@code want} bytes of it. */
    private int reserveWindow(int want) throws IOException {
        lock.lock();
        try {
            while (sendWindow == 0 && !reset && !localFin && !sessionClosed) {
                changed.await();
            }
            if (reset) {
                throw new IOException("stream " + id + " was reset");
            }
            if (localFin) {
                throw new IOException("stream " + id + " is closed for writing");
            }
            if (sessionClosed) {
                throw new IOException("connection closed");
            }
            int n = (int) Math.min(Math.min(sendWindow, want), MAX_DATA_FRAME);
            sendWindow -= n;
            return n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for window");
        } finally {
            lock.unlock();
        }
    }

    private void closeWrite() throws IOException {
        writeLock.lock();
        try {
            boolean done;
            lock.lock();
            try {
                if (localFin || reset || sessionClosed) {
                    return;
                }
                localFin = true;
                done = remoteFin;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            session.sendControl(
                    new YamuxHeader(YamuxHeader.WINDOW_UPDATE, YamuxHeader.FIN, id, 0).frame());
            if (done) {
                session.forget(this);
            }
        } finally {
            writeLock.unlock();
        }
    }

    private final class Input extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return YamuxStream.this.read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            return YamuxStream.this.read(b, off, len);
        }

        @Override
        public int available() {
            return bufferedBytes();
        }

        @Override
        public void close() {
            closeRead();
        }
    }

    private final class Output extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            YamuxStream.this.write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            YamuxStream.this.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            closeWrite();
        }
    }

    @Override
    public String toString() {
        lock.lock();
        try {
            return "yamux stream "
                    + Integer.toUnsignedString(id)
                    + " "
                    + protocol
                    + (localFin ? " local-fin" : "")
                    + (remoteFin ? " remote-fin" : "")
                    + (readClosed ? " read-closed" : "")
                    + (reset ? " reset" : "");
        } finally {
            lock.unlock();
        }
    }
}
