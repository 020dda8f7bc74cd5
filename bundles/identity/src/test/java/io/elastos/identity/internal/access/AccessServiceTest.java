// SPDX-License-Identifier: Apache-2.0
package io.elastos.identity.internal.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.api.audit.AuditEvent;
import io.elastos.api.audit.AuditLog;
import io.elastos.api.identity.AuthenticationException;
import io.elastos.api.identity.AuthenticationException.Reason;
import io.elastos.api.identity.Did;
import io.elastos.api.identity.LoginContext;
import io.elastos.api.identity.Role;
import io.elastos.api.identity.Session;
import io.elastos.api.identity.SessionToken;
import io.elastos.api.identity.SiweNonce;
import io.elastos.api.metadata.MetadataStore;
import io.elastos.chain.internal.Web3jLicenseChecker;
import io.elastos.metadata.internal.TestMetadata;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

/** Users, sign-in, sessions and pairing on real Derby, with wallet signatures made by web3j. */
class AccessServiceTest {
    static final LoginContext CTX =
            new LoginContext("nas.local:8080", "http://nas.local:8080", "10.0.0.7");
    static final ECKeyPair WALLET = ECKeyPair.create(BigInteger.valueOf(0xC0FFEE));

    @TempDir Path dir;
    MetadataStore db;
    AccessService access;
    final MovableClock clock = new MovableClock(Instant.parse("2026-05-01T10:00:00Z"));
    final List<AuditEvent> audit = new CopyOnWriteArrayList<>();
    final Web3jLicenseChecker signatures = new Web3jLicenseChecker();

    @BeforeEach
    void open() throws Exception {
        db = TestMetadata.open(dir.resolve("db"));
        access = service();
    }

    AccessService service() throws Exception {
        AccessService a = new AccessService();
        a.metadata = db;
        a.signatures = signatures;
        a.clock = clock;
        a.siweChains = Set.of(1L, 20L);
        a.nodeDid = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK";
        a.audit =
                new AuditLog() {
                    @Override
                    public void record(AuditEvent event) {
                        audit.add(event);
                    }

                    @Override
                    public List<AuditEvent> query(Instant since, int limit) {
                        return List.copyOf(audit);
                    }
                };
        a.open();
        return a;
    }

    @AfterEach
    void close() {
        TestMetadata.close(db);
    }

    static String address(ECKeyPair k) {
        return "0x" + Keys.getAddress(k.getPublicKey()).toLowerCase(Locale.ROOT);
    }

    String siwe(String address, String nonce) {
        return "nas.local:8080 wants you to sign in with your Ethereum account:\n"
                + Keys.toChecksumAddress(address)
                + "\n\nSign in to my NAS.\n\nURI: http://nas.local:8080\nVersion: 1\nChain ID: 20\n"
                + "Nonce: "
                + nonce
                + "\nIssued At: "
                + clock.instant()
                + "";
    }

    static byte[] sign(ECKeyPair key, String message) {
        Sign.SignatureData s =
                Sign.signPrefixedMessage(message.getBytes(StandardCharsets.UTF_8), key);
        byte[] out = new byte[65];
        System.arraycopy(s.getR(), 0, out, 0, 32);
        System.arraycopy(s.getS(), 0, out, 32, 32);
        out[64] = s.getV()[0];
        return out;
    }

    SessionToken claimOwner() throws Exception {
        return access.claimWithPassword(
                access.lastSetupCode, "alice", "correct horse battery".toCharArray(), CTX);
    }

    @Test
    void theSetupCodeMakesTheFirstOwnerOnce() throws Exception {
        String code = access.lastSetupCode;
        assertTrue(code.matches("[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}"), code);
        AuthenticationException wrong =
                assertThrows(
                        AuthenticationException.class,
                        () ->
                                access.claimWithPassword(
                                        "AAAA-AAAA-AAAA",
                                        "mallory",
                                        "correct horse battery".toCharArray(),
                                        CTX));
        assertEquals(Reason.BAD_CREDENTIALS, wrong.reason());
        SessionToken owner = claimOwner();
        assertEquals(Role.OWNER, owner.session().role());
        assertEquals(Session.Method.PASSWORD, owner.session().method());
        assertThrows(
                AuthenticationException.class,
                () ->
                        access.claimWithPassword(
                                code, "bob", "correct horse battery".toCharArray(), CTX));
        // A restart of a node that has an owner makes no new setup code.
        assertEquals(null, service().lastSetupCode);
    }

