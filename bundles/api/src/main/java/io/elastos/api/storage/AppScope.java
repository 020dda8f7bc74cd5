// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.storage;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One app's private key/value storage, with a quota; opened from the {@link ScopeStore}.
 *
 * <p>Keys are UTF-8 strings of 1 to {@link #MAX_KEY_LENGTH} characters without control characters.
 * Values are opaque bytes. Every key and value counts against the quota. Each write is atomic and
 * durable when the method returns. A scope is thread-safe.
 */
@ProviderType
public interface AppScope {

    /** The longest key, in characters. */
    int MAX_KEY_LENGTH = 512;

    /**
     * Names the scope.
     *
     * @return the scope id: a mini-app id or a bundle symbolic name
     */
    String id();

    /**
     * Reads a value.
     *
     * @param key the key
     * @return a copy of the value, or empty if the key is not set
     * @throws StorageException with {@link StorageException.Reason#INVALID_ARGUMENT} for a bad key,
     *     or {@link StorageException.Reason#IO} if the read fails
     */
    Optional<byte[]> get(String key) throws StorageException;

    /**
     * Sets a value, replacing any previous one.
     *
     * @param key the key
     * @param value the value
     * @throws StorageException with {@link StorageException.Reason#QUOTA_EXCEEDED} if the write
     *     would take the scope over its quota (nothing is written), {@link
     *     StorageException.Reason#INVALID_ARGUMENT} for a bad key, or {@link
     *     StorageException.Reason#IO} if the write fails
     */
    void put(String key, byte[] value) throws StorageException;

    /**
     * Removes a key.
     *
     * @param key the key
     * @return whether the key was set
     * @throws StorageException with {@link StorageException.Reason#INVALID_ARGUMENT} for a bad key,
     *     or {@link StorageException.Reason#IO} if the write fails
     */
    boolean delete(String key) throws StorageException;

    /**
     * Lists keys in ascending order.
     *
     * @param prefix only keys starting with this are listed; {@code ""} for all
     * @param limit the most keys to return, at least 1
     * @return the matching keys, sorted
     * @throws StorageException with {@link StorageException.Reason#INVALID_ARGUMENT} if the limit
     *     is not positive, or {@link StorageException.Reason#IO} if the read fails
     */
    List<String> keys(String prefix, int limit) throws StorageException;

    /**
     * Tells how much of the quota is used.
     *
     * @return the bytes of all keys and values in the scope
     */
    long usedBytes();

    /**
     * Tells the scope's quota.
     *
     * @return the most bytes the scope may hold
     */
    long quotaBytes();

    /**
     * Reads a whole file of the scope's file area. File paths are relative, {@code /}-separated,
     * with no empty, {@code .} or {@code ..} segments; the empty path is the root folder.
     *
     * @param path the file
     * @return a copy of the content, or empty if there is no such file
     * @throws StorageException with {@link StorageException.Reason#INVALID_ARGUMENT} for a bad path
     *     or a folder, or {@link StorageException.Reason#IO} if the read fails
     */
    Optional<byte[]> readFile(String path) throws StorageException;

    /**
     * Reads part of a file, so a file larger than memory can be processed piece by piece.
     *
     * @param path the file
     * @param offset the first byte, at least 0
     * @param length the most bytes to read, at least 0
     * @return the bytes from offset (fewer at the end of the file, none at or past it), or empty if
     *     there is no such file
     * @throws StorageException with {@link StorageException.Reason#INVALID_ARGUMENT} for a bad
     *     path, a folder or a negative offset or length, or {@link StorageException.Reason#IO} if
     *     the read fails
     * @since 1.1
     */
    Optional<byte[]> readFileRange(String path, long offset, int length) throws StorageException;

    /**
     * Opens a file as a stream that decrypts as it is read; the caller closes it.
     *
     * @param path the file
     * @return the stream, or empty if there is no such file
     * @throws StorageException with {@link StorageException.Reason#INVALID_ARGUMENT} for a bad path
     *     or a folder, or {@link StorageException.Reason#IO} if the file cannot be opened
     * @since 1.1
     */
    Optional<InputStream> openFile(String path) throws StorageException;

    /**
     * Writes a whole file atomically from a stream, creating its parent folders: readers see the
     * old content until the new one is complete and durable. The stream is read to its end, and the
     * write is refused as soon as the content would take the scope over its quota (the old content
     * stays).
     *
     * @param path the file
     * @param content the new content; not closed
     * @return the bytes written
     * @throws StorageException with {@link StorageException.Reason#QUOTA_EXCEEDED} if it does not
     *     fit, {@link StorageException.Reason#INVALID_ARGUMENT} for a bad path or a folder, or
     *     {@link StorageException.Reason#IO} if reading the stream or writing fails
     * @since 1.1
     */
    long writeFile(String path, InputStream content) throws StorageException;

    /**
     * Writes a whole file atomically, creating its parent folders; the content counts against the
     * quota.
     *
     * @param path the file
     * @param data the new content
     * @throws StorageException with {@link StorageException.Reason#QUOTA_EXCEEDED} if it does not
     *     fit, {@link StorageException.Reason#INVALID_ARGUMENT} for a bad path or a folder
     */
    void writeFile(String path, byte[] data) throws StorageException;

    /**
     * Deletes a file or an empty folder.
     *
     * @param path the file or folder
     * @return whether something was deleted
     * @throws StorageException with {@link StorageException.Reason#INVALID_ARGUMENT} for a bad path
     *     or a folder that is not empty
     */
    boolean deleteFile(String path) throws StorageException;

    /**
     * Creates a folder and its parents; an existing folder is fine.
     *
     * @param path the folder
     * @throws StorageException with {@link StorageException.Reason#INVALID_ARGUMENT} for a bad path
     *     or one that names a file
     */
    void createDirectory(String path) throws StorageException;

    /**
     * Describes a file or folder.
     *
     * @param path the file or folder; the empty path is the root folder
     * @return its description, or empty if it does not exist
     * @throws StorageException with {@link StorageException.Reason#INVALID_ARGUMENT} for a bad path
     */
    Optional<FileStat> stat(String path) throws StorageException;

    /**
     * Lists a folder.
     *
     * @param path the folder; the empty path is the root folder
     * @return the names of its entries, sorted, folders ending with {@code /}
     * @throws StorageException with {@link StorageException.Reason#NOT_FOUND} if there is no such
     *     folder, or {@link StorageException.Reason#INVALID_ARGUMENT} for a bad path
     */
    List<String> listFiles(String path) throws StorageException;
}
