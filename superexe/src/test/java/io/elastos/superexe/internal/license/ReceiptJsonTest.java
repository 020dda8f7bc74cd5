// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.license;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.api.chain.LicenseReceipt;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReceiptJsonTest {
    static final String A = "0x" + "ab".repeat(20);
    static final String SIG = "0x" + "1c".repeat(65);

    static String json(String extra, Object tokenId, Object expiresAt, String sig) {
        return "{\"appId\":\"org.example.notes\",\"holder\":\"%s\",\"chainId\":20,\"contract\":\"%s\","
                        .formatted(A, A)
                + "\"tokenId\":"
                + tokenId
                + ",\"expiresAt\":"
                + expiresAt
                + ",\"signature\":\""
                + sig
                + "\""
                + extra
                + "}";
    }

    @Test
    void roundTrips() {
        LicenseReceipt r = ReceiptJson.parse(json("", "\"42\"", 1_900_000_000L, SIG));
        assertEquals(BigInteger.valueOf(42), r.tokenId());
        assertEquals(Instant.ofEpochSecond(1_900_000_000L), r.expiresAt());
        assertEquals(0x1c, r.signature()[64]);
        LicenseReceipt again = ReceiptJson.parse(ReceiptJson.write(r));
        assertEquals(r.appId(), again.appId());
        assertEquals(r.expiresAt(), again.expiresAt());
        assertEquals(ReceiptJson.write(r), ReceiptJson.write(again));
    }

    @Test
    void malformedReceiptsAreRefusedWithTheirReason() {
        String[][] bad = {
            {json(",\"x\":1", "\"1\"", 1, SIG), "unknown receipt field 'x'"},
            {json("", "1", 1, SIG), "tokenId must be a decimal string"},
            {json("", "\"01\"", 1, SIG), "tokenId must be a decimal string"},
            {json("", "\"1\"", -1, SIG), "'expiresAt' must be a non-negative integer"},
            {json("", "\"1\"", 1.5, SIG), "'expiresAt' must be a non-negative integer"},
            {json("", "\"1\"", 1, "0x12"), "130 hex digits"},
            {json("", "\"1\"", "99999999999999999999", SIG), "'expiresAt'"},
            {"[1]", "JSON object"},
            {"{", "not valid JSON"},
        };
        for (String[] b : bad) {
            IllegalArgumentException e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> ReceiptJson.parse(b[0].getBytes(StandardCharsets.UTF_8)),
                            b[0]);
            assertTrue(e.getMessage().contains(b[1]), e.getMessage() + " / expected " + b[1]);
        }
        assertThrows(IllegalArgumentException.class, () -> ReceiptJson.parse(new byte[4097]));
        assertThrows(
                IllegalArgumentException.class,
                () -> ReceiptJson.parse(json("", "\"1\"", 300_000_000_000L, SIG)));
    }
}
