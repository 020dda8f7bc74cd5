// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LicenseTermsTest {

    private static final String CONTRACT = "0xBC4CA0EdA7647A8aB7C2061c2E118A18a936f13D";

    @Test
    void normalizesTheContractAddress() {
        LicenseTerms t = new LicenseTerms(1, CONTRACT, LicenseStandard.ERC721, BigInteger.ONE);
        assertEquals(CONTRACT.toLowerCase(), t.contract());
        assertEquals(
                t,
                new LicenseTerms(
                        1, CONTRACT.toLowerCase(), LicenseStandard.ERC721, BigInteger.ONE));
    }

    @Test
    void tokenIdIsOptionalOnlyWhereTheStandardAllows() {
        assertNull(new LicenseTerms(1, CONTRACT, LicenseStandard.ERC721, null).tokenId());
        new LicenseTerms(1, CONTRACT, LicenseStandard.UNLOCK, null);
        new LicenseTerms(1, CONTRACT, LicenseStandard.ERC2981, null);
        for (LicenseStandard s :
                new LicenseStandard[] {
                    LicenseStandard.ERC1155, LicenseStandard.ERC4907, LicenseStandard.ERC5643
                }) {
            assertThrows(
                    IllegalArgumentException.class, () -> new LicenseTerms(1, CONTRACT, s, null));
        }
    }

    @Test
    void refusesMalformedTerms() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new LicenseTerms(0, CONTRACT, LicenseStandard.ERC721, null));
        assertThrows(
                IllegalArgumentException.class,
                () -> new LicenseTerms(1, "0x1234", LicenseStandard.ERC721, null));
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        new LicenseTerms(
                                1, CONTRACT, LicenseStandard.ERC721, BigInteger.valueOf(-1)));
        BigInteger max = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
        new LicenseTerms(1, CONTRACT, LicenseStandard.ERC1155, max);
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        new LicenseTerms(
                                1, CONTRACT, LicenseStandard.ERC1155, max.add(BigInteger.ONE)));
        assertThrows(
                NullPointerException.class,
                () -> new LicenseTerms(1, CONTRACT, null, BigInteger.ONE));
    }

    @Test
    void onlyRoyaltiesAreNotEnforced() {
        for (LicenseStandard s : LicenseStandard.values()) {
            assertEquals(s != LicenseStandard.ERC2981, s.enforced(), s.name());
        }
    }

    @Test
    void verdictHoldsUntilItsExpiry() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        Instant end = t0.plusSeconds(3600);
        LicenseVerdict rental =
                new LicenseVerdict(true, "user of token 1", end, t0, "0x" + "a".repeat(40));
        assertTrue(rental.validAt(t0));
        assertTrue(rental.validAt(end.minusMillis(1)));
        assertFalse(rental.validAt(end));
        assertTrue(
                new LicenseVerdict(true, "owner", null, t0, null).validAt(t0.plusSeconds(1 << 30)));
        assertFalse(new LicenseVerdict(false, "not held", null, t0, null).validAt(t0));
        assertThrows(
                IllegalArgumentException.class,
                () -> new LicenseVerdict(false, " ", null, t0, null));
        assertThrows(
                NullPointerException.class, () -> new LicenseVerdict(true, "x", null, null, null));
    }

    @Test
    void issuerIsNormalizedAndChecked() {
        String issuer = "0x" + "AB".repeat(20);
        LicenseTerms t =
                new LicenseTerms(
                        20,
                        "0x" + "1".repeat(40),
                        LicenseStandard.ERC4907,
                        BigInteger.ONE,
                        issuer,
                        true);
        assertEquals(issuer.toLowerCase(java.util.Locale.ROOT), t.issuer());
        assertTrue(t.ownerMayRunWhileRented());
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        new LicenseTerms(
                                20,
                                "0x" + "1".repeat(40),
                                LicenseStandard.ERC721,
                                null,
                                "0x12",
                                false));
        assertFalse(
                new LicenseTerms(1, "0x" + "1".repeat(40), LicenseStandard.ERC721, null)
                        .ownerMayRunWhileRented());
    }

    @Test
    void receiptRejectsMalformedParts() {
        String a = "0x" + "C".repeat(40);
        Instant t = Instant.ofEpochSecond(2_000_000_000L);
        LicenseReceipt r =
                new LicenseReceipt("org.x.app", a, 1, a, BigInteger.TWO, t, new byte[65]);
        assertEquals(a.toLowerCase(java.util.Locale.ROOT), r.holder());
        byte[] sig = r.signature();
        sig[0] = 9;
        assertEquals(0, r.signature()[0], "the record keeps its own copy");
        assertThrows(
                IllegalArgumentException.class,
                () -> new LicenseReceipt("org.x.app", a, 1, a, BigInteger.TWO, t, new byte[64]));
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        new LicenseReceipt(
                                "org.x.app",
                                a,
                                1,
                                a,
                                BigInteger.TWO,
                                t.plusMillis(1),
                                new byte[65]));
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        new LicenseReceipt(
                                "org.x.app", "0x1", 1, a, BigInteger.TWO, t, new byte[65]));
        assertEquals("5.00% to " + a, new Royalty(a, 500).toString());
    }

    @Test
    void chainExceptionTellsUnreachableFromRefused() {
        assertTrue(new ChainException("timeout", true).unreachable());
        assertFalse(new ChainException("reverted", false, new RuntimeException()).unreachable());
    }
}
