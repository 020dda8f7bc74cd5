// SPDX-License-Identifier: Apache-2.0
package io.elastos.identity.internal;

import io.elastos.identity.internal.password.Argon2Cost;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * Seals the node's 32-byte Ed25519 seed into the {@code EK02} format of {@link NodeKeyFile}, and
 * opens it again.
 *
 * <p>The seed is encrypted with AES-256-GCM under a key-encryption key (KEK) taken from, in order:
 *
 * <ol>
 *   <li>the owner's passphrase ({@value #PASSPHRASE_VARIABLE}), stretched with Argon2id, for owners
 *       who type a passphrase at boot: the disk alone then never reveals the key;
 *   <li>otherwise the node-local secret file {@code keys/node.secret} (32 random bytes, expanded
 *       with HKDF-SHA256), for unattended boot on a NAS: it keeps the seed out of the key file, so
 *       the key file can be copied or backed up without the secret and stays useless on its own.
 * </ol>
 *
 * <p>Layout, 125 bytes; everything before the sealed seed is associated data, so altering the
 * public key or the header is detected like altering the ciphertext:
 *
 * <pre>
 *   0  4  "EK02"
 *   4  1  KEK source: 1 = passphrase (Argon2id), 2 = secret file (HKDF-SHA256)
 *   5 12  Argon2id m (KiB), t, p as big-endian ints; zero for the secret file
 *  17 16  salt
 *  33 32  Ed25519 public key
 *  65 12  GCM nonce
 *  77 48  sealed seed and 16-byte GCM tag
 * </pre>
 *
 * <p>A passphrase given to {@link #withPassphrase} is copied and cleared by {@link #close}; the
 * environment variable itself is a {@code String} the JVM keeps, which no code can clear.
 */
final class KeySealing implements AutoCloseable {

    /** The environment variable with the owner's passphrase. */
    static final String PASSPHRASE_VARIABLE = "ELASTOS_KEY_PASSPHRASE";

    /** The secret file's name, next to the key file. */
    static final String SECRET_FILE = "node.secret";

    static final int FILE_LENGTH = 125;
    static final int SEED_BYTES = 32;
    static final byte[] MAGIC = {'E', 'K', '0', '2'};

    /** OWASP's Argon2id minimum, as for login passwords: m=19456 KiB, t=2, p=1. */
    static final Argon2Cost COST = Argon2Cost.DEFAULT;

    private static final int SOURCE_AT = 4;
    private static final int COST_AT = 5;
    private static final int SALT_AT = 17;
    private static final int SALT_BYTES = 16;
    private static final int PUBLIC_KEY_AT = 33;
    private static final int NONCE_AT = 65;
    private static final int NONCE_BYTES = 12;
    private static final int SEALED_AT = 77;
    private static final int TAG_BITS = 128;
    private static final int KEK_BYTES = 32;
    private static final byte[] HKDF_INFO =
            "elastos node key EK02 secret file".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Where the KEK comes from, as recorded in byte 4 of the file. */
    enum Source {
        PASSPHRASE(1),
        SECRET_FILE(2);

        final byte code;

        Source(int code) {
            this.code = (byte) code;
        }
    }

    /**
     * An opened file: the seed (for the caller to clear) and what it was sealed with.
     *
     * @param seed the 32-byte Ed25519 seed
     * @param publicKey the raw 32-byte public key stored with it
     * @param source the KEK source the file was sealed with
     */
    record Opened(byte[] seed, byte[] publicKey, Source source) {}

    private final Path keyFile;
    private final Path secretFile;
    private char[] passphrase;

    private KeySealing(Path keyFile, char[] passphrase) {
        this.keyFile = keyFile;
        this.secretFile = keyFile.resolveSibling(SECRET_FILE);
        this.passphrase = passphrase;
    }

    /**
     * The sealing the node uses: the passphrase in {@value #PASSPHRASE_VARIABLE} when it is set and
     * not empty, else the secret file next to {@code keyFile}.
     */
    static KeySealing fromEnvironment(Path keyFile) {
        String value = System.getenv(PASSPHRASE_VARIABLE);
        return value == null || value.isEmpty()
                ? withSecretFile(keyFile)
                : new KeySealing(keyFile, value.toCharArray());
    }

    /** Sealing with a passphrase; the array is copied, so the caller may clear its own. */
    static KeySealing withPassphrase(Path keyFile, char[] passphrase) {
        if (passphrase.length == 0) {
            throw new IllegalArgumentException("the passphrase is empty");
        }
        return new KeySealing(keyFile, passphrase.clone());
    }

    /** Sealing with the secret file next to {@code keyFile}. */
    static KeySealing withSecretFile(Path keyFile) {
        return new KeySealing(keyFile, null);
    }

    /** What {@link #seal} uses: the passphrase if there is one. */
    Source preferred() {
        return passphrase != null ? Source.PASSPHRASE : Source.SECRET_FILE;
    }

    Path secretFile() {
        return secretFile;
    }

    /** Whether {@code file} starts like an {@code EK02} file (it may still be damaged). */
    static boolean isSealed(byte[] file) {
        return file.length >= MAGIC.length && Arrays.equals(file, 0, 4, MAGIC, 0, 4);
    }

    /**
     * Seals a seed with {@link #preferred}, making the secret file first if it is needed and
     * missing.
     *
     * @return the whole {@code EK02} file
     */
    byte[] seal(byte[] seed, byte[] publicKey) throws IOException {
        if (seed.length != SEED_BYTES || publicKey.length != 32) {
            throw new IllegalArgumentException("an Ed25519 seed and public key are 32 bytes");
        }
        Source source = preferred();
        byte[] out = new byte[FILE_LENGTH];
        System.arraycopy(MAGIC, 0, out, 0, 4);
        out[SOURCE_AT] = source.code;
        Argon2Cost cost = source == Source.PASSPHRASE ? COST : null;
        if (cost != null) {
            ByteBuffer.wrap(out, COST_AT, 12)
                    .putInt(cost.memoryKiB())
                    .putInt(cost.iterations())
                    .putInt(cost.parallelism());
        }
        byte[] salt = random(SALT_BYTES);
        System.arraycopy(salt, 0, out, SALT_AT, SALT_BYTES);
        System.arraycopy(publicKey, 0, out, PUBLIC_KEY_AT, 32);
        System.arraycopy(random(NONCE_BYTES), 0, out, NONCE_AT, NONCE_BYTES);
        byte[] secret = null;
        byte[] kek = null;
        byte[] sealed = null;
        try {
            secret = source == Source.SECRET_FILE ? readOrCreateSecret() : null;
            kek = kek(source, cost, salt, secret);
            sealed = gcm(Cipher.ENCRYPT_MODE, kek, out, seed);
            System.arraycopy(sealed, 0, out, SEALED_AT, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has AES-GCM", e);
        } finally {
            clear(kek, secret, sealed);
        }
    }

    /**
     * Opens an {@code EK02} file with what its header names, never creating or changing a file.
     *
     * @throws IOException with one line saying what is wrong and what to do: damaged file, no
     *     passphrase, missing or damaged secret file, or a KEK that does not open the seal (wrong
     *     passphrase, replaced secret file, altered key file)
     */
    Opened open(byte[] file) throws IOException {
        if (!isSealed(file) || file.length != FILE_LENGTH) {
            throw damaged(keyFile, file.length + " bytes, not " + FILE_LENGTH);
        }
        Source source = source(file[SOURCE_AT]);
        ByteBuffer params = ByteBuffer.wrap(file, COST_AT, 12);
        int m = params.getInt();
        int t = params.getInt();
        int p = params.getInt();
        Argon2Cost cost = null;
        if (source == Source.PASSPHRASE) {
            try {
                cost = new Argon2Cost(m, t, p);
            } catch (IllegalArgumentException e) {
                throw damaged(keyFile, e.getMessage());
            }
            if (passphrase == null) {
                throw new IOException(
                        "the node key file "
                                + keyFile
                                + " is sealed with a passphrase: set "
                                + PASSPHRASE_VARIABLE
                                + " and start the node again");
            }
        } else if ((m | t | p) != 0) {
            throw damaged(keyFile, "Argon2 parameters in a file sealed with a secret file");
        }
        byte[] salt = Arrays.copyOfRange(file, SALT_AT, SALT_AT + SALT_BYTES);
        byte[] secret = null;
        byte[] kek = null;
        try {
            secret = source == Source.SECRET_FILE ? readSecret() : null;
            kek = kek(source, cost, salt, secret);
            byte[] seed =
                    gcm(
                            Cipher.DECRYPT_MODE,
                            kek,
                            file,
                            Arrays.copyOfRange(file, SEALED_AT, FILE_LENGTH));
            return new Opened(
                    seed, Arrays.copyOfRange(file, PUBLIC_KEY_AT, PUBLIC_KEY_AT + 32), source);
        } catch (AEADBadTagException e) {
            throw cannotOpen(source);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has AES-GCM", e);
        } finally {
            clear(kek, secret);
        }
    }

    /** Clears the passphrase. */
    @Override
    public void close() {
        if (passphrase != null) {
            Arrays.fill(passphrase, '\0');
            passphrase = null;
        }
    }

    private IOException cannotOpen(Source source) {
        if (source == Source.PASSPHRASE) {
            return new IOException(
                    "the node key file "
                            + keyFile
                            + " cannot be unsealed with the passphrase in "
                            + PASSPHRASE_VARIABLE
                            + " (wrong passphrase, or the file was altered); check the passphrase,"
                            + " or restore the file from a backup");
        }
        return new IOException(
                "the node key file "
                        + keyFile
                        + " cannot be unsealed with "
                        + secretFile
                        + " (wrong or replaced secret file, or the key file was altered); restore"
                        + " both from a backup");
    }

    static IOException damaged(Path keyFile, String why) {
        return new IOException(
                "the node key file "
                        + keyFile
                        + " is damaged ("
                        + why
                        + "); restore it from a backup, or move it away to give the node a new"
                        + " identity");
    }

    private Source source(byte code) throws IOException {
        for (Source s : Source.values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw damaged(keyFile, "unknown key-encryption key source " + code);
    }

    private byte[] kek(Source source, Argon2Cost cost, byte[] salt, byte[] secret)
            throws IOException {
        byte[] out = new byte[KEK_BYTES];
        if (source == Source.SECRET_FILE) {
            // HKDF rather than the raw secret: a fresh key per sealing, bound to this purpose.
            HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
            hkdf.init(new HKDFParameters(secret, salt, HKDF_INFO));
            hkdf.generateBytes(out, 0, out.length);
            return out;
        }
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

    private static byte[] gcm(int mode, byte[] kek, byte[] file, byte[] input)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(
                mode,
                new SecretKeySpec(kek, "AES"),
                new GCMParameterSpec(TAG_BITS, file, NONCE_AT, NONCE_BYTES));
        cipher.updateAAD(file, 0, SEALED_AT);
        return cipher.doFinal(input);
    }

    /** The secret file's 32 bytes, made (owner-only, atomically) on first use. */
    private byte[] readOrCreateSecret() throws IOException {
        if (!Files.exists(secretFile)) {
            byte[] secret = random(KEK_BYTES);
            try {
                NodeKeyFile.writeOwnerOnly(secretFile, secret);
            } finally {
                Arrays.fill(secret, (byte) 0);
            }
        }
        return readSecret();
    }

    private byte[] readSecret() throws IOException {
        byte[] secret;
        try {
            secret = Files.readAllBytes(secretFile);
        } catch (NoSuchFileException e) {
            throw new IOException(
                    "the node key file "
                            + keyFile
                            + " is sealed with "
                            + secretFile
                            + ", which is missing; restore it from a backup, or set "
                            + PASSPHRASE_VARIABLE
                            + " if the key was sealed with a passphrase");
        }
        if (secret.length != KEK_BYTES) {
            Arrays.fill(secret, (byte) 0);
            throw new IOException(
                    "the secret file "
                            + secretFile
                            + " is damaged ("
                            + secret.length
                            + " bytes, not "
                            + KEK_BYTES
                            + "); restore it from a backup");
        }
        return secret;
    }

    /**
     * The passphrase as NFC-normalised UTF-8, for the caller to clear: the same passphrase typed on
     * systems that compose accents differently must give the same key.
     */
    private static byte[] utf8(char[] passphrase) throws IOException {
        CharSequence text = CharBuffer.wrap(passphrase);
        if (!Normalizer.isNormalized(text, Normalizer.Form.NFC)) {
            text = Normalizer.normalize(text, Normalizer.Form.NFC);
        }
        ByteBuffer encoded;
        try {
            encoded = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(text));
        } catch (CharacterCodingException e) {
            throw new IOException(PASSPHRASE_VARIABLE + " is not valid Unicode text");
        }
        byte[] bytes = Arrays.copyOfRange(encoded.array(), 0, encoded.limit());
        Arrays.fill(encoded.array(), (byte) 0);
        return bytes;
    }

    private static byte[] random(int length) {
        byte[] out = new byte[length];
        RANDOM.nextBytes(out);
        return out;
    }

    private static void clear(byte[]... arrays) {
        for (byte[] a : arrays) {
            if (a != null) {
                Arrays.fill(a, (byte) 0);
            }
        }
    }
}
