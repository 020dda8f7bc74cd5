// SPDX-License-Identifier: Apache-2.0
package io.elastos.identity.internal.password;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordHasherTest {

    /** Cheap parameters, so the tests that are not about cost run fast. */
    private static final Argon2Cost CHEAP = new Argon2Cost(64, 1, 1);

    private final PasswordHasher cheap = new PasswordHasher(CHEAP);

    @Test
    void argon2idMatchesTheRfc9106TestVector() {
        // RFC 9106 section 5.3: Argon2id, version 0x13, 32 KiB, 3 passes, 4 lanes, with a secret
        // and associated data, so every input of H0 is exercised.
        byte[] password = filled(32, 0x01);
        byte[] salt = filled(16, 0x02);
        byte[] secret = filled(8, 0x03);
        byte[] additional = filled(12, 0x04);

        byte[] tag =
                cheap.argon2id(password, salt, secret, additional, new Argon2Cost(32, 3, 4), 32);

        assertArrayEquals(
                HexFormat.of()
                        .parseHex(
                                "0d640df58d78766c08c037a34a8b53c9"
                                        + "d01ef0452d75b65eb52520e96b01e659"),
                tag);
    }

    @Test
    void verifiesAPhcStringFromTheReferenceImplementation() {
        // From the reference argon2 CLI: echo -n password | argon2 somesalt -id -t 2 -m 16 -p 1.
        // Proves the PHC encoding (unpadded Base64, parameter order) is the one other tools use.
        String reference =
                "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ"
                        + "$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";

        assertTrue(cheap.verify("password".toCharArray(), reference));
        assertFalse(cheap.verify("Password".toCharArray(), reference));
    }

    @Test
    void defaultHashHasTheDocumentedShapeAndVerifies() {
        PasswordHasher hasher = new PasswordHasher();
        char[] password = "correct horse battery staple".toCharArray();

        long start = System.nanoTime();
        String phc = hasher.hash(password);
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("Argon2id " + Argon2Cost.DEFAULT + ": one hash took " + millis + " ms");

        assertTrue(
                phc.matches(
                        "\\$argon2id\\$v=19\\$m=19456,t=2,p=1"
                                + "\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}"),
                phc);
        assertTrue(hasher.verify(password, phc));
        assertFalse(hasher.verify("correct horse battery stapler".toCharArray(), phc));
        assertFalse(hasher.needsRehash(phc));
        assertArrayEquals(
                "correct horse battery staple".toCharArray(),
                password,
                "the caller's array is the caller's to clear");
    }

    @Test
    void everyHashHasItsOwnSalt() {
        char[] password = "correct horse battery staple".toCharArray();
        String a = cheap.hash(password);
        String b = cheap.hash(password);

        assertNotEquals(a, b);
        assertTrue(cheap.verify(password, a));
        assertTrue(cheap.verify(password, b));
    }

    @Test
    void verifyUsesTheRecordedParametersAndWeakHashesAskForARehash() {
        char[] password = "correct horse battery staple".toCharArray();
        String old = cheap.hash(password);
        PasswordHasher current = new PasswordHasher(new Argon2Cost(128, 2, 1));

        assertTrue(current.verify(password, old), "old hashes stay valid after a raise");
        assertTrue(current.needsRehash(old));
        assertFalse(cheap.needsRehash(old));
        assertFalse(cheap.needsRehash(current.hash(password)), "stronger is not a rehash");
        assertTrue(current.needsRehash(shortHash()), "a 16-byte hash is below the 32 made now");
    }

    @Test
    void theBoundsThemselvesAreAccepted() {
        // Parsed only: computing 1 GiB would be the test's own denial of service.
        PhcHash max =
                PhcHash.parse("$argon2id$v=19$m=1048576,t=20,p=16$" + b64(64) + "$" + b64(64));
        assertEquals(new Argon2Cost(1 << 20, 20, 16), max.cost());
        PhcHash min = PhcHash.parse("$argon2id$v=19$m=8,t=1,p=1$" + b64(8) + "$" + b64(16));
        assertEquals(8, min.salt().length);
        assertEquals(16, min.hash().length);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHQ$AAAAAAAAAAAAAAAAAAAAAA",
                "$argon2i$v=19$m=64,t=1,p=1$c29tZXNhbHQ$AAAAAAAAAAAAAAAAAAAAAA",
                "$argon2d$v=19$m=64,t=1,p=1$c29tZXNhbHQ$AAAAAAAAAAAAAAAAAAAAAA",
                "$2b$12$abcdefghijklmnopqrstuu5s2v8.iXieOjg/.AySBTTZIIVFJeBui",
                "$argon2id$v=16$m=64,t=1,p=1$c29tZXNhbHQ$AAAAAAAAAAAAAAAAAAAAAA",
                "$argon2id$m=64,t=1,p=1$c29tZXNhbHQ$AAAAAAAAAAAAAAAAAAAAAA",
                "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHQ$AAAAAAAAAAAAAAAAAAAAAA$",
                "$argon2id$v=19$t=1,m=64,p=1$c29tZXNhbHQ$AAAAAAAAAAAAAAAAAAAAAA",
                "$argon2id$v=19$m=64,t=1,p=1,keyid=x$c29tZXNhbHQ$AAAAAAAAAAAAAAAAAAAAAA",
                "$argon2id$v=19$m=0,t=1,p=1$c29tZXNhbHQ$AAAAAAAAAAAAAAAAAAAAAA",
                "$argon2id$v=19$m=7,t=1,p=1$c29tZXNhbHQ$AAAAAAAAAAAAAAAAAAAAAA",
                "$argon2id$v=19$m=64,t=1,p=9$c29tZXNhbHQ$AAAAAAAAAAAAAAAAAAAAAA",
                "$argon2id$v=19$m=1048577,t=1,p=1$c29tZXNhbHQ$AAAAAAAAAAAAAAAAAAAAAA",
                "$argon2id$v=19$m=4294967296,t=1,p=1$c29tZXNhbHQ$AAAAAAAAAAAAAAAAAAAAAA",
                "$argon2id$v=19$m=064,t=1,p=1$c29tZXNhbHQ$AAAAAAAAAAAAAAAAAAAAAA",
                "$argon2id$v=19$m=+64,t=1,p=1$c29tZXNhbHQ$AAAAAAAAAAAAAAAAAAAAAA",
                "$argon2id$v=19$m=64,t=0,p=1$c29tZXNhbHQ$AAAAAAAAAAAAAAAAAAAAAA",
                "$argon2id$v=19$m=64,t=21,p=1$c29tZXNhbHQ$AAAAAAAAAAAAAAAAAAAAAA",
                "$argon2id$v=19$m=64,t=1,p=0$c29tZXNhbHQ$AAAAAAAAAAAAAAAAAAAAAA",
                "$argon2id$v=19$m=1024,t=1,p=17$c29tZXNhbHQ$AAAAAAAAAAAAAAAAAAAAAA",
                "$argon2id$v=19$m=64,t=1,p=1$c2FsdHk$AAAAAAAAAAAAAAAAAAAAAA",
                "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHQ$AAAAAAAAAAAAAAAAAAAA",
                "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHQ=$AAAAAAAAAAAAAAAAAAAAAA",
                "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHR$AAAAAAAAAAAAAAAAAAAAAA",
                "$argon2id$v=19$m=64,t=1,p=1$c29tZXNh-HQ$AAAAAAAAAAAAAAAAAAAAAA",
                "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHQ$AAAAAAAAAAAAAAAAAAAAA",
                "$argon2id$v=19$m=64,t=1,p=1$$AAAAAAAAAAAAAAAAAAAAAA",
            })
    void malformedOrAbsurdStoredHashesAreRefused(String phc) {
        char[] password = "password".toCharArray();
        assertThrows(IllegalArgumentException.class, () -> cheap.verify(password, phc));
        assertThrows(IllegalArgumentException.class, () -> cheap.needsRehash(phc));
    }

    @Test
    void oversizedAndMissingHashesAreRefused() {
        String huge = "$argon2id$v=19$m=64,t=1,p=1$" + b64(8) + "$" + "A".repeat(100_000);
        assertThrows(IllegalArgumentException.class, () -> cheap.verify(new char[1], huge));
        assertThrows(IllegalArgumentException.class, () -> cheap.verify(new char[1], null));
        String bigSalt = "$argon2id$v=19$m=64,t=1,p=1$" + b64(65) + "$" + b64(32);
        assertThrows(IllegalArgumentException.class, () -> cheap.verify(new char[1], bigSalt));
    }

    @Test
    void refusalsDoNotEchoTheStoredHash() {
        String phc = "$argon2id$v=19$m=64,t=0,p=1$c29tZXNhbHQ$AAAAAAAAAAAAAAAAAAAAAA";
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> cheap.verify("password".toCharArray(), phc));
        assertFalse(e.getMessage().contains("c29tZXNhbHQ"), e.getMessage());
    }

    @Test
    void differentlyComposedAccentsAreTheSamePassword() {
        char[] composed = "caf\u00e9 au lait please".toCharArray();
        char[] decomposed = "cafe\u0301 au lait please".toCharArray();

        String phc = cheap.hash(decomposed);

        assertTrue(cheap.verify(composed, phc));
        assertTrue(cheap.verify(decomposed, phc));
    }

    @Test
    void unpairedSurrogatesAreNotPasswords() {
        char[] broken = "abc\ud800defghijk".toCharArray();
        String phc = cheap.hash("abc?defghijk".toCharArray());

        assertThrows(IllegalArgumentException.class, () -> cheap.hash(broken));
        assertFalse(cheap.verify(broken, phc));
        assertFalse(cheap.verifyDummy(broken));
    }

    @Test
    void dummyVerificationAlwaysFails() {
        assertFalse(cheap.verifyDummy("correct horse battery staple".toCharArray()));
        assertFalse(cheap.verifyDummy(new char[0]));
    }

    @Test
    void concurrentHashesAreIndependent() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results =
                    java.util.stream.IntStream.range(0, 32)
                            .mapToObj(i ->
                                    pool.submit(() -> {
                                        char[] pw = ("password-" + i).toCharArray();
                                        String phc = cheap.hash(pw);
                                        return cheap.verify(pw, phc)
                                                && !cheap.verify(
                                                        ("password-" + (i + 1)).toCharArray(), phc);
                                    }))
                            .toList();
            for (Future<Boolean> result : results) {
                assertTrue(result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void costOutsideTheBoundsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Argon2Cost(7, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Argon2Cost(1 << 21, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Argon2Cost(64, 21, 1));
        assertThrows(IllegalArgumentException.class, () -> new Argon2Cost(1024, 1, 17));
    }

    @Test
    void strongEnoughPasswordsPass() {
        PasswordHasher hasher = new PasswordHasher();
        for (String ok :
                List.of(
                        "correct horse battery staple",
                        "tr0ub4dor&3x",
                        "aaaaaaaaab",
                        "\ud83d\udd11".repeat(9) + "x")) {
            assertDoesNotThrow(() -> hasher.checkStrength(ok.toCharArray()), ok);
        }
    }

    @Test
    void weakPasswordsAreRefusedWithAReason() {
        PasswordHasher hasher = new PasswordHasher();
        assertReason(hasher, "short1234", "at least 10");
        assertReason(hasher, "", "at least 10");
        // Five emoji are ten chars but five characters.
        assertReason(hasher, "\ud83d\udd11".repeat(5), "at least 10");
        assertReason(hasher, "x".repeat(1025), "at most 1024");
        assertReason(hasher, "zzzzzzzzzzzz", "single character");
        assertReason(hasher, "\ud83d\udd11".repeat(12), "single character");
        assertReason(hasher, "Password123", "most common");
        assertReason(hasher, "QWERTYUIOP", "most common");
        assertThrows(IllegalArgumentException.class, () -> hasher.checkStrength(null));
    }

    @Test
    void theBlocklistOnlyHoldsLowerCaseEntriesLongEnoughToMatter() {
        for (String common : PasswordPolicy.COMMON) {
            assertEquals(common.toLowerCase(java.util.Locale.ROOT), common);
            assertTrue(common.length() >= PasswordPolicy.MIN_LENGTH, common);
            assertThrows(
                    IllegalArgumentException.class,
                    () -> PasswordPolicy.check(common.toCharArray()));
        }
        assertEquals(
                PasswordPolicy.COMMON.size(),
                PasswordPolicy.COMMON.stream().distinct().count(),
                "no duplicates");
    }

    private static void assertReason(PasswordHasher hasher, String password, String reason) {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> hasher.checkStrength(password.toCharArray()));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static String b64(int bytes) {
        return java.util.Base64.getEncoder().withoutPadding().encodeToString(new byte[bytes]);
    }

    private String shortHash() {
        return "$argon2id$v=19$m=128,t=2,p=1$" + b64(16) + "$" + b64(16);
    }
}
