// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.vault;

import io.elastos.api.storage.StorageException;
import io.elastos.api.storage.StorageException.Reason;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import javax.crypto.AEADBadTagException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * The vault's 256-bit master key, made on first start and kept in {@code keys/vault.key} sealed
 * (see {@link VaultKeyFile}) with the owner's passphrase or, for unattended boot, the node-local
 * secret file {@code keys/vault.secret}.
 *
 * <p>Every private file has its own random data key; the vault key only wraps those ({@link
 * #wrap}), so the master key encrypts a few bytes per file and a leaked data key exposes one file.
 * Other keys (such as the one for file names) are derived from it with {@link #derive}.
 *
 * <p>Thread-safe. {@link #close} zeroes the key arrays this class holds; afterwards every method
 * throws {@link Reason#LOCKED}. (The JDK's {@code SecretKeySpec} copies made per operation cannot
 * be zeroed and are left to the garbage collector.)
 */
public final class VaultKey implements AutoCloseable {

    /** The sealed key's file name in the keys folder. */
    public static final String KEY_FILE = "vault.key";

    /** The node-local secret's file name in the keys folder. */
    public static final String SECRET_FILE = "vault.secret";

    /** The length of a wrapped data key: format, nonce, sealed key and tag. */
    public static final int WRAPPED_BYTES = 1 + Gcm.NONCE_BYTES + Gcm.KEY_BYTES + Gcm.TAG_BYTES;

    private static final System.Logger LOG = System.getLogger(VaultKey.class.getName());
    private static final byte WRAP_FORMAT = 1;
    private static final int NONCE_AT = 1;
    private static final int SEALED_AT = NONCE_AT + Gcm.NONCE_BYTES;
    private static final String WRAP_PURPOSE = "file-key wrap v1";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private byte[] master;
    private byte[] wrapKey;

    private VaultKey(byte[] master) {
        this.master = master;
        this.wrapKey = hkdf(master, WRAP_PURPOSE);
    }

    /**
     * Opens the vault key in {@code keysDir}, or makes and seals a new one if there is no key file.
     * A key sealed with the secret file is resealed with the passphrase when one is given: the
     * owner has chosen a passphrase since.
     *
     * <p>Only for a vault that holds no files yet, or whose key file is known to exist: a missing
     * key file with existing private data means a lost key, not a new vault; use {@link #open}.
     *
     * @param keysDir the node's keys folder
     * @param passphrase the owner's passphrase, or {@code null} to seal with the secret file; read,
     *     not kept (the caller clears it)
     * @return the unlocked key, to be closed by the caller
     * @throws StorageException with {@link Reason#LOCKED} for a wrong or missing passphrase or a
     *     wrong or missing secret file, {@link Reason#INTEGRITY} for a damaged key file, {@link
     *     Reason#INVALID_ARGUMENT} for an empty passphrase, {@link Reason#IO} if a file cannot be
     *     read or written; the key file is then unchanged
     */
    public static VaultKey openOrCreate(Path keysDir, char[] passphrase) throws StorageException {
        return openOrCreate(keysDir, passphrase, Argon2Cost.DEFAULT);
    }

    /**
     * Opens an existing vault key, never creating or changing a file.
     *
     * @param keysDir the node's keys folder
     * @param passphrase the owner's passphrase, or {@code null} if the key is sealed with the
     *     secret file
     * @return the unlocked key, to be closed by the caller
     * @throws StorageException with {@link Reason#NOT_FOUND} if there is no key file, else as
     *     {@link #openOrCreate}
     */
    public static VaultKey open(Path keysDir, char[] passphrase) throws StorageException {
        checkPassphrase(passphrase);
        return new VaultKey(sealing(keysDir, Argon2Cost.DEFAULT).read(passphrase).key());
    }

    /**
     * {@link #openOrCreate(Path, char[])} with an Argon2 cost for new seals; tests use a low one.
     */
    static VaultKey openOrCreate(Path keysDir, char[] passphrase, Argon2Cost cost)
            throws StorageException {
        checkPassphrase(passphrase);
        VaultKeyFile file = sealing(keysDir, cost);
        // notExists, not !exists: a key file whose existence can't be checked must not be replaced.
        if (Files.notExists(file.keyFile())) {
            byte[] key = newFileKey();
            try {
                file.store(key, passphrase);
            } catch (StorageException | RuntimeException e) {
                Arrays.fill(key, (byte) 0);
                throw e;
            }
            LOG.log(Level.INFO, "new vault key made in {0}", file.keyFile());
            return new VaultKey(key);
        }
        VaultKeyFile.Opened opened = file.read(passphrase);
        if (passphrase != null && !opened.withPassphrase()) {
            try {
                file.store(opened.key(), passphrase);
            } catch (StorageException | RuntimeException e) {
                Arrays.fill(opened.key(), (byte) 0);
                throw e;
            }
            LOG.log(Level.INFO, "vault key {0} resealed with the passphrase", file.keyFile());
        }
        return new VaultKey(opened.key());
    }

    /**
     * A new random 256-bit data key for one file, for the caller to wrap, use and clear.
     *
     * @return 32 random bytes
     */
    public static byte[] newFileKey() {
        byte[] key = new byte[Gcm.KEY_BYTES];
        RANDOM.nextBytes(key);
        return key;
    }

    /**
     * Wraps a file's data key for storing in the metadata, bound to {@code aad} (the file id), so a
     * wrapped key copied to another file's row does not unwrap there.
     *
     * @param fileKey the 32-byte data key; not changed
     * @param aad the file id
     * @return {@link #WRAPPED_BYTES} bytes: format, random nonce, sealed key with its tag
     * @throws StorageException with {@link Reason#LOCKED} if this key is closed
     */
    public byte[] wrap(byte[] fileKey, byte[] aad) throws StorageException {
        if (fileKey.length != Gcm.KEY_BYTES) {
            throw new IllegalArgumentException("a file key is 32 bytes, not " + fileKey.length);
        }
        byte[] nonce = new byte[Gcm.NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] out = new byte[WRAPPED_BYTES];
        out[0] = WRAP_FORMAT;
        System.arraycopy(nonce, 0, out, NONCE_AT, Gcm.NONCE_BYTES);
        lock.readLock().lock();
        try {
            Gcm.seal(
                    Gcm.key(unlocked(wrapKey)),
                    out,
                    NONCE_AT,
                    wrapAad(aad),
                    fileKey,
                    0,
                    fileKey.length,
                    out,
                    SEALED_AT);
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Unwraps a file's data key.
     *
     * @param wrapped what {@link #wrap} returned
     * @param aad the same file id
     * @return the 32-byte data key, for the caller to clear
     * @throws StorageException with {@link Reason#INTEGRITY} if the bytes were altered, wrapped for
     *     another file id, or under another vault key; {@link Reason#LOCKED} if this key is closed
     */
    public byte[] unwrap(byte[] wrapped, byte[] aad) throws StorageException {
        if (wrapped.length != WRAPPED_BYTES || wrapped[0] != WRAP_FORMAT) {
            throw new StorageException(
                    Reason.INTEGRITY,
                    "a wrapped file key is damaged ("
                            + wrapped.length
                            + " bytes or unknown format)");
        }
        byte[] key = new byte[Gcm.KEY_BYTES];
        lock.readLock().lock();
        try {
            Gcm.open(
                    Gcm.key(unlocked(wrapKey)),
                    wrapped,
                    NONCE_AT,
                    wrapAad(aad),
                    wrapped,
                    SEALED_AT,
                    WRAPPED_BYTES - SEALED_AT,
                    key,
                    0);
            return key;
        } catch (AEADBadTagException e) {
            Arrays.fill(key, (byte) 0);
            throw new StorageException(
                    Reason.INTEGRITY,
                    "a wrapped file key does not open with the vault key (altered, or moved from"
                            + " another file)");
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Derives a 32-byte key for one purpose (HKDF-SHA256 with the purpose as info), so each use of
     * the vault key gets an independent key.
     *
     * @param purpose a fixed label naming the use and its version, such as {@code "names v1"}
     * @return the derived key, for the caller to clear
     * @throws StorageException with {@link Reason#LOCKED} if this key is closed
     */
    public byte[] derive(String purpose) throws StorageException {
        if (purpose.isEmpty() || purpose.equals(WRAP_PURPOSE)) {
            throw new IllegalArgumentException("reserved or empty key purpose: " + purpose);
        }
        lock.readLock().lock();
        try {
            return hkdf(unlocked(master), purpose);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Tells whether the key is still usable.
     *
     * @return {@code false} once {@link #close} has run
     */
    public boolean isOpen() {
        lock.readLock().lock();
        try {
            return master != null;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Zeroes the key arrays; waits for operations in progress, so none runs on a zeroed key. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (master != null) {
                Arrays.fill(master, (byte) 0);
                Arrays.fill(wrapKey, (byte) 0);
                master = null;
                wrapKey = null;
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private static VaultKeyFile sealing(Path keysDir, Argon2Cost cost) {
        return new VaultKeyFile(keysDir.resolve(KEY_FILE), keysDir.resolve(SECRET_FILE), cost);
    }

    private static void checkPassphrase(char[] passphrase) throws StorageException {
        if (passphrase != null && passphrase.length == 0) {
            throw new StorageException(
                    Reason.INVALID_ARGUMENT,
                    "the vault passphrase is empty; give one, or none to use the secret file");
        }
    }

    private static byte[] unlocked(byte[] key) throws StorageException {
        if (key == null) {
            throw new StorageException(Reason.LOCKED, "the vault key is closed");
        }
        return key;
    }

    /** The format byte is authenticated with the file id, so a future format can't be confused. */
    private static byte[] wrapAad(byte[] aad) {
        byte[] out = new byte[1 + aad.length];
        out[0] = WRAP_FORMAT;
        System.arraycopy(aad, 0, out, 1, aad.length);
        return out;
    }

    private static byte[] hkdf(byte[] key, String purpose) {
        byte[] out = new byte[Gcm.KEY_BYTES];
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(
                new HKDFParameters(
                        key, null, ("elastos vault " + purpose).getBytes(StandardCharsets.UTF_8)));
        hkdf.generateBytes(out, 0, out.length);
        return out;
    }
}
