// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.pkg;

import io.elastos.api.identity.Did;
import java.util.Arrays;

/**
 * Encodes and decodes Ed25519 {@code did:key} identifiers (multibase base58btc, multicodec 0xed).
 */
final class DidKeys {
    // The unsigned-varint multicodec prefix of an Ed25519 public key: 0xed encodes as ed 01.
    private static final byte[] ED25519_PREFIX = {(byte) 0xed, 0x01};

    private DidKeys() {}

    static Did ed25519Did(byte[] publicKey32) {
        if (publicKey32.length != 32) {
            throw new IllegalArgumentException("Ed25519 public key must be 32 bytes");
        }
        byte[] body = new byte[34];
        System.arraycopy(ED25519_PREFIX, 0, body, 0, 2);
        System.arraycopy(publicKey32, 0, body, 2, 32);
        return Did.of("did:key:z" + Base58.encode(body));
    }

    /**
     * Extracts the public key of an Ed25519 {@code did:key}.
     *
     * @throws IllegalArgumentException if the DID is not an Ed25519 {@code did:key}
     */
    static byte[] ed25519PublicKey(Did did) {
        if (!did.method().equals(Did.METHOD_KEY)) {
            throw new IllegalArgumentException("not a did:key");
        }
        String id = did.methodSpecificId();
        if (!id.startsWith("z")) {
            throw new IllegalArgumentException("did:key must use multibase base58btc ('z')");
        }
        byte[] body = Base58.decode(id.substring(1));
        if (body.length != 34 || body[0] != ED25519_PREFIX[0] || body[1] != ED25519_PREFIX[1]) {
            throw new IllegalArgumentException("did:key is not an Ed25519 key (multicodec 0xed)");
        }
        // Base58 has a single encoding per byte string, but re-encode to refuse any aliasing.
        if (!Base58.encode(body).equals(id.substring(1))) {
            throw new IllegalArgumentException("did:key is not canonically encoded");
        }
        return Arrays.copyOfRange(body, 2, 34);
    }
}
