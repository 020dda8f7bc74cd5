// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.storage;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The node's content-addressed block store: the raw IPFS blocks behind the shared partition,
 * exchanged with other peers over bitswap and served by the trustless gateway.
 *
 * <p>A block is stored under the CID of its bytes, so a block's content never changes; a store
 * never trusts a caller's CID and checks every block against it. Writes are durable when {@link
 * #put(Cid, byte[])} returns. Implementations are thread-safe.
 */
@ProviderType
public interface BlockStore {

    /**
     * Stores a block after checking that its bytes hash to the CID's multihash. Storing a block
     * that is already present does nothing.
     *
     * @param cid the block's CID
     * @param block the block's bytes
     * @throws StorageException with {@link StorageException.Reason#INTEGRITY} if the bytes do not
     *     match the CID, {@link StorageException.Reason#INVALID_ARGUMENT} if the CID's codec or
     *     hash function is not supported, {@link StorageException.Reason#QUOTA_EXCEEDED} if the
     *     store is full, or {@link StorageException.Reason#IO} if the write fails
     */
    void put(Cid cid, byte[] block) throws StorageException;

    /**
     * Reads a block.
     *
     * @param cid the block's CID
     * @return a copy of the block's bytes, or empty if the block is not stored
     * @throws StorageException with {@link StorageException.Reason#INTEGRITY} if the stored bytes
     *     no longer match the CID (disk corruption), or {@link StorageException.Reason#IO} if the
     *     read fails
     */
    Optional<byte[]> get(Cid cid) throws StorageException;

    /**
     * Tells whether a block is stored, without reading it.
     *
     * @param cid the block's CID
     * @return whether the block is stored
     * @throws StorageException with {@link StorageException.Reason#IO} if the store cannot be read
     */
    boolean has(Cid cid) throws StorageException;

    /**
     * Deletes a block. The caller is responsible for not deleting a block still referenced by a
     * published DAG; the shared partition does this through its own garbage collection.
     *
     * @param cid the block's CID
     * @return whether a block was stored and is now deleted
     * @throws StorageException with {@link StorageException.Reason#IO} if the delete fails
     */
    boolean delete(Cid cid) throws StorageException;
}
