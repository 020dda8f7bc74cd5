// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.blocks;

import java.time.Instant;
import java.util.Objects;

/**
 * One block on disk, as listed by {@link BlockFiles#blocks()}.
 *
 * @param hash the SHA-256 of the block's bytes, 64 lowercase hex digits
 * @param size the file's size in bytes
 * @param modifiedAt when the block was last written or re-stored; the garbage collector's grace
 *     period counts from here
 */
public record StoredBlock(String hash, long size, Instant modifiedAt) {

    /**
     * Checks the fields.
     *
     * @throws NullPointerException if {@code hash} or {@code modifiedAt} is {@code null}
     */
    public StoredBlock {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(modifiedAt, "modifiedAt");
    }
}
