// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.vault;

import io.elastos.api.storage.StorageException;
import io.elastos.api.storage.StorageException.Reason;
import io.elastos.storage.internal.blocks.DurableFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * The vault key's file format {@code VK01}: the 32-byte vault key sealed with AES-256-GCM under a
 * key-encryption key (KEK) from the owner's passphrase (Argon2id) or from the node-local secret
 * file {@code vault.secret} (32 random bytes, HKDF-SHA256), for unattended boot.
 *
 * <p>Layout, 93 bytes; everything before the sealed key is associated data, so an altered header
 * (say, cheaper Argon2 parameters) fails like an altered key:
 *
 * <pre>
 *   0  4  "VK01"
 *   4  1  KEK source: 1 = passphrase (Argon2id), 2 = secret file (HKDF-SHA256)
 *   5 12  Argon2id m (KiB), t, p as big-endian ints; zero for the secret file
 *  17 16  salt
 *  33 12  GCM nonce
 *  45 48  sealed key and 16-byte GCM tag
 * </pre>
 *
 * <p>Reading never creates or changes a file; every failure is one {@link StorageException} line
 * saying what is wrong and what to do.
 */
final class VaultKeyFile {

    static final int FILE_LENGTH = 93;
    static final byte[] MAGIC = {'V', 'K', '0', '1'};

    private static final int SOURCE_AT = 4;
    private static final int COST_AT = 5;
    private static final int SALT_AT = 17;
    private static final int SALT_BYTES = 16;
    private static final int NONCE_AT = 33;
    private static final int SEALED_AT = 45;
    private static final byte PASSPHRASE = 1;
    private static final byte SECRET_FILE = 2;
    private static final byte[] HKDF_INFO =
            "elastos vault key VK01 secret file".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path keyFile;
    private final Path secretFile;
    private final Argon2Cost cost;

    /**
     * @param keyFile the sealed key, {@code keys/vault.key}
     * @param secretFile the node-local secret, {@code keys/vault.secret}
     * @param cost the Argon2id cost for sealing with a passphrase; opening uses the file's own
     */
    VaultKeyFile(Path keyFile, Path secretFile, Argon2Cost cost) {
        this.keyFile = keyFile;
        this.secretFile = secretFile;
        this.cost = cost;
    }

    Path keyFile() {
        return keyFile;
    }

    /**
     * Seals a key with the passphrase, or with the secret file (made first if missing) when the
     * passphrase is {@code null}, checks that the result opens to the same key, and writes it
     * atomically, owner-only.
     */
    void store(byte[] key, char[] passphrase) throws StorageException {
        byte[] sealed = seal(key, passphrase);
        byte[] check = open(sealed, passphrase).key();
        try {
            // The file about to be replaced may be the only copy of the key: never write a seal
            // that does not open.
            if (!Arrays.equals(key, check)) {
                throw new StorageException(
                        Reason.IO,
                        "sealing the vault key did not round-trip; " + keyFile + " kept");
            }
        } finally {
            Arrays.fill(check, (byte) 0);
        }
        write(keyFile, sealed);
    }

    /**
     * Reads and opens the key file.
     *
     * @param passphrase the owner's passphrase, or {@code null} to use the secret file
     * @return the key (for the caller to clear) and how it was sealed
     */
    Opened read(char[] passphrase) throws StorageException {
        byte[] file;
        try {
            file = Files.readAllBytes(keyFile);
        } catch (NoSuchFileException e) {
            throw new StorageException(
                    Reason.NOT_FOUND, "the vault key file " + keyFile + " does not exist");
        } catch (IOException e) {
            throw new StorageException(
                    Reason.IO, "cannot read the vault key file " + keyFile + " (" + e + ")", e);
        }
        return open(file, passphrase);
    }

    /**
     * An opened key file.
     *
     * @param key the 32-byte vault key, for the caller to clear
     * @param withPassphrase whether it was sealed with a passphrase rather than the secret file
     */
    record Opened(byte[] key, boolean withPassphrase) {}