    @Test
    void passwordsSignInAndBruteForceIsThrottled() throws Exception {
        claimOwner();
        SessionToken t =
                access.loginWithPassword("Alice", "correct horse battery".toCharArray(), CTX);
        assertEquals("alice", access.users().get(0).name());
        assertTrue(access.validate(t.token()).isPresent());
        Reason last = null;
        for (int i = 0; i < 8; i++) {
            try {
                access.loginWithPassword("alice", ("guess" + i).toCharArray(), CTX);
            } catch (AuthenticationException e) {
                last = e.reason();
            }
        }
        assertEquals(Reason.RATE_LIMITED, last);
        // Even the right password waits now: that is the lock-out.
        AuthenticationException locked =
                assertThrows(
                        AuthenticationException.class,
                        () ->
                                access.loginWithPassword(
                                        "alice", "correct horse battery".toCharArray(), CTX));
        assertEquals(Reason.RATE_LIMITED, locked.reason());
        AuthenticationException unknown =
                assertThrows(
                        AuthenticationException.class,
                        () ->
                                access.loginWithPassword(
                                        "nobody",
                                        "whatever-it-is".toCharArray(),
                                        new LoginContext("h", "http://h", "10.0.0.9")));
        assertEquals(
                Reason.BAD_CREDENTIALS,
                unknown.reason(),
                "unknown users look like wrong passwords");
        assertTrue(
                audit.stream()
                        .anyMatch(e ->
                                e.outcome() == AuditEvent.Outcome.DENIED
                                        && e.reason().contains("RATE_LIMITED")));
    }

    @Test
    void sessionsExpireWhenIdleOrOldAndEndOnLogout() throws Exception {
        SessionToken t = claimOwner();
        clock.move(Duration.ofHours(11));
        assertTrue(access.validate(t.token()).isPresent(), "used within the idle time");
        clock.move(Duration.ofHours(11));
        assertTrue(access.validate(t.token()).isPresent());
        clock.move(Duration.ofHours(13));
        assertTrue(access.validate(t.token()).isEmpty(), "idle for 13 h");

        SessionToken a =
                access.loginWithPassword("alice", "correct horse battery".toCharArray(), CTX);
        // Used every 11 hours: never idle, but the session ends 30 days after sign-in.
        for (int i = 0; i < 65; i++) {
            clock.move(Duration.ofHours(11));
            assertTrue(access.validate(a.token()).isPresent(), "after " + (i + 1) * 11 + " h");
        }
        clock.move(Duration.ofHours(11));
        assertTrue(access.validate(a.token()).isEmpty(), "past the absolute 30 days");

        SessionToken b =
                access.loginWithPassword("alice", "correct horse battery".toCharArray(), CTX);
        SessionToken c =
                access.loginWithPassword("alice", "correct horse battery".toCharArray(), CTX);
        assertEquals(2, access.sessions(b.session().subject()).size());
        assertTrue(access.revoke(b.session().id()));
        assertTrue(access.validate(b.token()).isEmpty(), "token reuse after logout");
        assertTrue(access.validate(c.token()).isPresent());
        assertEquals(1, access.revokeAll(c.session().subject()));
        assertTrue(access.validate(c.token()).isEmpty());
        assertTrue(access.validate("x".repeat(43)).isEmpty());
    }

    @Test
    void stateChangingCookieRequestsNeedTheCsrfToken() throws Exception {
        SessionToken t = claimOwner();
        assertTrue(
                access.cookieSession(t.token(), false, null).session().isPresent(),
                "GET needs none");
        AccessService.CookieSession noToken = access.cookieSession(t.token(), true, null);
        assertTrue(noToken.csrfRefused() && noToken.session().isEmpty());
        assertTrue(access.cookieSession(t.token(), true, "forged").csrfRefused());
        assertTrue(access.cookieSession(t.token(), true, t.csrf()).session().isPresent());
        assertNotEquals(t.token(), t.csrf());
    }

