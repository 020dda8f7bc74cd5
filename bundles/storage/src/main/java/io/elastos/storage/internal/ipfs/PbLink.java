// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.ipfs;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A dag-pb link: the target's CID, an optional name and the optional cumulative size of the
 * target's DAG ({@code Tsize}).
 *
 * @param hash the target's CID
 * @param name the name, {@code null} when absent; file chunks use {@code ""}, which is encoded
 * @param tsize the cumulative size of the target's encoded blocks, {@code null} when absent
 */
public record PbLink(ContentId hash, String name, Long tsize) {

    /**
     * Checks the fields.
     *
     * @throws NullPointerException if {@code hash} is null
     * @throws IllegalArgumentException if {@code tsize} is negative
     */
    public PbLink {
        Objects.requireNonNull(hash, "hash");
        if (tsize != null && tsize < 0) {
            throw new IllegalArgumentException("negative Tsize");
        }
    }

    /** The name's UTF-8 bytes, the order dag-pb sorts links in; empty when absent. */
    byte[] nameBytes() {
        return name == null ? new byte[0] : name.getBytes(StandardCharsets.UTF_8);
    }
}
