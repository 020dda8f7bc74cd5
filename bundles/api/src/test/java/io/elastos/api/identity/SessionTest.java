// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SessionTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Did OWNER = Did.pkh(1, "0xab5801a7d398351b8be11c439e05c5b3259aec9b");

    private static Session session(Instant issued, Instant expires) {
        return new Session("s1", OWNER, Role.OWNER, Session.Method.SIWE, issued, expires);
    }

    @Test
    void expiresAtItsEndNotBefore() {
        Session s = session(T0, T0.plus(Duration.ofHours(1)));
        assertFalse(s.expiredAt(T0));
        assertFalse(s.expiredAt(T0.plus(Duration.ofMinutes(59))));
        assertTrue(s.expiredAt(T0.plus(Duration.ofHours(1))));
    }

    @Test
    void refusesASessionThatEndsBeforeItBegins() {
        assertThrows(IllegalArgumentException.class, () -> session(T0, T0));
        assertThrows(IllegalArgumentException.class, () -> session(T0, T0.minusSeconds(1)));
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        new Session(
                                " ",
                                OWNER,
                                Role.OWNER,
                                Session.Method.SIWE,
                                T0,
                                T0.plusSeconds(1)));
    }

    @Test
    void tokenNeverAppearsInToString() {
        SessionToken t =
                new SessionToken("s3cr3t-t0ken", "csrf-s3cr3t", session(T0, T0.plusSeconds(60)));
        assertFalse(t.toString().contains("s3cr3t-t0ken"), t.toString());
        assertFalse(t.toString().contains("csrf-s3cr3t"), t.toString());
        assertThrows(IllegalArgumentException.class, () -> new SessionToken("", "c", t.session()));
    }

    @Test
    void rolesIncludeTheRolesBelowThem() {
        assertTrue(Role.OWNER.includes(Role.GUEST));
        assertTrue(Role.OWNER.includes(Role.OWNER));
        assertTrue(Role.MEMBER.includes(Role.GUEST));
        assertFalse(Role.MEMBER.includes(Role.OWNER));
        assertFalse(Role.GUEST.includes(Role.MEMBER));
    }

    @Test
    void siweNoncesFollowEip4361() {
        assertEquals("abcDEF12", new SiweNonce("abcDEF12", T0).value());
        assertThrows(IllegalArgumentException.class, () -> new SiweNonce("short7x", T0));
        assertThrows(IllegalArgumentException.class, () -> new SiweNonce("has-dash-1234", T0));
    }

    @Test
    void authenticationFailuresCarryTheirReason() {
        AuthenticationException e =
                new AuthenticationException(AuthenticationException.Reason.INVALID_NONCE, "reused");
        assertEquals(AuthenticationException.Reason.INVALID_NONCE, e.reason());
        assertTrue(e instanceof IdentityException);
    }
}
