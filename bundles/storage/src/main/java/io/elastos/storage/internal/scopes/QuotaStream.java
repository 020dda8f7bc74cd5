// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.scopes;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts what a streamed write reads and fails it as soon as it passes the bytes the scope still
 * has, so an upload larger than the quota is refused without being stored first.
 */
final class QuotaStream extends FilterInputStream {

    private final long allowed;
    private long count;
    private boolean exceeded;

    QuotaStream(InputStream in, long allowed) {
        super(in);
        this.allowed = allowed;
    }

    long count() {
        return count;
    }

    boolean exceeded() {
        return exceeded;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    private void counted(int n) throws IOException {
        count += n;
        if (count > allowed) {
            exceeded = true;
            throw new IOException("the scope's quota is exhausted");
        }
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("a quota-counted stream is read, not skipped");
    }
}
