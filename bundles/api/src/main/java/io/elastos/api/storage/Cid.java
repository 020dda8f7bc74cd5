// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.storage;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An IPFS content identifier in its string form: a CIDv1 in multibase (for the node's own blocks
 * lowercase base32, {@code bafy...} or {@code bafk...}) or a legacy base58 CIDv0 ({@code Qm...}).
 *
 * <p>This record checks only the outer syntax, so it stays cheap to build; a store decodes the
 * multihash when it needs it and refuses a malformed CID with {@link
 * StorageException.Reason#INVALID_ARGUMENT}. Two CIDs for the same content in different bases are
 * different values here; stores use the lowercase base32 CIDv1 form.
 *
 * @param value the CID string
 */
public record Cid(String value) {

    /** Upper bound on the string form; real CIDs with a SHA-256 multihash are about 60 chars. */
    public static final int MAX_LENGTH = 256;

    // Multibase prefixes used by CIDs: base32 ('b', 'B'), base36 ('k'), base58btc ('z'),
    // base64url ('u'), plus CIDv0 which is bare base58btc starting with "Qm".
    private static final Pattern SYNTAX =
            Pattern.compile("[bBkzu][A-Za-z0-9_-]+|Qm[1-9A-HJ-NP-Za-km-z]{44}");

    /**
     * Checks the syntax of the CID string.
     *
     * @throws NullPointerException if {@code value} is {@code null}
     * @throws IllegalArgumentException if {@code value} is longer than {@link #MAX_LENGTH} or is
     *     not a CIDv0 or a multibase CIDv1 string
     */
    public Cid {
        Objects.requireNonNull(value, "value");
        if (value.length() > MAX_LENGTH || !SYNTAX.matcher(value).matches()) {
            throw new IllegalArgumentException("not a CID: " + abbreviate(value));
        }
    }

    /**
     * Parses a CID string; the same as the constructor, for readability at call sites.
     *
     * @param value the CID string
     * @return the CID
     * @throws IllegalArgumentException if the string is not a CID
     */
    public static Cid of(String value) {
        return new Cid(value);
    }

    /**
     * Returns the CID string.
     *
     * @return the same string as {@link #value()}
     */
    @Override
    public String toString() {
        return value;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? "\"" + s + "\"" : "\"" + s.substring(0, 80) + "...\"";
    }
}
