// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.audit;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Computes the SHA-256 link of one audit row over an unambiguous encoding of its fields. */
final class ChainHash {

    /** The previous hash of the very first row. */
    static final String GENESIS = "0".repeat(64);

    // A version tag so that a future change of encoding can never collide with this one.
    private static final byte[] DOMAIN = "elastos.audit.v1".getBytes(StandardCharsets.US_ASCII);

    private ChainHash() {}

    /** Hashes a row; every string is length-prefixed so no two rows encode to the same bytes. */
    static String of(AuditRow row) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(DOMAIN);
            out.writeLong(row.seq());
            out.writeLong(row.time().getEpochSecond());
            out.writeInt(row.time().getNano());
            field(out, row.actor());
            field(out, row.action());
            field(out, row.subject());
            field(out, row.outcome());
            field(out, row.reason());
            field(out, row.prevHash());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(bytes.toByteArray()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static void field(DataOutputStream out, String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }
}
