// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.vault;

import io.elastos.api.storage.StorageException;
import io.elastos.api.storage.StorageException.Reason;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import javax.crypto.AEADBadTagException;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts the chunks of one private file with AES-256-GCM under the file's data key.
 *
 * <p>A sealed chunk is {@code format (1) || nonce (12) || ciphertext || tag (16)}. The nonce is
 * random per chunk: with a key per file, the 2<sup>-32</sup> collision bound of random 96-bit
 * nonces (NIST SP 800-38D) is reached only after 2<sup>32</sup> chunks, 16 PiB at 4 MiB. The
 * associated data binds each chunk to its place: {@code format || length(fileId) || fileId ||
 * version || index}, so a chunk swapped with another, moved to another file or version, or altered
 * by one bit fails authentication with {@link Reason#INTEGRITY}. (The length prefix keeps two file
 * ids of different lengths from ever giving the same bytes.) The chunk count itself is the
 * metadata's to protect: dropping the last chunks of a version is not detected here.
 *
 * <p>Thread-safe; {@link #close} zeroes this object's copy of the data key.
 */
public final class ChunkCipher implements AutoCloseable {

    /** The largest plaintext chunk: bounds memory per read, and any chunk fits a block file. */
    public static final int MAX_CHUNK_BYTES = 4 << 20;

    /** What sealing adds to a chunk: format byte, nonce and tag. */
    public static final int OVERHEAD = 1 + Gcm.NONCE_BYTES + Gcm.TAG_BYTES;

    private static final byte FORMAT = 1;
    private static final int NONCE_AT = 1;
    private static final int CIPHERTEXT_AT = NONCE_AT + Gcm.NONCE_BYTES;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final byte[] fileId;
    private byte[] key;

    /**
     * A cipher for one file.
     *
     * @param fileKey the file's 32-byte data key; copied, so the caller may clear its own
     * @param fileId the file's stable id (the same for all its versions); copied
     */
    public ChunkCipher(byte[] fileKey, byte[] fileId) {
        if (fileKey.length != Gcm.KEY_BYTES) {
            throw new IllegalArgumentException("a file key is 32 bytes, not " + fileKey.length);
        }
        this.key = fileKey.clone();
        this.fileId = fileId.clone();
    }

    /**
     * The sealed length of a chunk of {@code plainLength} bytes.
     *
     * @param plainLength the plaintext length
     * @return {@code plainLength + OVERHEAD}
     */
    public static int sealedLength(int plainLength) {
        return plainLength + OVERHEAD;
    }

    /**
     * Encrypts one whole chunk.
     *
     * @see #seal(long, long, byte[], int, int)
     */
    public byte[] seal(long version, long index, byte[] plain) throws StorageException {
        return seal(version, index, plain, 0, plain.length);
    }

    /**
     * Encrypts one chunk with a fresh random nonce.
     *
     * @param version the file version the chunk belongs to, from 1
     * @param index the chunk's position in that version, from 0
     * @param plain the buffer holding the plaintext
     * @param offset where the chunk starts in {@code plain}
     * @param length the chunk's length, at most {@link #MAX_CHUNK_BYTES}
     * @return the sealed chunk, {@link #sealedLength(int)} bytes
     * @throws StorageException with {@link Reason#LOCKED} if this cipher is closed
     */
    public byte[] seal(long version, long index, byte[] plain, int offset, int length)
            throws StorageException {
        checkPlace(version, index);
        if (length > MAX_CHUNK_BYTES) {
            throw new IllegalArgumentException(
                    "a chunk of " + length + " bytes is over the limit of " + MAX_CHUNK_BYTES);
        }
        Objects.checkFromIndexSize(offset, length, plain.length);
        byte[] out = new byte[sealedLength(length)];
        out[0] = FORMAT;
        byte[] nonce = new byte[Gcm.NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        System.arraycopy(nonce, 0, out, NONCE_AT, nonce.length);
        lock.readLock().lock();
        try {
            Gcm.seal(
                    keySpec(),
                    out,
                    NONCE_AT,
                    aad(version, index),
                    plain,
                    offset,
                    length,
                    out,
                    CIPHERTEXT_AT);
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Decrypts and authenticates one chunk.
     *
     * @param version the version the caller expects the chunk to belong to
     * @param index the position the caller expects it at
     * @param sealed what {@link #seal} returned
     * @return the plaintext
     * @throws StorageException with {@link Reason#INTEGRITY} if the chunk was altered, truncated,
     *     or sealed for another file, version, position or key; {@link Reason#LOCKED} if this
     *     cipher is closed
     */
    public byte[] open(long version, long index, byte[] sealed) throws StorageException {
        checkPlace(version, index);
        if (sealed.length < OVERHEAD
                || sealed.length > sealedLength(MAX_CHUNK_BYTES)
                || sealed[0] != FORMAT) {
            throw failed(version, index, "malformed, " + sealed.length + " bytes");
        }
        byte[] plain = new byte[sealed.length - OVERHEAD];
        lock.readLock().lock();
        try {
            Gcm.open(
                    keySpec(),
                    sealed,
                    NONCE_AT,
                    aad(version, index),
                    sealed,
                    CIPHERTEXT_AT,
                    sealed.length - CIPHERTEXT_AT,
                    plain,
                    0);
            return plain;
        } catch (AEADBadTagException e) {
            throw failed(version, index, "altered, or moved from another place, version or file");
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Zeroes the data key; waits for operations in progress. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (key != null) {
                Arrays.fill(key, (byte) 0);
                key = null;
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private SecretKeySpec keySpec() throws StorageException {
        if (key == null) {
            throw new StorageException(Reason.LOCKED, "the file's chunk cipher is closed");
        }
        return Gcm.key(key);
    }

    private byte[] aad(long version, long index) {
        return ByteBuffer.allocate(1 + 4 + fileId.length + 16)
                .put(FORMAT)
                .putInt(fileId.length)
                .put(fileId)
                .putLong(version)
                .putLong(index)
                .array();
    }

    private StorageException failed(long version, long index, String why) {
        return new StorageException(
                Reason.INTEGRITY,
                "chunk "
                        + index
                        + " of version "
                        + version
                        + " of file "
                        + HexFormat.of().formatHex(fileId)
                        + " fails authentication ("
                        + why
                        + ")");
    }

    private static void checkPlace(long version, long index) {
        if (version < 1 || index < 0) {
            throw new IllegalArgumentException(
                    "chunk place must have version >= 1 and index >= 0: " + version + ", " + index);
        }
    }
}
