// SPDX-License-Identifier: Apache-2.0
package io.elastos.identity.internal.password;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Hashes and verifies passwords with Argon2id (RFC 9106), stored as PHC strings such as {@code
 * $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}.
 *
 * <p>Every hash records its own parameters, so the defaults can be raised later: {@link #verify}
 * uses the recorded ones and {@link #needsRehash} tells the login code to store a new hash while it
 * still holds the plain password.
 *
 * <p>Passwords are taken as {@code char[]} so callers can clear them; this class clears its own
 * copies (the UTF-8 bytes, the computed hash) but never the caller's array, because a login
 * typically verifies and then re-hashes the same password. Passwords are normalised to Unicode NFC
 * first, so the same password typed on systems that compose accents differently still matches.
 *
 * <p>Thread-safe. At most one computation per processor runs at a time: each one holds {@code m}
 * KiB of memory, and a burst of logins on a small NAS must queue rather than exhaust the heap.
 */
public final class PasswordHasher {

    static final int SALT_BYTES = 16;
    static final int HASH_BYTES = 32;

    private final Argon2Cost cost;
    private final SecureRandom random = new SecureRandom();
    private final Semaphore running =
            new Semaphore(Math.max(1, Runtime.getRuntime().availableProcessors()), true);

    /** A hasher with {@link Argon2Cost#DEFAULT}. */
    public PasswordHasher() {
        this(Argon2Cost.DEFAULT);
    }

    /** A hasher that makes new hashes with {@code cost} and asks to rehash anything weaker. */
    public PasswordHasher(Argon2Cost cost) {
        this.cost = Objects.requireNonNull(cost, "cost");
    }

    /** The parameters new hashes are made with. */
    public Argon2Cost cost() {
        return cost;
    }

    /**
     * Hashes a password with a fresh random salt.
     *
     * @return the PHC string to store
     * @throws IllegalArgumentException if the password is not valid Unicode (an unpaired surrogate)
     */
    public String hash(char[] password) {
        Objects.requireNonNull(password, "password");
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] bytes = utf8(password);
        PhcHash made = null;
        try {
            made = new PhcHash(cost, salt, argon2id(bytes, salt, null, null, cost, HASH_BYTES));
            return made.format();
        } finally {
            Arrays.fill(bytes, (byte) 0);
            if (made != null) {
                made.clear();
            }
        }
    }

    /**
     * Checks a password against a stored hash, recomputing it with the stored parameters and
     * comparing in constant time.
     *
     * @return whether the password matches
     * @throws IllegalArgumentException if {@code phc} is not an Argon2id v19 PHC string within the
     *     bounds of {@link Argon2Cost} and {@link PhcHash}: a damaged or tampered record is an
     *     error to report, not a wrong password
     */
    public boolean verify(char[] password, String phc) {
        Objects.requireNonNull(password, "password");
        PhcHash stored = PhcHash.parse(phc);
        byte[] bytes;
        try {
            bytes = utf8(password);
        } catch (IllegalArgumentException notUnicode) {
            // hash() refuses such passwords, so no stored hash can match one.
            stored.clear();
            return false;
        }
        byte[] computed = null;
        try {
            computed =
                    argon2id(bytes, stored.salt(), null, null, stored.cost(), stored.hash().length);
            return MessageDigest.isEqual(computed, stored.hash());
        } finally {
            stored.clear();
            Arrays.fill(bytes, (byte) 0);
            if (computed != null) {
                Arrays.fill(computed, (byte) 0);
            }
        }
    }

    /**
     * Spends the time of a {@link #verify} with the current parameters and returns {@code false}.
     * For a login naming an account that does not exist: answering faster than for a wrong password
     * would tell an attacker which accounts exist.
     */
    public boolean verifyDummy(char[] password) {
        Objects.requireNonNull(password, "password");
        byte[] salt = new byte[SALT_BYTES];
        byte[] bytes = utf8Lenient(password);
        try {
            Arrays.fill(argon2id(bytes, salt, null, null, cost, HASH_BYTES), (byte) 0);
            return false;
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /**
     * Whether a stored hash was made with weaker parameters than this hasher's (or a shorter salt
     * or hash), so the login that just verified it should store {@link #hash} of the password.
     *
     * @throws IllegalArgumentException if {@code phc} can't be read, as for {@link #verify}
     */
    public boolean needsRehash(String phc) {
        PhcHash stored = PhcHash.parse(phc);
        try {
            return stored.cost().weakerThan(cost)
                    || stored.salt().length < SALT_BYTES
                    || stored.hash().length < HASH_BYTES;
        } finally {
            stored.clear();
        }
    }

    /**
     * Checks that a new password is acceptable: at least 10 characters, not a single character
     * repeated, not one of the most common passwords.
     *
     * @throws IllegalArgumentException with a reason the user can act on
     */
    public void checkStrength(char[] password) {
        PasswordPolicy.check(password);
    }

    /**
     * Raw Argon2id (version 0x13). {@code secret} and {@code additional} are RFC 9106's optional K
     * and X inputs; the node passes {@code null}, the test vector needs them.
     */
    byte[] argon2id(
            byte[] password,
            byte[] salt,
            byte[] secret,
            byte[] additional,
            Argon2Cost cost,
            int length) {
        Argon2Parameters.Builder builder =
                new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                        .withMemoryAsKB(cost.memoryKiB())
                        .withIterations(cost.iterations())
                        .withParallelism(cost.parallelism())
                        .withSalt(salt);
        if (secret != null) {
            builder.withSecret(secret);
        }
        if (additional != null) {
            builder.withAdditional(additional);
        }
        Argon2Parameters parameters = builder.build();
        byte[] out = new byte[length];
        running.acquireUninterruptibly();
        try {
            Argon2BytesGenerator generator = new Argon2BytesGenerator();
            generator.init(parameters);
            // The byte[] overload: the char[] one converts with a copy it never clears.
            generator.generateBytes(password, out);
            return out;
        } finally {
            running.release();
            // The builder and parameters hold their own copies of salt and secret.
            parameters.clear();
            builder.clear();
        }
    }

    /**
     * The password as NFC-normalised UTF-8 bytes, for the caller to clear.
     *
     * @throws IllegalArgumentException on an unpaired surrogate
     */
    static byte[] utf8(char[] password) {
        CharSequence text = CharBuffer.wrap(password);
        if (!Normalizer.isNormalized(text, Normalizer.Form.NFC)) {
            // Normalizer only returns Strings, which can't be cleared; ASCII and most typed
            // passwords are already NFC and never take this path.
            text = Normalizer.normalize(text, Normalizer.Form.NFC);
        }
        ByteBuffer encoded;
        try {
            encoded = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(text));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the password is not valid Unicode");
        }
        byte[] bytes = Arrays.copyOfRange(encoded.array(), 0, encoded.limit());
        Arrays.fill(encoded.array(), (byte) 0);
        return bytes;
    }

    /** {@link #utf8}, but any input works: the dummy verify must not fail faster either. */
    private static byte[] utf8Lenient(char[] password) {
        try {
            return utf8(password);
        } catch (IllegalArgumentException notUnicode) {
            return new byte[0];
        }
    }
}
