// SPDX-License-Identifier: Apache-2.0
package io.elastos.identity.internal;

import java.util.Arrays;

/**
 * The {@code did:key} method for Ed25519 keys: multibase base58btc ({@code z}) of the multicodec
 * {@code ed25519-pub} prefix (0xed 0x01) followed by the raw 32-byte key.
 */
public final class DidKey {

    static final String PREFIX = "did:key:z";
    private static final byte[] ED25519_PUB = {(byte) 0xed, 0x01};

    private DidKey() {}

    /** The did:key of a raw 32-byte Ed25519 public key. */
    public static String fromEd25519(byte[] publicKey) {
        if (publicKey.length != 32) {
            throw new IllegalArgumentException("Ed25519 public key must be 32 bytes");
        }
        byte[] bytes = new byte[34];
        System.arraycopy(ED25519_PUB, 0, bytes, 0, 2);
        System.arraycopy(publicKey, 0, bytes, 2, 32);
        return PREFIX + Base58.encode(bytes);
    }

    static byte[] toEd25519(String did) {
        if (!did.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a base58btc did:key: " + did);
        }
        byte[] bytes = Base58.decode(did.substring(PREFIX.length()));
        if (bytes.length != 34 || bytes[0] != ED25519_PUB[0] || bytes[1] != ED25519_PUB[1]) {
            throw new IllegalArgumentException("not an Ed25519 did:key: " + did);
        }
        return Arrays.copyOfRange(bytes, 2, 34);
    }
}
