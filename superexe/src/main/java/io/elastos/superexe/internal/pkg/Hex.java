// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.pkg;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Lowercase hex and SHA-256 helpers shared by the package code. */
final class Hex {
    private static final HexFormat HEX = HexFormat.of();

    private Hex() {}

    static String of(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    static byte[] parse(String hex) {
        return HEX.parseHex(hex);
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }

    static String sha256Hex(byte[] data) {
        return of(sha256(data));
    }
}
