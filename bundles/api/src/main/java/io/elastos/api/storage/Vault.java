// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.storage;

import java.io.InputStream;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The owner's private partition: files encrypted at rest, chunk by chunk, with every version kept
 * until it is deleted.
 *
 * <p>Paths are absolute and {@code /}-separated ({@code /docs/tax/2025.pdf}); a segment must not be
 * empty, {@code .} or {@code ..}, or contain a control character. Directories exist implicitly
 * while they hold a file. A write is atomic: readers see the previous version until the new one is
 * durable and committed, and a crash mid-write leaves no partial version. Every method throws
 * {@link StorageException} with {@link StorageException.Reason#LOCKED} while the vault key is not
 * unlocked. Implementations are thread-safe.
 */
@ProviderType
public interface Vault {

    /**
     * Tells whether the vault key is unlocked, so files can be read and written.
     *
     * @return whether the vault is unlocked
     */
    boolean unlocked();

    /**
     * Writes a new version of a file from a stream, creating the file if it does not exist. The
     * stream is read to its end but not closed.
     *
     * @param path the file's absolute path
     * @param content the plaintext to encrypt and store
     * @return the entry of the new version
     * @throws StorageException with {@link StorageException.Reason#INVALID_ARGUMENT} for a bad path
     *     or a path naming a directory, {@link StorageException.Reason#QUOTA_EXCEEDED} if the disk
     *     quota would be exceeded, or {@link StorageException.Reason#IO} if reading the stream or
     *     writing fails; in every case no version is recorded
     */
    VaultEntry write(String path, InputStream content) throws StorageException;

    /**
     * Opens the latest version of a file for reading. Every chunk is authenticated as it is read;
     * the returned stream throws an {@link java.io.IOException} if a chunk was tampered with.
     *
     * @param path the file's absolute path
     * @return a stream of the plaintext, to be closed by the caller
     * @throws StorageException with {@link StorageException.Reason#NOT_FOUND} if there is no such
     *     file
     */
    InputStream read(String path) throws StorageException;

    /**
     * Opens one version of a file for reading.
     *
     * @param path the file's absolute path
     * @param version the version, as listed by {@link #versions(String)}
     * @return a stream of the plaintext, to be closed by the caller
     * @throws StorageException with {@link StorageException.Reason#NOT_FOUND} if there is no such
     *     file or version
     */
    InputStream read(String path, long version) throws StorageException;

    /**
     * Lists a directory: the latest version of each file directly in it, and its subdirectories.
     *
     * @param directory the directory's absolute path; {@code /} for the root
     * @return the entries sorted by name; empty if the directory holds nothing
     * @throws StorageException with {@link StorageException.Reason#INVALID_ARGUMENT} for a bad path
     */
    List<VaultEntry> list(String directory) throws StorageException;

    /**
     * Lists the stored versions of a file.
     *
     * @param path the file's absolute path
     * @return the versions, oldest first
     * @throws StorageException with {@link StorageException.Reason#NOT_FOUND} if there is no such
     *     file
     */
    List<VaultEntry> versions(String path) throws StorageException;

    /**
     * Deletes a file with all its versions. Its chunks are reclaimed by garbage collection once no
     * other version references them.
     *
     * @param path the file's absolute path
     * @return whether the file existed and is now deleted
     * @throws StorageException with {@link StorageException.Reason#INVALID_ARGUMENT} for a bad
     *     path, or {@link StorageException.Reason#IO} if the delete cannot be committed
     */
    boolean delete(String path) throws StorageException;
}