    private byte[] seal(byte[] key, char[] passphrase) throws StorageException {
        byte[] out = new byte[FILE_LENGTH];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        out[SOURCE_AT] = passphrase != null ? PASSPHRASE : SECRET_FILE;
        if (passphrase != null) {
            ByteBuffer.wrap(out, COST_AT, 12)
                    .putInt(cost.memoryKiB())
                    .putInt(cost.iterations())
                    .putInt(cost.parallelism());
        }
        fillRandom(out, SALT_AT, SALT_BYTES);
        fillRandom(out, NONCE_AT, Gcm.NONCE_BYTES);
        byte[] kek =
                passphrase != null
                        ? argon2(passphrase, cost, salt(out))
                        : hkdf(readOrCreateSecret(), salt(out));
        try {
            Gcm.seal(
                    Gcm.key(kek),
                    out,
                    NONCE_AT,
                    Arrays.copyOf(out, SEALED_AT),
                    key,
                    0,
                    key.length,
                    out,
                    SEALED_AT);
            return out;
        } finally {
            Arrays.fill(kek, (byte) 0);
        }
    }

    private Opened open(byte[] file, char[] passphrase) throws StorageException {
        if (file.length != FILE_LENGTH || !Arrays.equals(file, 0, 4, MAGIC, 0, 4)) {
            throw damaged("not a VK01 file of " + FILE_LENGTH + " bytes");
        }
        ByteBuffer params = ByteBuffer.wrap(file, COST_AT, 12);
        int m = params.getInt();
        int t = params.getInt();
        int p = params.getInt();
        byte[] kek;
        boolean withPassphrase;
        if (file[SOURCE_AT] == PASSPHRASE) {
            Argon2Cost recorded;
            try {
                recorded = new Argon2Cost(m, t, p);
            } catch (IllegalArgumentException e) {
                throw damaged(e.getMessage());
            }
            if (passphrase == null) {
                throw new StorageException(
                        Reason.LOCKED,
                        "the vault key file "
                                + keyFile
                                + " is sealed with a passphrase; give the passphrase to unlock"
                                + " the vault");
            }
            kek = argon2(passphrase, recorded, salt(file));
            withPassphrase = true;
        } else if (file[SOURCE_AT] == SECRET_FILE) {
            if ((m | t | p) != 0) {
                throw damaged("Argon2 parameters in a file sealed with the secret file");
            }
            kek = hkdf(readSecret(), salt(file));
            withPassphrase = false;
        } else {
            throw damaged("unknown key-encryption key source " + file[SOURCE_AT]);
        }
        byte[] key = new byte[Gcm.KEY_BYTES];
        try {
            Gcm.open(
                    Gcm.key(kek),
                    file,
                    NONCE_AT,
                    Arrays.copyOf(file, SEALED_AT),
                    file,
                    SEALED_AT,
                    FILE_LENGTH - SEALED_AT,
                    key,
                    0);
            return new Opened(key, withPassphrase);
        } catch (AEADBadTagException e) {
            Arrays.fill(key, (byte) 0);
            throw new StorageException(
                    Reason.LOCKED,
                    withPassphrase
                            ? "the vault key file "
                                    + keyFile
                                    + " does not open with this passphrase (wrong passphrase, or"
                                    + " the file was altered); check the passphrase, or restore"
                                    + " the file from a backup"
                            : "the vault key file "
                                    + keyFile
                                    + " does not open with "
                                    + secretFile
                                    + " (wrong or replaced secret file, or the key file was"
                                    + " altered); restore both from a backup");
        } finally {
            Arrays.fill(kek, (byte) 0);
        }
    }

    /** The secret file's 32 bytes, made (owner-only, atomically) the first time it is needed. */
    private byte[] readOrCreateSecret() throws StorageException {
        if (Files.notExists(secretFile)) {
            byte[] secret = new byte[Gcm.KEY_BYTES];
            RANDOM.nextBytes(secret);
            try {
                write(secretFile, secret);
            } finally {
                Arrays.fill(secret, (byte) 0);
            }
        }
        return readSecret();
    }

