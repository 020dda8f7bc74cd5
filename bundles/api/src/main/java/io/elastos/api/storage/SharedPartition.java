// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.storage;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The shared partition: files published to IPFS, stored unencrypted as UnixFS DAGs in the {@link
 * BlockStore} and served to other peers and to the trustless gateway.
 *
 * <p>Publishing builds the same DAG as {@code ipfs add --cid-version 1 --raw-leaves} (256 KiB
 * chunks, balanced layout, dag-pb nodes), so the same bytes get the same CID as on Kubo or Helia.
 * Every published root is pinned: its blocks are kept until it is unpinned. Implementations are
 * thread-safe.
 */
@ProviderType
public interface SharedPartition {

    /**
     * Publishes a file: chunks the stream, stores the DAG's blocks and pins its root. The stream is
     * read to its end but not closed.
     *
     * @param content the file's bytes
     * @return the root CID, a base32 CIDv1 ({@code bafy...}, or {@code bafk...} for a file that
     *     fits in one raw block)
     * @throws StorageException with {@link StorageException.Reason#QUOTA_EXCEEDED} if the partition
     *     is full, or {@link StorageException.Reason#IO} if reading or writing fails; blocks
     *     written before the failure are left for garbage collection
     */
    Cid publish(InputStream content) throws StorageException;

    /**
     * Opens a published UnixFS file for reading, verifying each block as it is read.
     *
     * @param root the file's root CID
     * @return a stream of the file's bytes, to be closed by the caller
     * @throws StorageException with {@link StorageException.Reason#NOT_FOUND} if a block of the DAG
     *     is not stored, or {@link StorageException.Reason#INVALID_ARGUMENT} if the root is not a
     *     UnixFS file
     */
    InputStream open(Cid root) throws StorageException;

    /**
     * Writes a CAR v1 archive holding the root and every block of its DAG, in depth-first order, as
     * the trustless-gateway specification requires. The stream is not closed.
     *
     * @param root the DAG's root CID
     * @param out where to write the archive
     * @throws StorageException with {@link StorageException.Reason#NOT_FOUND} if a block of the DAG
     *     is not stored, or {@link StorageException.Reason#IO} if writing fails
     */
    void exportCar(Cid root, OutputStream out) throws StorageException;

    /**
     * Reads a CAR v1 archive, verifies every block against its CID, stores the blocks and pins the
     * archive's roots. The stream is read to its end but not closed.
     *
     * @param car the archive
     * @return the roots named in the archive's header
     * @throws StorageException with {@link StorageException.Reason#INTEGRITY} if a block does not
     *     match its CID, {@link StorageException.Reason#INVALID_ARGUMENT} if the archive is
     *     malformed or a root's DAG is incomplete, or {@link
     *     StorageException.Reason#QUOTA_EXCEEDED} if the partition is full; in every case no root
     *     is pinned
     */
    List<Cid> importCar(InputStream car) throws StorageException;

    /**
     * Unpins a published root, so its blocks become garbage unless another pinned DAG uses them.
     *
     * @param root the root CID
     * @return whether the root was pinned
     * @throws StorageException with {@link StorageException.Reason#IO} if the change cannot be
     *     committed
     */
    boolean unpin(Cid root) throws StorageException;

    /**
     * Lists the pinned roots.
     *
     * @return the pinned roots, in no particular order
     * @throws StorageException with {@link StorageException.Reason#IO} if they cannot be read
     */
    List<Cid> pins() throws StorageException;
}