    @Test
    void walletSignInNeedsTheNonceOfThisAttemptAndAKnownWallet() throws Exception {
        SessionToken owner = claimOwner();
        String addr = address(WALLET);
        String attempt = AccessService.newAttempt();
        SiweNonce n = access.issueNonce(attempt);
        String msg = siwe(addr, n.value());
        AuthenticationException unknown =
                assertThrows(
                        AuthenticationException.class,
                        () -> access.loginWithSiwe(msg, sign(WALLET, msg), attempt, CTX));
        assertEquals(Reason.UNKNOWN_ACCOUNT, unknown.reason());

        access.inviteWallet(Did.pkh(20, addr), Role.MEMBER, owner.session().subject());
        AuthenticationException replay =
                assertThrows(
                        AuthenticationException.class,
                        () -> access.loginWithSiwe(msg, sign(WALLET, msg), attempt, CTX));
        assertEquals(Reason.INVALID_NONCE, replay.reason(), "the nonce was used by the first try");

        SiweNonce other = access.issueNonce(AccessService.newAttempt());
        String stolen = siwe(addr, other.value());
        AuthenticationException foreign =
                assertThrows(
                        AuthenticationException.class,
                        () -> access.loginWithSiwe(stolen, sign(WALLET, stolen), attempt, CTX));
        assertEquals(Reason.INVALID_NONCE, foreign.reason(), "a nonce from another attempt");

        String fresh = AccessService.newAttempt();
        String good = siwe(addr, access.issueNonce(fresh).value());
        SessionToken member = access.loginWithSiwe(good, sign(WALLET, good), fresh, CTX);
        assertEquals(Role.MEMBER, member.session().role());
        assertEquals(Did.pkh(20, addr), member.session().subject());
        assertEquals(Session.Method.SIWE, member.session().method());
    }

