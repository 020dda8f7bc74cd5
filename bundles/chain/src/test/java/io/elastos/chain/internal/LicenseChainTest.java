// SPDX-License-Identifier: Apache-2.0
package io.elastos.chain.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.api.chain.ChainException;
import io.elastos.api.chain.LicenseReceipt;
import io.elastos.api.chain.LicenseStandard;
import io.elastos.api.chain.LicenseTerms;
import io.elastos.api.chain.LicenseVerdict;
import io.elastos.api.chain.Royalty;
import io.elastos.api.node.HealthStatus;
import io.elastos.chain.testing.LocalChain;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;

/**
 * Every license standard against a real local chain (ganache) with real contracts compiled by solc
 * and driven by ethers; time moves with the chain's own controls.
 */
class LicenseChainTest {
    static LocalChain chain;
    static Web3jLicenseChecker checker;
    static String deployer;
    static String owner;
    static String other;

    @BeforeAll
    static void start() throws Exception {
        chain = LocalChain.start();
        checker = new Web3jLicenseChecker(Clock.systemUTC());
        // No cache: each check must see the chain's state after the last transaction.
        checker.configure(
                chain.chainId() + "=" + chain.rpcUrl(),
                Duration.ofSeconds(2),
                2,
                50,
                Duration.ZERO);
        deployer = chain.account(0).address().toLowerCase(Locale.ROOT);
        owner = chain.account(1).address().toLowerCase(Locale.ROOT);
        other = chain.account(2).address().toLowerCase(Locale.ROOT);
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

    private static LicenseTerms terms(String contract, LicenseStandard s, Integer token) {
        return new LicenseTerms(
                chain.chainId(),
                chain.contract(contract),
                s,
                token == null ? null : BigInteger.valueOf(token));
    }

    private static LicenseVerdict check(LicenseTerms t, String... wallets) throws ChainException {
        return checker.check(t, List.of(wallets));
    }

    @Test
    void theStandardsInterfaceIdsAreTheOnesTheContractsDeclare() {
        assertEquals(LicenseRules.ERC4907, chain.interfaceId("erc4907"));
        assertEquals(LicenseRules.ERC5643, chain.interfaceId("erc5643"));
        assertEquals(LicenseRules.ERC721, chain.interfaceId("erc721"));
        assertEquals(LicenseRules.ERC1155, chain.interfaceId("erc1155"));
        assertEquals(LicenseRules.ERC2981, chain.interfaceId("erc2981"));
    }

    @Test
    void erc721OwnerHoldsUntilTheTokenIsTransferredAway() throws Exception {
        chain.send(0, "erc721", "mint(address,uint256)", owner, "1");
        LicenseTerms t = terms("erc721", LicenseStandard.ERC721, 1);
        LicenseVerdict held = check(t, other, owner);
        assertTrue(held.valid(), held.reason());
        assertEquals(owner, held.holder());
        assertTrue(held.reason().contains(owner), "names the wallet: " + held.reason());

        chain.send(1, "erc721", "transferFrom(address,address,uint256)", owner, other, "1");
        LicenseVerdict gone = check(t, owner);
        assertFalse(gone.valid());
        assertTrue(gone.reason().contains("held by " + other), gone.reason());

        LicenseVerdict missing = check(terms("erc721", LicenseStandard.ERC721, 999), owner);
        assertFalse(missing.valid());
        assertTrue(missing.reason().contains("does not exist"), missing.reason());
    }

    @Test
    void erc721AnyTokenOfTheCollection() throws Exception {
        LicenseTerms any = terms("erc721", LicenseStandard.ERC721, null);
        String fresh = chain.account(5).address().toLowerCase(Locale.ROOT);
        assertFalse(check(any, fresh).valid());
        chain.send(0, "erc721", "mint(address,uint256)", fresh, "55");
        LicenseVerdict v = check(any, fresh);
        assertTrue(v.valid(), v.reason());
        assertEquals(fresh, v.holder());
    }

    @Test
    void erc2981RoyaltyIsReadAndNeverEnforced() throws Exception {
        Royalty r = checker.royalty(terms("erc721", LicenseStandard.ERC721, 1)).orElseThrow();
        assertEquals(deployer, r.receiver());
        assertEquals(500, r.basisPoints());
        LicenseVerdict info = check(terms("erc721", LicenseStandard.ERC2981, 1), other);
        assertTrue(info.valid());
        assertTrue(info.reason().contains("5.00%"), info.reason());
        assertTrue(checker.royalty(terms("erc1155", LicenseStandard.ERC1155, 1)).isEmpty());
    }

    @Test
    void erc1155BalanceDecides() throws Exception {
        chain.send(0, "erc1155", "mint(address,uint256,uint256)", owner, "5", "1");
        assertTrue(check(terms("erc1155", LicenseStandard.ERC1155, 5), other, owner).valid());
        LicenseVerdict none = check(terms("erc1155", LicenseStandard.ERC1155, 6), owner);
        assertFalse(none.valid());
        assertTrue(none.reason().contains("token #6"), none.reason());
    }

    @Test
    void erc4907RenterRunsOwnerOfRecordDoesNotUnlessAllowed() throws Exception {
        String lender = chain.account(6).address().toLowerCase(Locale.ROOT);
        chain.send(0, "rental", "mint(address,uint256)", lender, "10");
        LicenseTerms t = terms("rental", LicenseStandard.ERC4907, 10);
        LicenseVerdict unrented = check(t, lender);
        assertTrue(unrented.valid(), "owner of an unrented token runs: " + unrented.reason());

        long end = chain.now() + 3600;
        chain.send(6, "rental", "setUser(uint256,address,uint64)", "10", owner, Long.toString(end));
        LicenseVerdict renter = check(t, owner);
        assertTrue(renter.valid(), renter.reason());
        assertEquals(owner, renter.holder());
        assertEquals(Instant.ofEpochSecond(end), renter.expiresAt());

        LicenseVerdict lent = check(t, lender);
        assertFalse(lent.valid());
        assertTrue(lent.reason().contains("rented token #10 out to " + owner), lent.reason());
        LicenseTerms lenderMayRun =
                new LicenseTerms(
                        chain.chainId(),
                        t.contract(),
                        LicenseStandard.ERC4907,
                        t.tokenId(),
                        null,
                        true);
        assertTrue(check(lenderMayRun, lender).valid());

        chain.increaseTime(3601);
        LicenseVerdict ended = check(t, owner);
        assertFalse(ended.valid(), "the rental ended: " + ended.reason());
        assertTrue(check(t, lender).valid(), "the owner of record runs again");
    }

    @Test
    void erc5643SubscriptionRenewedBeforeAndAfterExpiry() throws Exception {
        chain.send(0, "rental", "mint(address,uint256)", owner, "20");
        LicenseTerms t = terms("rental", LicenseStandard.ERC5643, 20);
        assertFalse(check(t, owner).valid(), "never subscribed");

        chain.send(1, "rental", "renewSubscription(uint256,uint64)", "20", "3600");
        LicenseVerdict v = check(t, owner);
        assertTrue(v.valid(), v.reason());
        Instant firstEnd = v.expiresAt();

        chain.increaseTime(1800);
        chain.send(1, "rental", "renewSubscription(uint256,uint64)", "20", "3600");
        LicenseVerdict renewed = check(t, owner);
        assertTrue(renewed.valid());
        assertEquals(firstEnd.plusSeconds(3600), renewed.expiresAt(), "renewal extends, no gap");

        chain.increaseTime(3 * 3600);
        LicenseVerdict expired = check(t, owner);
        assertFalse(expired.valid());
        assertTrue(expired.reason().contains("expired"), expired.reason());

        chain.send(1, "rental", "renewSubscription(uint256,uint64)", "20", "600");
        assertTrue(check(t, owner).valid(), "renewed after expiry");
        assertFalse(check(t, other).valid(), "another wallet does not own the token");
    }

    @Test
    void unlockKeyIsValidUntilItExpires() throws Exception {
        String member = chain.account(7).address().toLowerCase(Locale.ROOT);
        LicenseTerms t = terms("lock", LicenseStandard.UNLOCK, null);
        assertFalse(check(t, member).valid());
        chain.send(
                0, "lock", "grantKey(address,uint256)", member, Long.toString(chain.now() + 600));
        LicenseVerdict v = check(t, member);
        assertTrue(v.valid(), v.reason());
        assertTrue(v.expiresAt() != null);
        chain.increaseTime(601);
        assertFalse(check(t, member).valid());
    }

    @Test
    void aContractThatIsNotWhatTheManifestClaimsIsRefusedClearly() {
        ChainException e =
                assertThrows(
                        ChainException.class,
                        () -> check(terms("erc1155", LicenseStandard.ERC721, 1), owner));
        assertFalse(e.unreachable());
        assertTrue(e.getMessage().contains("does not implement ERC-721"), e.getMessage());

        e =
                assertThrows(
                        ChainException.class,
                        () -> check(terms("erc721", LicenseStandard.ERC4907, 1), owner));
        assertTrue(e.getMessage().contains("does not implement ERC-4907"), e.getMessage());

        e =
                assertThrows(
                        ChainException.class,
                        () -> check(terms("erc721", LicenseStandard.UNLOCK, null), owner));
        assertTrue(e.getMessage().contains("not an Unlock lock"), e.getMessage());

        LicenseTerms eoa =
                new LicenseTerms(chain.chainId(), other, LicenseStandard.ERC721, BigInteger.ONE);
        e = assertThrows(ChainException.class, () -> check(eoa, owner));
        assertTrue(e.getMessage().contains("no contract at"), e.getMessage());

        LicenseTerms unknownChain =
                new LicenseTerms(99_999, other, LicenseStandard.ERC721, BigInteger.ONE);
        e = assertThrows(ChainException.class, () -> check(unknownChain, owner));
        assertTrue(e.unreachable());
        assertTrue(e.getMessage().contains("no RPC endpoint"), e.getMessage());
    }

    @Test
    void anUnreachableChainIsReportedAsSuchAndCheckingResumesAfterwards() throws Exception {
        chain.send(0, "erc1155", "mint(address,uint256,uint256)", owner, "77", "1");
        LicenseTerms t = terms("erc1155", LicenseStandard.ERC1155, 77);
        chain.pause();
        try {
            long t0 = System.nanoTime();
            ChainException e = assertThrows(ChainException.class, () -> check(t, owner));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(e.unreachable(), e.getMessage());
            assertTrue(ms < 10_000, "bounded by timeouts and retries, took " + ms + " ms");
            HealthStatus health = checker.check();
            assertTrue(health.healthy(), "an outage of the chain is not an outage of the node");
            assertTrue(health.detail().contains("unreachable"), health.detail());
            assertEquals(
                    "unreachable",
                    ((Map<?, ?>) health.data().get(Long.toString(chain.chainId()))).get("state"));
        } finally {
            chain.resume();
        }
        assertTrue(check(t, owner).valid());
        assertEquals(
                "reachable",
                ((Map<?, ?>) checker.check().data().get(Long.toString(chain.chainId())))
                        .get("state"));
    }

    @Test
    void cachedVerdictsAreReusedWithinTheirTimeToLive() throws Exception {
        Web3jLicenseChecker cached = new Web3jLicenseChecker(Clock.systemUTC());
        cached.configure(
                chain.chainId() + "=" + chain.rpcUrl(),
                Duration.ofSeconds(2),
                1,
                10,
                Duration.ofMinutes(5));
        try {
            chain.send(0, "erc1155", "mint(address,uint256,uint256)", owner, "88", "1");
            LicenseTerms t = terms("erc1155", LicenseStandard.ERC1155, 88);
            LicenseVerdict first = cached.check(t, List.of(owner));
            chain.pause();
            try {
                assertSame(
                        first,
                        cached.check(
                                t, List.of(owner.toUpperCase(Locale.ROOT).replace("0X", "0x"))));
                cached.forget();
                assertThrows(ChainException.class, () -> cached.check(t, List.of(owner)));
            } finally {
                chain.resume();
            }
        } finally {
            cached.deactivate();
        }
    }

    @Test
    void erc1271SmartAccountSignaturesAreCheckedOnChain() throws Exception {
        byte[] hash =
                Hash.sha3("sign in to my NAS".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String account = chain.contract("account");
        LocalChain.Signature byOwner = chain.signHash(chain.account(3).privateKey(), hash);
        LocalChain.Signature byOther = chain.signHash(chain.account(2).privateKey(), hash);
        assertTrue(
                checker.isValidSignature(chain.chainId(), account, hash, hex(byOwner.signature())));
        assertFalse(
                checker.isValidSignature(chain.chainId(), account, hash, hex(byOther.signature())));
        assertFalse(
                checker.isValidSignature(chain.chainId(), other, hash, hex(byOwner.signature())),
                "an EOA has no contract to ask");
        assertFalse(
                checker.isValidSignature(chain.chainId(), account, hash, new byte[3]),
                "a malformed signature is just invalid");
    }

    @Test
    void personalSignaturesByEthersRecoverToTheSigner() {
        String text = "example.org wants you to sign in with your Ethereum account";
        LocalChain.Signature s = chain.signMessage(chain.account(4).privateKey(), text);
        byte[] msg = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(
                java.util.Optional.of(chain.account(4).address().toLowerCase(Locale.ROOT)),
                checker.recoverPersonalSign(msg, hex(s.signature())));
        byte[] other = (text + ".").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertFalse(
                checker.recoverPersonalSign(other, hex(s.signature()))
                        .equals(
                                java.util.Optional.of(
                                        chain.account(4).address().toLowerCase(Locale.ROOT))));
        assertTrue(checker.recoverPersonalSign(msg, new byte[64]).isEmpty());
    }

    @Test
    void receiptsSignedByEthersTypedDataVerifyOffline() throws Exception {
        LocalChain.Account issuer = chain.account(0);
        LicenseTerms t =
                new LicenseTerms(
                        chain.chainId(),
                        chain.contract("erc721"),
                        LicenseStandard.ERC721,
                        BigInteger.valueOf(42),
                        issuer.address(),
                        false);
        long until = Instant.now().getEpochSecond() + 86_400;
        LicenseReceipt good =
                ethersReceipt(issuer.privateKey(), "org.example.notes", owner, t, until);
        LicenseVerdict v = checker.checkReceipt(t, "org.example.notes", good, List.of(owner));
        assertTrue(v.valid(), v.reason());
        assertEquals(owner, v.holder());

        LicenseReceipt expired =
                ethersReceipt(
                        issuer.privateKey(), "org.example.notes", owner, t, until - 2 * 86_400);
        assertTrue(
                checker.checkReceipt(t, "org.example.notes", expired, List.of(owner))
                        .reason()
                        .contains("expired"));

        LicenseReceipt forged =
                ethersReceipt(chain.account(4).privateKey(), "org.example.notes", owner, t, until);
        assertFalse(checker.checkReceipt(t, "org.example.notes", forged, List.of(owner)).valid());

        LicenseReceipt forOther =
                ethersReceipt(issuer.privateKey(), "org.example.notes", other, t, until);
        LicenseVerdict wrongWallet =
                checker.checkReceipt(t, "org.example.notes", forOther, List.of(owner));
        assertFalse(wrongWallet.valid());
        assertNull(wrongWallet.holder());
    }

    /** A receipt signed with ethers' {@code signTypedData}, as a wallet would. */
    static LicenseReceipt ethersReceipt(
            String key, String appId, String holder, LicenseTerms t, long until) throws Exception {
        Map<String, Object> domain = new LinkedHashMap<>();
        domain.put("name", LicenseReceipt.DOMAIN_NAME);
        domain.put("version", LicenseReceipt.DOMAIN_VERSION);
        domain.put("chainId", t.chainId());
        domain.put("verifyingContract", t.contract());
        Map<String, Object> types =
                Map.of(
                        "LicenseReceipt",
                        List.of(
                                field("appId", "string"),
                                field("holder", "address"),
                                field("chainId", "uint256"),
                                field("contract", "address"),
                                field("tokenId", "uint256"),
                                field("expiresAt", "uint64")));
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("appId", appId);
        message.put("holder", holder);
        message.put("chainId", t.chainId());
        message.put("contract", t.contract());
        message.put("tokenId", t.tokenId().toString());
        message.put("expiresAt", until);
        LocalChain.Signature s = chain.signTypedData(key, domain, types, message);
        return new LicenseReceipt(
                appId,
                holder,
                t.chainId(),
                t.contract(),
                t.tokenId(),
                Instant.ofEpochSecond(until),
                hex(s.signature()));
    }

    private static Map<String, Object> field(String name, String type) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("name", name);
        f.put("type", type);
        return f;
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.startsWith("0x") ? s.substring(2) : s);
    }
}
