// SPDX-License-Identifier: Apache-2.0
package io.elastos.identity.internal.siwe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.api.chain.ChainException;
import io.elastos.api.chain.SignatureChecker;
import io.elastos.api.identity.AuthenticationException;
import io.elastos.api.identity.AuthenticationException.Reason;
import io.elastos.api.identity.Did;
import io.elastos.chain.internal.Web3jLicenseChecker;
import io.elastos.chain.testing.LocalChain;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sign-in attacks against the verifier, with real signatures: messages are built and signed by the
 * npm {@code siwe} and {@code ethers} packages, EOA signatures are recovered by the chain bundle's
 * real checker, and smart-account signatures are checked by ERC-1271 on a real local chain.
 */
class SiweVerifierTest {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final String DOMAIN = "nas.local:8443";
    static final String ORIGIN = "https://nas.local:8443";
    static final String LOGIN_URI = ORIGIN + "/api/auth/siwe";

    /** secp256k1's group order: s and n - s are the two valid halves of one signature. */
    static final BigInteger CURVE_ORDER =
            new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);

    static LocalChain chain;
    static Web3jLicenseChecker checker;
    static long chainId;
    static LocalChain.Account alice;
    static LocalChain.Account mallory;
    static LocalChain.Account owner;
    static String smartAccount;

    final Set<String> issued = ConcurrentHashMap.newKeySet();
    final List<String> consumed = new ArrayList<>();
    SiweVerifier verifier;

    @BeforeAll
    static void start() {
        if (System.getProperty(LocalChain.EVM_DIR_PROPERTY) == null) {
            System.setProperty(
                    LocalChain.EVM_DIR_PROPERTY,
                    Path.of("../chain/src/test/evm").toAbsolutePath().normalize().toString());
        }
        chain = LocalChain.start();
        chainId = chain.chainId();
        checker = new Web3jLicenseChecker(Clock.systemUTC());
        checker.configure(
                chainId + "=" + chain.rpcUrl(), Duration.ofSeconds(2), 2, 50, Duration.ZERO);
        alice = chain.account(1);
        mallory = chain.account(2);
        owner = chain.account(3);
        smartAccount = chain.contract("account");
    }

    @AfterAll
    static void stop() {
        if (checker != null) {
            checker.deactivate();
        }
        if (chain != null) {
            chain.close();
        }
    }

    @BeforeEach
    void newVerifier() {
        verifier = new SiweVerifier(checker);
    }

    // ---------------------------------------------------------------------------- accepted

    @Test
    void anEoaSignsInAsItsDidPkh() throws Exception {
        SiweSigner.Signed s = sign(alice, fields());
        assertEquals(
                Did.of("did:pkh:eip155:" + chainId + ":" + alice.address()),
                verifier.verify(s.message(), s.signature(), expectations()));
        assertEquals(1, consumed.size());
    }

    @Test
    void everyOptionalFieldIsAccepted() throws Exception {
        Map<String, Object> f = fields();
        f.put("scheme", "https");
        f.put("statement", "Sign in to your NAS.");
        f.put("expirationTime", "2026-03-01T12:05:00.000Z");
        f.put("notBefore", "2026-03-01T11:59:00.000Z");
        f.put("requestId", "7f3a");
        f.put("resources", List.of(ORIGIN + "/apps"));
        SiweSigner.Signed s = sign(alice, f);
        assertEquals(
                Did.pkh(chainId, alice.address()),
                verifier.verify(s.message(), s.signature(), expectations()));
    }

    @Test
    void theDefaultPortMayBeWrittenOrLeftOut() throws Exception {
        Map<String, Object> f = fields();
        f.put("domain", "nas.local:443");
        f.put("uri", "https://NAS.local/login");
        SiweSigner.Signed s = sign(alice, f);
        SiweVerifier.Expectations e =
                new SiweVerifier.Expectations(
                        "nas.local",
                        "https://nas.local",
                        Set.of(chainId),
                        this::consume,
                        Clock.fixed(NOW, ZoneOffset.UTC),
                        SiweVerifier.DEFAULT_MAX_CLOCK_SKEW);
        assertEquals(
                Did.pkh(chainId, alice.address()), verifier.verify(s.message(), s.signature(), e));
    }

    @Test
    void aWalletClockSlightlyAheadIsTolerated() throws Exception {
        Map<String, Object> f = fields();
        f.put("issuedAt", "2026-03-01T12:00:59.000Z");
        f.put("notBefore", "2026-03-01T12:00:30.000Z");
        SiweSigner.Signed s = sign(alice, f);
        verifier.verify(s.message(), s.signature(), expectations());
    }

    // ---------------------------------------------------------------------------- nonces

    @Test
    void aReplayedLoginIsRefused() throws Exception {
        SiweSigner.Signed s = sign(alice, fields());
        verifier.verify(s.message(), s.signature(), expectations());
        assertRefused(
                Reason.INVALID_NONCE, s, "was not issued by this node, is spent or has expired");
    }

    @Test
    void anUnknownNonceIsRefused() {
        Map<String, Object> f = fields();
        f.put("nonce", "NeverIssued1");
        assertRefused(Reason.INVALID_NONCE, sign(alice, f), "nonce NeverIssued1");
    }

    @Test
    void aNonceIssuedToAnotherSessionIsRefused() {
        // Nonce0001 was issued to this test's session; the login is tried in another session,
        // whose check knows only its own nonce.
        Set<String> otherSession = ConcurrentHashMap.newKeySet();
        otherSession.add("OtherSession42");
        SiweVerifier.Expectations elsewhere =
                new SiweVerifier.Expectations(
                        DOMAIN,
                        ORIGIN,
                        Set.of(chainId),
                        otherSession::remove,
                        Clock.fixed(NOW, ZoneOffset.UTC),
                        SiweVerifier.DEFAULT_MAX_CLOCK_SKEW);
        SiweSigner.Signed s = sign(alice, fields());
        AuthenticationException e =
                assertThrows(
                        AuthenticationException.class,
                        () -> verifier.verify(s.message(), s.signature(), elsewhere));
        assertEquals(Reason.INVALID_NONCE, e.reason());
        assertTrue(otherSession.contains("OtherSession42"), "the other session keeps its nonce");
        assertTrue(issued.contains("Nonce0001"), "and this one keeps its own");
    }

    // ---------------------------------------------------------------------------- scope

    @Test
    void aMessageForAnotherDomainIsRefusedWithoutSpendingTheNonce() {
        Map<String, Object> f = fields();
        f.put("domain", "evil.example");
        assertRefused(Reason.DOMAIN_MISMATCH, sign(alice, f), "domain 'evil.example'");
        assertTrue(consumed.isEmpty(), "a message for another site must not touch our nonces");
        assertTrue(issued.contains("Nonce0001"));
    }

    @Test
    void anotherPortIsAnotherDomain() {
        Map<String, Object> f = fields();
        f.put("domain", "nas.local:9443");
        assertRefused(Reason.DOMAIN_MISMATCH, sign(alice, f), "domain 'nas.local:9443'");
    }

    @Test
    void anotherSchemeIsRefused() {
        Map<String, Object> f = fields();
        f.put("scheme", "http");
        assertRefused(Reason.DOMAIN_MISMATCH, sign(alice, f), "scheme 'http'");
    }

    @Test
    void userInfoInTheDomainIsRefused() {
        Map<String, Object> f = fields();
        f.put("domain", "nas.local:8443@evil.example");
        assertRefused(Reason.DOMAIN_MISMATCH, sign(alice, f), "is not the node's");
    }

    @Test
    void aUriOnAnotherOriginIsRefused() {
        for (String uri :
                List.of(
                        "https://evil.example/api/auth/siwe",
                        "https://nas.local:9443/api/auth/siwe",
                        "http://nas.local:8443/api/auth/siwe",
                        "https://user@nas.local:8443/api/auth/siwe",
                        "urn:nas.local:8443")) {
            Map<String, Object> f = fields();
            f.put("uri", uri);
            assertRefused(Reason.DOMAIN_MISMATCH, sign(alice, f), "URI '" + uri + "'");
        }
    }

    @Test
    void anotherChainIsRefused() {
        Map<String, Object> f = fields();
        f.put("chainId", 1);
        assertRefused(
                Reason.DOMAIN_MISMATCH,
                sign(alice, f),
                "chain id 1 is not one this node accepts [" + chainId + "]");
    }

    // ---------------------------------------------------------------------------- time

    @Test
    void anExpiredMessageIsRefused() {
        Map<String, Object> f = fields();
        f.put("expirationTime", "2026-03-01T12:00:00.000Z");
        assertRefused(Reason.EXPIRED, sign(alice, f), "expired at 2026-03-01T12:00:00Z");
    }

    @Test
    void aMessageNotYetValidIsRefused() {
        Map<String, Object> f = fields();
        f.put("notBefore", "2026-03-01T12:01:01.000Z");
        assertRefused(Reason.EXPIRED, sign(alice, f), "not valid before 2026-03-01T12:01:01Z");
    }

    @Test
    void aMessageIssuedInTheFutureIsRefused() {
        Map<String, Object> f = fields();
        f.put("issuedAt", "2026-03-01T12:01:01.000Z");
        assertRefused(Reason.EXPIRED, sign(alice, f), "issued in the future");
    }

    // ---------------------------------------------------------------------------- signatures

    @Test
    void aSignatureByAnotherKeyIsRefused() {
        Map<String, Object> f = fields();
        f.put("address", alice.address());
        SiweSigner.Signed s = sign(mallory, f);
        assertRefused(
                Reason.BAD_SIGNATURE,
                s,
                "recovers to " + mallory.address() + ", not " + alice.address());
        assertEquals(List.of("Nonce0001"), consumed, "a refused signature still spends the nonce");
    }

    @Test
    void aMalleatedHighSSignatureIsRefused() throws Exception {
        SiweSigner.Signed s = sign(alice, fields());
        byte[] high = malleate(s.signature());
        issued.add("Nonce0001");
        assertRefused(Reason.BAD_SIGNATURE, s.message(), high, "recovers no key");
        // The low-s original of the same signature is fine.
        issued.add("Nonce0001");
        verifier.verify(s.message(), s.signature(), expectations());
    }

    @Test
    void aTamperedMessageIsRefused() {
        Map<String, Object> f = fields();
        f.put("statement", "Sign in read-only.");
        SiweSigner.Signed s = sign(alice, f);
        String tampered = s.message().replace("read-only", "as admin");
        assertRefused(Reason.BAD_SIGNATURE, tampered, s.signature(), "not " + alice.address());
    }

    @Test
    void aTruncatedSignedMessageIsRefused() {
        SiweSigner.Signed full = sign(alice, fields());
        String truncated = full.message().substring(0, full.message().indexOf("\nIssued At"));
        SiweSigner.Signed s = SiweSigner.signText(alice.privateKey(), truncated);
        assertRefused(Reason.MALFORMED_MESSAGE, s, "truncated");
    }

    @Test
    void aSignedMessageWithAnExtraTrailingLineIsRefused() {
        SiweSigner.Signed full = sign(alice, fields());
        SiweSigner.Signed s =
                SiweSigner.signText(alice.privateKey(), full.message() + "\nAdmin: true");
        assertRefused(Reason.MALFORMED_MESSAGE, s, "unexpected text after the last field");
        assertTrue(consumed.isEmpty());
    }

    @Test
    void emptyAndOversizedSignaturesAreRefused() {
        SiweSigner.Signed s = sign(alice, fields());
        assertRefused(Reason.BAD_SIGNATURE, s.message(), new byte[0], "signature of 0 bytes");
        issued.add("Nonce0001");
        assertRefused(
                Reason.BAD_SIGNATURE,
                s.message(),
                new byte[SiweVerifier.MAX_SIGNATURE_BYTES + 1],
                "signature of 8193 bytes");
    }

    // ---------------------------------------------------------------------------- ERC-1271

    @Test
    void aSmartAccountSignsInThroughItsOwnerAsTheAccountItself() throws Exception {
        Map<String, Object> f = fields();
        f.put("address", smartAccount);
        SiweSigner.Signed s = sign(owner, f);
        assertEquals(
                Did.pkh(chainId, smartAccount),
                verifier.verify(s.message(), s.signature(), expectations()));
    }

    @Test
    void aSmartAccountRefusesAnotherKeysSignature() {
        Map<String, Object> f = fields();
        f.put("address", smartAccount);
        assertRefused(
                Reason.BAD_SIGNATURE, sign(mallory, f), "is no ERC-1271 contract that accepts it");
    }

    @Test
    void aSignatureValidOnlyThroughTheSmartAccountDoesNotProveAnEoa() {
        Map<String, Object> f = fields();
        f.put("address", alice.address());
        SiweSigner.Signed s = sign(owner, f);
        // The premise: the smart account does accept this signature for this message's hash...
        byte[] hash = Keccak256.eip191(s.message().getBytes(StandardCharsets.UTF_8));
        assertEquals(
                "0x1626ba7e",
                chain.call(
                        "account",
                        "isValidSignature(bytes32,bytes) returns (bytes4)",
                        hash,
                        s.signature()));
        // ...but the message names Alice, and only Alice can vouch for Alice.
        assertRefused(
                Reason.BAD_SIGNATURE,
                s,
                alice.address() + " on chain " + chainId + " is no ERC-1271 contract");
    }

    @Test
    void aPausedChainMakesSmartAccountLoginsUnavailable() {
        Map<String, Object> f = fields();
        f.put("address", smartAccount);
        SiweSigner.Signed s = sign(owner, f);
        chain.pause();
        try {
            assertRefused(Reason.CHAIN_UNAVAILABLE, s, "chain unreachable");
        } finally {
            chain.resume();
        }
    }

    @Test
    void anEoaNeedsNoChain() throws Exception {
        SiweSigner.Signed s = sign(alice, fields());
        chain.pause();
        try {
            assertEquals(
                    Did.pkh(chainId, alice.address()),
                    verifier.verify(s.message(), s.signature(), expectations()));
        } finally {
            chain.resume();
        }
    }

    /**
     * A contract that answers the ERC-1271 magic value for every hash proves its own address, never
     * another's: the verifier asks only the message's account.
     */
    @Test
    void anAccountThatApprovesEverythingProvesOnlyItself() throws Exception {
        String approvesAll = "0x" + "ab".repeat(20);
        List<String> asked = new ArrayList<>();
        SignatureChecker yesMan =
                new SignatureChecker() {
                    @Override
                    public boolean isValidSignature(
                            long id, String account, byte[] hash, byte[] signature) {
                        asked.add(account);
                        return account.equals(approvesAll);
                    }

                    @Override
                    public Optional<String> recoverPersonalSign(byte[] message, byte[] signature) {
                        return checker.recoverPersonalSign(message, signature);
                    }
                };
        SiweVerifier lenient = new SiweVerifier(yesMan);

        Map<String, Object> f = fields();
        f.put("address", alice.address());
        SiweSigner.Signed forAlice = sign(mallory, f);
        AuthenticationException e =
                assertThrows(
                        AuthenticationException.class,
                        () ->
                                lenient.verify(
                                        forAlice.message(), forAlice.signature(), expectations()));
        assertEquals(Reason.BAD_SIGNATURE, e.reason());
        assertEquals(List.of(alice.address()), asked, "only the message's account is asked");

        issued.add("Nonce0001");
        f.put("address", approvesAll);
        SiweSigner.Signed forItself = sign(mallory, f);
        assertEquals(
                Did.pkh(chainId, approvesAll),
                lenient.verify(forItself.message(), forItself.signature(), expectations()));
    }

    @Test
    void aChainErrorIsNotABadSignature() {
        SignatureChecker broken =
                new SignatureChecker() {
                    @Override
                    public boolean isValidSignature(
                            long id, String account, byte[] hash, byte[] signature)
                            throws ChainException {
                        throw new ChainException("eth_call answered oddly", false);
                    }

                    @Override
                    public Optional<String> recoverPersonalSign(byte[] message, byte[] signature) {
                        return Optional.empty();
                    }
                };
        Map<String, Object> f = fields();
        f.put("address", smartAccount);
        SiweSigner.Signed s = sign(owner, f);
        AuthenticationException e =
                assertThrows(
                        AuthenticationException.class,
                        () ->
                                new SiweVerifier(broken)
                                        .verify(s.message(), s.signature(), expectations()));
        assertEquals(Reason.CHAIN_UNAVAILABLE, e.reason());
        assertTrue(e.getMessage().contains("chain error"), e.getMessage());
    }

    // ---------------------------------------------------------------------------- expectations

    @Test
    void expectationsMustBeWellFormed() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        Duration skew = SiweVerifier.DEFAULT_MAX_CLOCK_SKEW;
        SiweVerifier.NonceCheck nonces = n -> false;
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        new SiweVerifier.Expectations(
                                "a@nas", ORIGIN, Set.of(1L), nonces, clock, skew));
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        new SiweVerifier.Expectations(
                                DOMAIN, ORIGIN + "/login", Set.of(1L), nonces, clock, skew));
        assertThrows(
                IllegalArgumentException.class,
                () -> new SiweVerifier.Expectations(DOMAIN, ORIGIN, Set.of(), nonces, clock, skew));
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        new SiweVerifier.Expectations(
                                DOMAIN, ORIGIN, Set.of(0L), nonces, clock, skew));
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        new SiweVerifier.Expectations(
                                DOMAIN, ORIGIN, Set.of(1L), nonces, clock, skew.negated()));
    }

    // ---------------------------------------------------------------------------- helpers

    /** The fields of a valid login for this node, nonce {@code Nonce0001}, which is issued. */
    private Map<String, Object> fields() {
        issued.add("Nonce0001");
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("domain", DOMAIN);
        f.put("uri", LOGIN_URI);
        f.put("chainId", chainId);
        f.put("nonce", "Nonce0001");
        f.put("issuedAt", "2026-03-01T11:59:50.000Z");
        return f;
    }

    private SiweVerifier.Expectations expectations() {
        return new SiweVerifier.Expectations(
                DOMAIN,
                ORIGIN,
                Set.of(chainId),
                this::consume,
                Clock.fixed(NOW, ZoneOffset.UTC),
                SiweVerifier.DEFAULT_MAX_CLOCK_SKEW);
    }

    private synchronized boolean consume(String nonce) {
        consumed.add(nonce);
        return issued.remove(nonce);
    }

    private static SiweSigner.Signed sign(LocalChain.Account signer, Map<String, Object> fields) {
        return SiweSigner.sign(signer.privateKey(), fields);
    }

    private void assertRefused(Reason reason, SiweSigner.Signed s, String detail) {
        assertRefused(reason, s.message(), s.signature(), detail);
    }

    private void assertRefused(Reason reason, String message, byte[] signature, String detail) {
        AuthenticationException e =
                assertThrows(
                        AuthenticationException.class,
                        () -> verifier.verify(message, signature, expectations()));
        assertEquals(reason, e.reason(), e.getMessage());
        assertTrue(
                e.getMessage().contains(detail),
                () -> "expected '" + detail + "' in: " + e.getMessage());
    }

    /** The other valid-looking form of an ECDSA signature: (r, n - s) with the parity flipped. */
    private static byte[] malleate(byte[] signature) {
        assertEquals(65, signature.length);
        byte[] out = signature.clone();
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
        byte[] highS = CURVE_ORDER.subtract(s).toByteArray();
        byte[] padded = new byte[32];
        int n = Math.min(highS.length, 32);
        System.arraycopy(highS, highS.length - n, padded, 32 - n, n);
        System.arraycopy(padded, 0, out, 32, 32);
        out[64] = (byte) (signature[64] == 27 ? 28 : 27);
        assertFalse(HexFormat.of().formatHex(out).equals(HexFormat.of().formatHex(signature)));
        assertTrue(new BigInteger(1, padded).compareTo(CURVE_ORDER.shiftRight(1)) > 0);
        return out;
    }
}
