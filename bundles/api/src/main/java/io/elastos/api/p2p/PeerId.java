// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.p2p;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A libp2p peer id in its canonical base58btc text form: {@code 12D3KooW...} for an Ed25519 key
 * (such as the node's own), {@code Qm...} for a hashed RSA or other large key.
 *
 * <p>The constructor checks the alphabet and length only; decoding the multihash and comparing it
 * with a peer's key is the P2P implementation's job, done during the Noise handshake.
 *
 * @param value the base58btc peer id
 */
public record PeerId(String value) {

    // base58btc without 0, O, I and l; a SHA-256 multihash is 46 chars, an identity multihash of
    // an Ed25519 key 52, and anything past 128 is not a peer id the node accepts.
    private static final Pattern BASE58 = Pattern.compile("[1-9A-HJ-NP-Za-km-z]{32,128}");

    /**
     * Checks the syntax.
     *
     * @throws NullPointerException if {@code value} is {@code null}
     * @throws IllegalArgumentException if {@code value} is not 32 to 128 base58btc characters
     */
    public PeerId {
        Objects.requireNonNull(value, "value");
        if (!BASE58.matcher(value).matches()) {
            throw new IllegalArgumentException("not a base58btc peer id: " + value);
        }
    }

    /**
     * Parses a peer id; the same as the constructor, for readability at call sites.
     *
     * @param value the base58btc peer id
     * @return the peer id
     * @throws IllegalArgumentException if the string is not a peer id
     */
    public static PeerId of(String value) {
        return new PeerId(value);
    }

    /**
     * Returns the peer id string.
     *
     * @return the same string as {@link #value()}
     */
    @Override
    public String toString() {
        return value;
    }
}
