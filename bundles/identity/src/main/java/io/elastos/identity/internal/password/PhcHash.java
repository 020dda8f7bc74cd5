// SPDX-License-Identifier: Apache-2.0
package io.elastos.identity.internal.password;

import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Argon2id hash in the PHC string format: {@code
 * $argon2id$v=19$m=<KiB>,t=<iterations>,p=<lanes>$<salt>$<hash>}, salt and hash in standard Base64
 * without padding.
 *
 * <p>Only that exact shape is read. The PHC format allows more (other versions, parameters in any
 * order, {@code keyid} and {@code data}), but the node only ever writes this one, so anything else
 * is damage or tampering and is refused rather than guessed at.
 */
record PhcHash(Argon2Cost cost, byte[] salt, byte[] hash) {

    static final int MIN_SALT = 8;
    static final int MIN_HASH = 16;

    // Upper bounds so a stored string can't make the node decode or compute something huge.
    static final int MAX_SALT = 64;
    static final int MAX_HASH = 64;
    private static final int MAX_LENGTH = 256;

    // Decimal without sign or leading zeros, at most 9 digits so it always fits an int.
    private static final String NUMBER = "(0|[1-9][0-9]{0,8})";
    private static final Pattern COST =
            Pattern.compile("m=" + NUMBER + ",t=" + NUMBER + ",p=" + NUMBER);
    private static final Pattern B64 = Pattern.compile("[A-Za-z0-9+/]+");

    PhcHash {
        if (salt.length < MIN_SALT || salt.length > MAX_SALT) {
            throw new IllegalArgumentException(
                    "the salt must be " + MIN_SALT + ".." + MAX_SALT + " bytes");
        }
        if (hash.length < MIN_HASH || hash.length > MAX_HASH) {
            throw new IllegalArgumentException(
                    "the hash must be " + MIN_HASH + ".." + MAX_HASH + " bytes");
        }
    }

    /**
     * Reads a stored hash.
     *
     * @throws IllegalArgumentException with the reason when the string is not an Argon2id v19 PHC
     *     string within the bounds
     */
    static PhcHash parse(String phc) {
        if (phc == null) {
            throw new IllegalArgumentException("no password hash");
        }
        if (phc.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("the password hash is too long");
        }
        // The reasons name the part that is wrong but never echo the string: it holds the salt
        // and hash, which belong in the account store, not in logs.
        String[] parts = phc.split("\\$", -1);
        if (parts.length < 2 || !parts[0].isEmpty()) {
            throw new IllegalArgumentException("not a PHC string");
        }
        if (!parts[1].equals("argon2id")) {
            throw new IllegalArgumentException("unsupported password hash algorithm");
        }
        if (parts.length != 6) {
            throw new IllegalArgumentException("an Argon2id PHC string has exactly five fields");
        }
        if (!parts[2].equals("v=19")) {
            throw new IllegalArgumentException("unsupported Argon2 version; only v=19 is read");
        }
        Matcher m = COST.matcher(parts[3]);
        if (!m.matches()) {
            throw new IllegalArgumentException("malformed Argon2 parameters; expected m=,t=,p=");
        }
        Argon2Cost cost =
                new Argon2Cost(
                        Integer.parseInt(m.group(1)),
                        Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3)));
        return new PhcHash(cost, decode(parts[4], "salt"), decode(parts[5], "hash"));
    }

    /** The PHC string of this hash. */
    String format() {
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "$argon2id$v=19$m="
                + cost.memoryKiB()
                + ",t="
                + cost.iterations()
                + ",p="
                + cost.parallelism()
                + "$"
                + b64.encodeToString(salt)
                + "$"
                + b64.encodeToString(hash);
    }

    /** Overwrites salt and hash, which the hasher no longer needs once it has compared them. */
    void clear() {
        Arrays.fill(salt, (byte) 0);
        Arrays.fill(hash, (byte) 0);
    }

    private static byte[] decode(String text, String what) {
        if (!B64.matcher(text).matches()) {
            throw new IllegalArgumentException("the " + what + " is not unpadded standard Base64");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the " + what + " is not valid Base64");
        }
        // Java's decoder ignores stray low bits in the last character; a canonical re-encoding
        // check keeps exactly one spelling per hash, which is what a strict reader wants.
        if (!Base64.getEncoder().withoutPadding().encodeToString(bytes).equals(text)) {
            throw new IllegalArgumentException("the " + what + " is not canonical Base64");
        }
        return bytes;
    }
}
