// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.yamux;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one thread that writes a session's frames, in the order they were queued.
 *
 * <p>Why a queue and a thread: the session's reader must answer pings, acknowledge streams and
 * grant window without ever blocking on a socket write, or two peers that both stop reading while
 * writing would deadlock. Data frames wait when too many bytes are queued (back-pressure for
 * writers); control frames never wait, but too many of them means the peer floods us while not
 * reading, and that ends the session.
 */
final class FrameWriter implements Runnable {

    /** Control frames are 12 bytes; this many unsent ones is a peer that does not read. */
    static final int MAX_QUEUED_CONTROL_FRAMES = 4096;

    private final OutputStream out;
    private final long maxQueuedDataBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    private long queuedDataBytes;
    private int queuedControl;
    private boolean finishing;
    private boolean closed;
    private final Runnable onFailure;

    FrameWriter(OutputStream out, long maxQueuedDataBytes, Runnable onFailure) {
        this.out = out;
        this.maxQueuedDataBytes = maxQueuedDataBytes;
        this.onFailure = onFailure;
    }

    /** Queues a control frame without waiting. */
    void control(byte[] frame) throws IOException {
        lock.lock();
        try {
            if (closed || finishing) {
                throw new IOException("connection closed");
            }
            if (queuedControl >= MAX_QUEUED_CONTROL_FRAMES) {
                throw new ProtocolException("peer does not read its control frames");
            }
            queuedControl++;
            queue.add(new Queued(frame, false));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Queues a data frame, waiting while too many data bytes are queued. */
    void data(byte[] frame) throws IOException {
        lock.lock();
        try {
            while (queuedDataBytes >= maxQueuedDataBytes && !closed && !finishing) {
                changed.await();
            }
            if (closed || finishing) {
                throw new IOException("connection closed");
            }
            queuedDataBytes += frame.length;
            queue.add(new Queued(frame, true));
            changed.signalAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing");
        } finally {
            lock.unlock();
        }
    }

    /** Writes what is queued, then stops; the run loop flushes and returns. */
    void finish() {
        lock.lock();
        try {
            finishing = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Stops at once and drops what is queued; waiting writers fail. */
    void close() {
        lock.lock();
        try {
            closed = true;
            queue.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void run() {
        try {
            while (true) {
                Queued next;
                boolean last;
                lock.lock();
                try {
                    while (queue.isEmpty() && !closed && !finishing) {
                        changed.await();
                    }
                    if (closed || queue.isEmpty()) {
                        break; // closed, or finishing with nothing left
                    }
                    next = queue.poll();
                    if (next.data()) {
                        queuedDataBytes -= next.frame().length;
                    } else {
                        queuedControl--;
                    }
                    last = queue.isEmpty();
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
                out.write(next.frame());
                if (last) {
                    out.flush(); // coalesce: one flush (one noise frame) per burst
                }
            }
            out.flush();
        } catch (IOException | InterruptedException e) {
            close();
            onFailure.run();
        }
    }

    private record Queued(byte[] frame, boolean data) {}
}
