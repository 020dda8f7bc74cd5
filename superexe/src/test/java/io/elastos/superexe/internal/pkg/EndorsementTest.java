// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.pkg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.api.superexe.VerificationException;
import io.elastos.api.superexe.VerificationException.Reason;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EndorsementTest {

    private static final byte[] MANIFEST = "{\"format\":1}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aRealEndorsementNamesItsMarketplace() throws Exception {
        PublisherKey market = KeyFiles.generate(PublisherKey.Type.ED25519, 0);
        assertEquals(
                market.did(), Endorsement.verify(Endorsement.create(market, MANIFEST), MANIFEST));
        assertNull(Endorsement.verify(null, MANIFEST));
    }

    @Test
    void endorsementsInAnotherMarketplacesNameOrOverOtherBytesAreRefused() {
        PublisherKey market = KeyFiles.generate(PublisherKey.Type.SECP256K1, 1);
        PublisherKey forger = KeyFiles.generate(PublisherKey.Type.SECP256K1, 1);
        String forged = market.did().value() + "\n" + Hex.of(forger.sign(MANIFEST)) + "\n";
        VerificationException e =
                assertThrows(
                        VerificationException.class,
                        () ->
                                Endorsement.verify(
                                        forged.getBytes(StandardCharsets.US_ASCII), MANIFEST));
        assertEquals(Reason.BAD_SIGNATURE, e.reason());
        assertTrue(e.getMessage().contains(market.did().value()), e.getMessage());

        byte[] other =
                Endorsement.create(market, "{\"format\":2}".getBytes(StandardCharsets.UTF_8));
        assertEquals(
                Reason.BAD_SIGNATURE,
                assertThrows(VerificationException.class, () -> Endorsement.verify(other, MANIFEST))
                        .reason());
        assertEquals(
                Reason.BAD_SIGNATURE,
                assertThrows(
                                VerificationException.class,
                                () ->
                                        Endorsement.verify(
                                                "only one line".getBytes(StandardCharsets.US_ASCII),
                                                MANIFEST))
                        .reason());
    }
}
