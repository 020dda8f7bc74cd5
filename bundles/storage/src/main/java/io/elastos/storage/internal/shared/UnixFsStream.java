// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.shared;

import io.elastos.storage.internal.ipfs.ContentId;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The bytes of a byte range of a {@link UnixFsFile}, walking its DAG depth-first with an explicit
 * stack (no recursion, so a deep or hostile DAG cannot overflow the thread's stack). Memory is one
 * block plus the pending siblings of each level.
 */
final class UnixFsStream extends InputStream {

    /** A part of the file still to read: a block to load, or inline bytes already at hand. */
    private record Part(ContentId cid, long size, byte[] inline) {}

    private final UnixFsFile file;
    private final Deque<Part> stack = new ArrayDeque<>();
    private long skip;
    private long remaining;
    private byte[] buf = new byte[0];
    private int pos;
    private boolean closed;

    UnixFsStream(UnixFsFile file, long offset, long length) {
        this.file = file;
        this.skip = offset;
        this.remaining = length;
        stack.push(new Part(file.root(), file.size(), null));
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        if (len == 0) {
            return 0;
        }
        if (remaining == 0) {
            return -1;
        }
        while (pos == buf.length) {
            if (!advance()) {
                throw new IOException(
                        "file " + file.root() + " ended " + remaining + " bytes early");
            }
        }
        int n = (int) Math.min(Math.min(len, buf.length - pos), remaining);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        remaining -= n;
        return n;
    }

    @Override
    public void close() {
        closed = true;
        stack.clear();
    }

    /** Moves to the next non-empty part; false if none is left. */
    private boolean advance() throws IOException {
        while (!stack.isEmpty()) {
            Part part = stack.pop();
            if (skip >= part.size()) {
                skip -= part.size(); // a subtree wholly before the range: never read
                continue;
            }
            if (part.inline() != null) {
                return show(part.inline());
            }
            byte[] block = UnixFsFile.load(file.source(), part.cid());
            if (part.cid().codec() == ContentId.RAW) {
                checkSize(part, block.length);
                return show(block);
            }
            UnixFsFile.FileNode node = UnixFsFile.fileNode(part.cid(), block);
            checkSize(part, node.size());
            List<Long> sizes = node.data().blockSizes();
            var links = node.node().links();
            for (int i = links.size() - 1; i >= 0; i--) {
                stack.push(new Part(links.get(i).hash(), sizes.get(i), null));
            }
            byte[] data = node.data().data();
            if (data != null && data.length > 0) {
                stack.push(new Part(null, data.length, data));
            }
        }
        return false;
    }

    private boolean show(byte[] bytes) {
        buf = bytes;
        pos = (int) skip; // skip < bytes.length here: the part was not skipped whole
        skip = 0;
        return true;
    }

    private void checkSize(Part part, long actual) throws IOException {
        if (actual != part.size()) {
            throw new IOException(
                    "block "
                            + part.cid()
                            + " of file "
                            + file.root()
                            + " holds "
                            + actual
                            + " bytes where its parent says "
                            + part.size());
        }
    }
}