    private byte[] readSecret() throws StorageException {
        byte[] secret;
        try {
            secret = Files.readAllBytes(secretFile);
        } catch (NoSuchFileException e) {
            throw new StorageException(
                    Reason.LOCKED,
                    "the vault key file "
                            + keyFile
                            + " is sealed with "
                            + secretFile
                            + ", which is missing; restore it from a backup");
        } catch (IOException e) {
            throw new StorageException(
                    Reason.IO,
                    "cannot read the vault secret file " + secretFile + " (" + e + ")",
                    e);
        }
        if (secret.length != Gcm.KEY_BYTES) {
            Arrays.fill(secret, (byte) 0);
            throw new StorageException(
                    Reason.INTEGRITY,
                    "the vault secret file "
                            + secretFile
                            + " is damaged ("
                            + secret.length
                            + " bytes, not "
                            + Gcm.KEY_BYTES
                            + "); restore it from a backup");
        }
        return secret;
    }

    private static void write(Path file, byte[] content) throws StorageException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            DurableFiles.createDirectories(file.toAbsolutePath().getParent());
            // A temp file left by a crash: its write never committed, so it holds nothing needed.
            Files.deleteIfExists(temp);
            DurableFiles.write(temp, file, content);
        } catch (IOException e) {
            throw new StorageException(
                    Reason.IO,
                    "cannot write "
                            + file
                            + " ("
                            + e
                            + "); check that the data folder is writable and not full (the"
                            + " previous file, if any, is kept)",
                    e);
        }
    }

    private StorageException damaged(String why) {
        return new StorageException(
                Reason.INTEGRITY,
                "the vault key file "
                        + keyFile
                        + " is damaged ("
                        + why
                        + "); restore it from a backup");
    }

    /** HKDF rather than the raw secret: a fresh KEK per sealing, bound to this purpose. */
    private static byte[] hkdf(byte[] secret, byte[] salt) {
        try {
            byte[] out = new byte[Gcm.KEY_BYTES];
            HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
            hkdf.init(new HKDFParameters(secret, salt, HKDF_INFO));
            hkdf.generateBytes(out, 0, out.length);
            return out;
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    private static byte[] argon2(char[] passphrase, Argon2Cost cost, byte[] salt)
            throws StorageException {
        Argon2Parameters.Builder builder =
                new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                        .withMemoryAsKB(cost.memoryKiB())
                        .withIterations(cost.iterations())
                        .withParallelism(cost.parallelism())
                        .withSalt(salt);
        Argon2Parameters parameters = builder.build();
        byte[] bytes = utf8(passphrase);
        try {
            byte[] out = new byte[Gcm.KEY_BYTES];
            Argon2BytesGenerator generator = new Argon2BytesGenerator();
            generator.init(parameters);
            // The byte[] overload: the char[] one converts with a copy it never clears.
            generator.generateBytes(bytes, out);
            return out;
        } finally {
            Arrays.fill(bytes, (byte) 0);
            parameters.clear();
            builder.clear();
        }
    }

    /**
     * The passphrase as NFC-normalised UTF-8, for the caller to clear: the same passphrase typed on
     * systems that compose accents differently must give the same key.
     */
    private static byte[] utf8(char[] passphrase) throws StorageException {
        CharSequence text = CharBuffer.wrap(passphrase);
        if (!Normalizer.isNormalized(text, Normalizer.Form.NFC)) {
            text = Normalizer.normalize(text, Normalizer.Form.NFC);
        }
        ByteBuffer encoded;
        try {
            encoded = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(text));
        } catch (CharacterCodingException e) {
            throw new StorageException(
                    Reason.INVALID_ARGUMENT, "the vault passphrase is not valid Unicode text");
        }
        byte[] bytes = Arrays.copyOfRange(encoded.array(), 0, encoded.limit());
        Arrays.fill(encoded.array(), (byte) 0);
        return bytes;
    }

    private static byte[] salt(byte[] file) {
        return Arrays.copyOfRange(file, SALT_AT, SALT_AT + SALT_BYTES);
    }

    private static void fillRandom(byte[] out, int offset, int length) {
        byte[] random = new byte[length];
        RANDOM.nextBytes(random);
        System.arraycopy(random, 0, out, offset, length);
    }
}
