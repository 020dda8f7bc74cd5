// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.pkg;

import io.elastos.api.identity.Did;
import io.elastos.api.superexe.VerificationException;
import io.elastos.api.superexe.VerificationException.Reason;
import java.nio.charset.StandardCharsets;

/**
 * A marketplace's endorsement of a package: its DID and its signature over the exact manifest
 * bytes, with the same schemes as the publisher's. The owner may trust a marketplace instead of
 * each publisher; an endorsement that does not verify refuses the package (fail closed).
 */
final class Endorsement {

    static final int MAX_BYTES = 4096;

    private Endorsement() {}

    static byte[] create(PublisherKey marketplace, byte[] manifest) {
        String text = marketplace.did().value() + "\n" + Hex.of(marketplace.sign(manifest)) + "\n";
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** The endorsing marketplace, or null when the package carries no endorsement. */
    static Did verify(byte[] entry, byte[] manifest) throws VerificationException {
        if (entry == null) {
            return null;
        }
        if (entry.length > MAX_BYTES) {
            throw new VerificationException(
                    Reason.BAD_SIGNATURE, "endorsement: larger than " + MAX_BYTES + " bytes");
        }
        String[] lines = new String(entry, StandardCharsets.US_ASCII).strip().split("\n");
        if (lines.length != 2) {
            throw new VerificationException(
                    Reason.BAD_SIGNATURE, "endorsement: expected a DID line and a signature line");
        }
        Did marketplace;
        byte[] signature;
        try {
            marketplace = Did.of(lines[0].strip());
            signature = Hex.parse(lines[1].strip());
        } catch (IllegalArgumentException e) {
            throw new VerificationException(Reason.BAD_SIGNATURE, "endorsement: " + e.getMessage());
        }
        try {
            SignatureVerifier.verify(marketplace, manifest, signature);
        } catch (VerificationException e) {
            throw new VerificationException(
                    Reason.BAD_SIGNATURE,
                    "endorsement by "
                            + marketplace.value()
                            + " does not verify: "
                            + e.getMessage());
        }
        return marketplace;
    }
}
