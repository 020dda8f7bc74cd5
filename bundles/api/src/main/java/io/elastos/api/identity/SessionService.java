// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.identity;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Signs users in and keeps their sessions: Sign-In with Ethereum for wallets, passwords as the Web2
 * fallback, and bearer tokens stored only as hashes.
 *
 * <p>Every login takes the client's address, used for rate limiting and the audit log. Every login
 * attempt, successful or not, is written to the audit log. Implementations are thread-safe.
 */
@ProviderType
public interface SessionService {

    /**
     * Issues a single-use nonce for a Sign-In with Ethereum message, bound to one sign-in attempt:
     * the nonce is accepted only together with the same attempt secret (a random value the client
     * keeps in a cookie), so a nonce seen by someone else is useless to them.
     *
     * @param attempt the attempt secret, at least 16 characters
     * @return a fresh nonce, remembered by the node until it is used or expires
     * @throws IdentityException if the nonce cannot be stored
     */
    SiweNonce issueNonce(String attempt) throws IdentityException;

    /**
     * Signs in with an EIP-4361 message and the wallet's signature over it. The nonce must have
     * been issued by {@link #issueNonce(String)} for the same attempt and is consumed whatever the
     * outcome; the domain and URI must be the node's as the client reached it; the message must be
     * within its validity period. An EOA signature is checked by ecrecover, a smart-account
     * signature by ERC-1271 {@code isValidSignature} on the message's chain.
     *
     * @param message the exact EIP-4361 message text the wallet signed
     * @param signature the signature bytes: 65 bytes for an EOA, any length for a smart account
     * @param attempt the attempt secret the nonce was issued for
     * @param context how the client reached the node
     * @return the new session and its token; the subject is the wallet's {@code did:pkh}
     * @throws AuthenticationException if the login is refused, with the reason
     * @throws IdentityException if the session cannot be stored
     */
    SessionToken loginWithSiwe(
            String message, byte[] signature, String attempt, LoginContext context)
            throws IdentityException;

    /**
     * Signs in with a username and password. The password array is not kept; the caller should
     * clear it afterwards.
     *
     * @param username the account name
     * @param password the password
     * @param context how the client reached the node
     * @return the new session and its token
     * @throws AuthenticationException if the login is refused: {@link
     *     AuthenticationException.Reason#BAD_CREDENTIALS} for an unknown user or a wrong password
     *     alike, or {@link AuthenticationException.Reason#RATE_LIMITED}
     * @throws IdentityException if the session cannot be stored
     */
    SessionToken loginWithPassword(String username, char[] password, LoginContext context)
            throws IdentityException;

    /**
     * Looks up the session a bearer token opens. This is on every request's path and must be fast.
     *
     * @param token the bearer token from the client
     * @return the session, or empty if the token is unknown, expired or revoked
     */
    Optional<Session> validate(String token);

    /**
     * Lists a user's live sessions, such as to show their signed-in devices.
     *
     * @param subject the user
     * @return the sessions that have neither expired nor been revoked, newest first
     * @throws IdentityException if the sessions cannot be read
     */
    List<Session> sessions(Did subject) throws IdentityException;

    /**
     * Ends a session at once; its token is refused from then on.
     *
     * @param sessionId the session's {@link Session#id()}
     * @return whether the session was live
     * @throws IdentityException if the revocation cannot be stored
     */
    boolean revoke(String sessionId) throws IdentityException;

    /**
     * Ends every session of a user, such as after a password change or a lost device.
     *
     * @param subject the user
     * @return how many live sessions were ended
     * @throws IdentityException if the revocation cannot be stored
     */
    int revokeAll(Did subject) throws IdentityException;
}
