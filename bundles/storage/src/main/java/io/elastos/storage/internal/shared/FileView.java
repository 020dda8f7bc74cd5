// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.shared;

import java.io.InputStream;

/** A stored UnixFS file as the gateway needs it: its size up front, then streams of byte ranges. */
public final class FileView {

    private final UnixFsFile file;

    FileView(UnixFsFile file) {
        this.file = file;
    }

    /**
     * Returns the file's length.
     *
     * @return the length in bytes
     */
    public long size() {
        return file.size();
    }

    /**
     * Streams a byte range, reading and verifying only the blocks it covers.
     *
     * @param offset the first byte
     * @param length how many bytes
     * @return the bytes; a missing or damaged block fails the read with an IOException
     * @throws IndexOutOfBoundsException if the range is not within the file
     */
    public InputStream stream(long offset, long length) {
        return file.stream(offset, length);
    }
}