    @Test
    void aDevicePairsOnceWithACodeTheOwnerConfirmed() throws Exception {
        SessionToken owner = claimOwner();
        String code = access.newPairingCode();
        AuthenticationException early =
                assertThrows(AuthenticationException.class, () -> access.claimPairing(code, CTX));
        assertEquals(Reason.BAD_CREDENTIALS, early.reason());
        access.confirmPairing(code.toLowerCase(Locale.ROOT), Role.GUEST, owner.session().subject());
        SessionToken device = access.claimPairing(code, CTX);
        assertEquals(Role.GUEST, device.session().role());
        assertEquals(Session.Method.PAIRING, device.session().method());
        assertThrows(
                AuthenticationException.class, () -> access.claimPairing(code, CTX), "works once");

        String late = access.newPairingCode();
        access.confirmPairing(late, Role.MEMBER, owner.session().subject());
        clock.move(Duration.ofMinutes(6));
        assertThrows(
                AuthenticationException.class, () -> access.claimPairing(late, CTX), "expired");
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        access.confirmPairing(
                                access.newPairingCode(), Role.OWNER, owner.session().subject()),
                "a device never becomes an owner");
    }

    @Test
    void theOwnerCannotBeRemovedAndRemovedUsersLoseTheirSessions() throws Exception {
        SessionToken owner = claimOwner();
        Did ownerDid = owner.session().subject();
        assertThrows(IllegalArgumentException.class, () -> access.removeUser(ownerDid, ownerDid));
        access.invitePassword("bob", "another long secret".toCharArray(), Role.MEMBER, ownerDid);
        SessionToken bob =
                access.loginWithPassword("bob", "another long secret".toCharArray(), CTX);
        assertTrue(access.removeUser(bob.session().subject(), ownerDid));
        assertTrue(access.validate(bob.token()).isEmpty());
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        access.invitePassword(
                                "carol", "password".toCharArray(), Role.MEMBER, ownerDid),
                "weak passwords are refused");
        assertFalse(access.users().stream().anyMatch(u -> "bob".equals(u.name())));
    }

    @Test
    void grantsGiveMembersAppsUntilRevokedOrExpired() throws Exception {
        SessionToken owner = claimOwner();
        Did ownerDid = owner.session().subject();
        access.invitePassword("bob", "another long secret".toCharArray(), Role.MEMBER, ownerDid);
        SessionToken bob =
                access.loginWithPassword("bob", "another long secret".toCharArray(), CTX);
        Session s = bob.session();
        assertFalse(access.allowed(s, "app:org.example.notes"), "no grant, no app");
        assertTrue(access.allowed(owner.session(), "app:org.example.notes"), "the owner may");
        var g = access.grant(s.subject(), "app:org.example.notes", null, ownerDid);
        assertTrue(access.allowed(s, "app:org.example.notes"));
        assertFalse(access.allowed(s, "app:org.example.other"));
        access.grant(s.subject(), "folder:/photos", clock.instant().plusSeconds(60), ownerDid);
        assertTrue(access.allowed(s, "folder:/photos/2026/beach.jpg"));
        assertFalse(access.allowed(s, "folder:/photos-private/x"), "a prefix is not a subfolder");
        clock.move(Duration.ofMinutes(2));
        assertFalse(access.allowed(s, "folder:/photos/2026/beach.jpg"), "expired");
        assertTrue(access.revokeGrant(g.id(), ownerDid));
        assertFalse(access.allowed(s, "app:org.example.notes"), "revoked at once");
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        access.grant(
                                Did.pkh(1, address(WALLET)),
                                "app:org.example.notes",
                                null,
                                ownerDid),
                "not a user: share a credential instead");
        assertThrows(
                IllegalArgumentException.class,
                () -> access.grant(s.subject(), "file:/etc/passwd", null, ownerDid));
    }

    @Test
    void aCredentialSharedWithAnotherOwnerOpensOnlyItsResourceUntilRevoked() throws Exception {
        // The owner signs in with a wallet (the setup code and SIWE): it signs the credential.
        ECKeyPair ownerKey = ECKeyPair.create(BigInteger.valueOf(0xA11CE));
        String attempt = AccessService.newAttempt();
        String claim = siwe(address(ownerKey), access.issueNonce(attempt).value());
        SessionToken owner =
                access.claimWithSiwe(
                        access.lastSetupCode, claim, sign(ownerKey, claim), attempt, CTX);
        Did ownerDid = owner.session().subject();
        Did friend = Did.pkh(20, address(WALLET));

        GrantCredential draft =
                access.shareDraft(
                        friend,
                        "app:org.example.notes",
                        clock.instant().plus(Duration.ofDays(7)),
                        ownerDid);
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        access.attachProof(
                                draft.id(), hex(sign(WALLET, draft.signingInput())), ownerDid),
                "only the owner's wallet signs it");
        String vc =
                access.attachProof(draft.id(), hex(sign(ownerKey, draft.signingInput())), ownerDid)
                        .toJson();
        assertTrue(vc.contains("\"ElastosAccessGrant\"") && vc.contains("\"proofValue\""), vc);

        SessionToken guest = present(WALLET, vc);
        assertEquals(Role.GUEST, guest.session().role());
        assertEquals(friend, guest.session().subject());
        assertTrue(access.allowed(guest.session(), "app:org.example.notes"));
        assertFalse(access.allowed(guest.session(), "app:org.example.other"));

        ECKeyPair stranger = ECKeyPair.create(BigInteger.valueOf(0xBAD));
        assertEquals(
                Reason.BAD_CREDENTIALS,
                assertThrows(AuthenticationException.class, () -> present(stranger, vc)).reason(),
                "someone else's credential");
        String widened = vc.replace("app:org.example.notes", "app:org.example.other");
        assertThrows(AuthenticationException.class, () -> present(WALLET, widened), "tampered");
        String otherNode =
                vc.replace(
                        access.nodeDid, "did:key:z6MkpTHR8VNsBxYAAWHut2Geadd9jSwuBV8xRoAnwWsdvktH");
        assertThrows(
                AuthenticationException.class,
                () -> present(WALLET, otherNode),
                "for another node");

        assertTrue(access.revokeGrant(draft.id(), ownerDid));
        assertTrue(access.validate(guest.token()).isEmpty(), "revocation ends the guest's session");
        assertThrows(AuthenticationException.class, () -> present(WALLET, vc), "revoked");

        GrantCredential shortOne =
                access.shareDraft(
                        friend,
                        "app:org.example.notes",
                        clock.instant().plus(Duration.ofHours(1)),
                        ownerDid);
        String vc2 =
                access.attachProof(
                                shortOne.id(),
                                hex(sign(ownerKey, shortOne.signingInput())),
                                ownerDid)
                        .toJson();
        clock.move(Duration.ofHours(2));
        assertThrows(AuthenticationException.class, () -> present(WALLET, vc2), "expired");
    }

    private SessionToken present(ECKeyPair wallet, String credential) throws Exception {
        String attempt = AccessService.newAttempt();
        String msg = siwe(address(wallet), access.issueNonce(attempt).value());
        return access.loginWithCredential(msg, sign(wallet, msg), attempt, CTX, credential);
    }

    private static String hex(byte[] b) {
        return "0x" + java.util.HexFormat.of().formatHex(b);
    }

    /** A clock the test moves forward. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            now = start;
        }

        void move(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
