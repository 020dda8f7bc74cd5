// SPDX-License-Identifier: Apache-2.0
package io.elastos.chain.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.api.chain.LicenseReceipt;
import io.elastos.api.chain.LicenseStandard;
import io.elastos.api.chain.LicenseTerms;
import io.elastos.api.chain.LicenseVerdict;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

/**
 * Offline receipts signed here with web3j; {@code LicenseChainTest} checks receipts signed by
 * ethers, as wallets sign them.
 */
class ReceiptCheckTest {
    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    static final String CONTRACT = "0x" + "c0".repeat(20);
    static final ECKeyPair ISSUER = ECKeyPair.create(BigInteger.valueOf(0xBEEF));
    static final ECKeyPair OTHER = ECKeyPair.create(BigInteger.valueOf(0xF00D));
    static final String HOLDER = "0x" + "ab".repeat(20);

    private final ReceiptCheck check = new ReceiptCheck(Clock.fixed(NOW, ZoneOffset.UTC));

    static String address(ECKeyPair k) {
        return "0x" + Keys.getAddress(k.getPublicKey()).toLowerCase(Locale.ROOT);
    }

    static LicenseTerms terms(String issuer) {
        return new LicenseTerms(
                20, CONTRACT, LicenseStandard.ERC721, BigInteger.valueOf(7), issuer, false);
    }

    static LicenseReceipt signed(
            ECKeyPair key, String app, String holder, BigInteger token, Instant until) {
        LicenseReceipt unsigned =
                new LicenseReceipt(app, holder, 20, CONTRACT, token, until, new byte[65]);
        Sign.SignatureData s = Sign.signMessage(ReceiptCheck.hash(unsigned), key, false);
        byte[] sig = new byte[65];
        System.arraycopy(s.getR(), 0, sig, 0, 32);
        System.arraycopy(s.getS(), 0, sig, 32, 32);
        sig[64] = s.getV()[0];
        return new LicenseReceipt(app, holder, 20, CONTRACT, token, until, sig);
    }

    private LicenseVerdict verify(LicenseReceipt r, LicenseTerms t) {
        return check.check(t, "org.example.notes", r, List.of(HOLDER));
    }

    @Test
    void aReceiptByTheIssuerForTheOwnersWalletIsValidUntilItsExpiry() throws Exception {
        Instant until = NOW.plusSeconds(86_400);
        LicenseReceipt r =
                signed(ISSUER, "org.example.notes", HOLDER, BigInteger.valueOf(7), until);
        assertEquals(address(ISSUER), ReceiptCheck.signer(r));
        LicenseVerdict v = verify(r, terms(address(ISSUER)));
        assertTrue(v.valid(), v.reason());
        assertEquals(HOLDER, v.holder());
        assertEquals(until, v.expiresAt());
    }

    @Test
    void everyMismatchIsRefusedWithItsReason() {
        Instant until = NOW.plusSeconds(60);
        LicenseTerms t = terms(address(ISSUER));
        assertRefused(
                verify(signed(OTHER, "org.example.notes", HOLDER, BigInteger.valueOf(7), until), t),
                "not by the license issuer");
        assertRefused(
                verify(
                        signed(ISSUER, "org.example.other", HOLDER, BigInteger.valueOf(7), until),
                        t),
                "is for app org.example.other");
        assertRefused(
                verify(
                        signed(
                                ISSUER,
                                "org.example.notes",
                                "0x" + "11".repeat(20),
                                BigInteger.valueOf(7),
                                until),
                        t),
                "not the owner's");
        assertRefused(
                verify(
                        signed(ISSUER, "org.example.notes", HOLDER, BigInteger.valueOf(8), until),
                        t),
                "another license");
        assertRefused(
                verify(signed(ISSUER, "org.example.notes", HOLDER, BigInteger.valueOf(7), NOW), t),
                "expired");
        assertRefused(
                verify(
                        signed(ISSUER, "org.example.notes", HOLDER, BigInteger.valueOf(7), until),
                        terms(null)),
                "accepts no receipts");
    }

    @Test
    void aTamperedFieldOrSignatureDoesNotVerify() {
        Instant until = NOW.plusSeconds(600);
        LicenseReceipt good =
                signed(ISSUER, "org.example.notes", HOLDER, BigInteger.valueOf(7), until);
        // Extending the expiry after signing changes the hash, so another key "signed" it.
        LicenseReceipt extended =
                new LicenseReceipt(
                        good.appId(),
                        good.holder(),
                        20,
                        CONTRACT,
                        good.tokenId(),
                        until.plusSeconds(86_400),
                        good.signature());
        assertRefused(verify(extended, terms(address(ISSUER))), "not by the license issuer");
        // The malleable twin (s' = n - s, v flipped) of a valid signature is refused.
        byte[] sig = good.signature();
        BigInteger n =
                new BigInteger(
                        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);
        BigInteger s = n.subtract(new BigInteger(1, java.util.Arrays.copyOfRange(sig, 32, 64)));
        byte[] sb = s.toByteArray();
        byte[] s32 = new byte[32];
        System.arraycopy(
                sb,
                Math.max(0, sb.length - 32),
                s32,
                Math.max(0, 32 - sb.length),
                Math.min(32, sb.length));
        System.arraycopy(s32, 0, sig, 32, 32);
        sig[64] = (byte) (sig[64] == 27 ? 28 : 27);
        LicenseReceipt twin =
                new LicenseReceipt(
                        good.appId(), good.holder(), 20, CONTRACT, good.tokenId(), until, sig);
        assertRefused(verify(twin, terms(address(ISSUER))), "malformed");
        byte[] junk = new byte[65];
        junk[64] = 27;
        assertRefused(
                verify(
                        new LicenseReceipt(
                                good.appId(),
                                good.holder(),
                                20,
                                CONTRACT,
                                good.tokenId(),
                                until,
                                junk),
                        terms(address(ISSUER))),
                "malformed");
    }

    @Test
    void theTypedDataDocumentIsTheDocumentedOne() {
        LicenseReceipt r = signed(ISSUER, "org.example.notes", HOLDER, BigInteger.valueOf(7), NOW);
        String doc = ReceiptCheck.typedData(r);
        assertTrue(doc.contains("\"primaryType\":\"LicenseReceipt\""), doc);
        assertTrue(doc.contains("{\"name\":\"expiresAt\",\"type\":\"uint64\"}"), doc);
        assertTrue(
                doc.contains("\"name\":\"ElastOS License\",\"version\":\"1\",\"chainId\":20"), doc);
    }

    private static void assertRefused(LicenseVerdict v, String reasonPart) {
        assertFalse(v.valid(), v.reason());
        assertTrue(v.reason().contains(reasonPart), v.reason());
    }
}
