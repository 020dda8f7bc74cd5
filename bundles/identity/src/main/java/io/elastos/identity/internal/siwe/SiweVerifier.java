// SPDX-License-Identifier: Apache-2.0
package io.elastos.identity.internal.siwe;

import io.elastos.api.chain.ChainException;
import io.elastos.api.chain.SignatureChecker;
import io.elastos.api.identity.AuthenticationException;
import io.elastos.api.identity.AuthenticationException.Reason;
import io.elastos.api.identity.Did;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies Sign-In with Ethereum (EIP-4361) logins: the message must be well formed, meant for this
 * node, carry a nonce the node issued, be within its validity period, and be signed by its account.
 *
 * <p>The checks run in this order, and the first failure refuses the login:
 *
 * <ol>
 *   <li>the message conforms to the ABNF ({@link Reason#MALFORMED_MESSAGE});
 *   <li>its scheme, domain and URI are the node's and its chain is one the node accepts ({@link
 *       Reason#DOMAIN_MISMATCH});
 *   <li>the nonce is consumed ({@link Reason#INVALID_NONCE}). This happens only for a message that
 *       is meant for this node, so that a message for another site never touches the node's nonces,
 *       and before the remaining checks, so that whatever their outcome the same signed text cannot
 *       be presented twice and every costly ERC-1271 call spends a fresh nonce;
 *   <li>the message has not expired and is already valid ({@link Reason#EXPIRED});
 *   <li>the signature is the account's ({@link Reason#BAD_SIGNATURE}, or {@link
 *       Reason#CHAIN_UNAVAILABLE} if a smart account could not be asked).
 * </ol>
 *
 * <p>Each refusal's message names the precise reason, for the node's log; clients should be told no
 * more than the {@link Reason}. Instances are immutable and thread-safe.
 */
public final class SiweVerifier {

    /** A sensible {@link Expectations#maxClockSkew()}: wallets' clocks are often a little off. */
    public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofSeconds(60);

    /** Larger signatures are refused unread; real smart-account signatures are far smaller. */
    public static final int MAX_SIGNATURE_BYTES = 8 * 1024;

    /** Spends the node's single-use SIWE nonces. */
    @FunctionalInterface
    public interface NonceCheck {

        /**
         * Spends a nonce. Implementations must do this atomically, so that of two concurrent logins
         * with the same nonce only one succeeds. If the nonce store fails, throw an unchecked
         * exception: the login then fails without being refused for a reason.
         *
         * @param nonce the nonce of the message
         * @return {@code true} exactly once for a nonce this node issued and that has not expired;
         *     {@code false} if it is unknown, already spent or expired
         */
        boolean consume(String nonce);
    }

    /**
     * What a login must match.
     *
     * @param domain the node's domain as the client reached it: host, and port if not the default,
     *     such as {@code nas.local:8443}
     * @param origin the node's origin, {@code scheme://host[:port]}; the message's URI must be on
     *     it and its scheme, if given, must be the origin's
     * @param chainIds the EIP-155 chain ids the node accepts sign-ins for
     * @param nonces spends the message's nonce
     * @param clock the clock the validity period is checked against
     * @param maxClockSkew how far in the future a message's issue time and start of validity may
     *     be, for wallets whose clocks run ahead; expiry gets no such grace
     */
    public record Expectations(
            String domain,
            String origin,
            Set<Long> chainIds,
            NonceCheck nonces,
            Clock clock,
            Duration maxClockSkew) {

        /**
         * Validates the expectations.
         *
         * @throws NullPointerException if any component is {@code null}
         * @throws IllegalArgumentException if the domain is not a host with an optional port, the
         *     origin is not {@code scheme://host[:port]}, there is no chain id or one is not
         *     positive, or the skew is negative
         */
        public Expectations {
            Objects.requireNonNull(domain, "domain");
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(nonces, "nonces");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(maxClockSkew, "maxClockSkew");
            chainIds = Set.copyOf(chainIds);
            if (Rfc3986.authority(domain).userinfo() != null) {
                throw new IllegalArgumentException("the domain must not have user information");
            }
            originUri(origin);
            if (chainIds.isEmpty() || chainIds.stream().anyMatch(id -> id < 1)) {
                throw new IllegalArgumentException("chain ids must be positive, at least one");
            }
            if (maxClockSkew.isNegative()) {
                throw new IllegalArgumentException("negative clock skew");
            }
        }

        private static Rfc3986.Uri originUri(String origin) {
            Rfc3986.Uri uri = Rfc3986.uri(origin);
            if (uri.authority() == null
                    || uri.authority().userinfo() != null
                    || !(uri.path().isEmpty() || uri.path().equals("/"))
                    || uri.query() != null
                    || uri.fragment() != null) {
                throw new IllegalArgumentException(
                        "not an origin (scheme://host[:port]): " + origin);
            }
            return uri;
        }
    }

    private final SignatureChecker signatures;

    /**
     * Creates a verifier.
     *
     * @param signatures recovers EOA signatures and asks smart accounts (ERC-1271) on chain
     */
    public SiweVerifier(SignatureChecker signatures) {
        this.signatures = Objects.requireNonNull(signatures, "signatures");
    }

    /**
     * Verifies a login.
     *
     * @param message the exact EIP-4361 text the wallet signed
     * @param signature the signature: 65 bytes {@code r || s || v} for an EOA, anything the
     *     account's contract accepts for a smart account
     * @param expected what the message must match
     * @return {@code did:pkh:eip155:<chainId>:<address>} of the message's account
     * @throws AuthenticationException if the login is refused, with the reason
     * @throws NullPointerException if an argument is {@code null}
     */
    public Did verify(String message, byte[] signature, Expectations expected)
            throws AuthenticationException {
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(expected, "expected");
        SiweMessage m = SiweMessage.parse(message);
        checkScope(m, expected);
        if (!expected.nonces().consume(m.nonce())) {
            throw new AuthenticationException(
                    Reason.INVALID_NONCE,
                    "nonce " + m.nonce() + " was not issued by this node, is spent or has expired");
        }
        checkValidity(m, expected.clock().instant(), expected.maxClockSkew());
        checkSignature(m, signature);
        return Did.pkh(m.chainId(), m.address());
    }

    /** The message must be for this node: a signature for another site proves nothing here. */
    private static void checkScope(SiweMessage m, Expectations expected)
            throws AuthenticationException {
        Rfc3986.Uri origin = Expectations.originUri(expected.origin());
        String scheme = origin.scheme();
        if (m.scheme() != null && !m.scheme().equalsIgnoreCase(scheme)) {
            throw mismatch(
                    "scheme '"
                            + LogText.quote(m.scheme())
                            + "' is not the node's '"
                            + scheme
                            + "'");
        }
        Rfc3986.Authority domain = Rfc3986.authority(m.domain());
        if (domain.userinfo() != null
                || !domain.sameHostAndPort(Rfc3986.authority(expected.domain()), scheme)) {
            throw mismatch(
                    "domain '"
                            + LogText.quote(m.domain())
                            + "' is not the node's '"
                            + expected.domain()
                            + "'");
        }
        Rfc3986.Uri uri = Rfc3986.uri(m.uri());
        if (!uri.scheme().equalsIgnoreCase(scheme)
                || uri.authority() == null
                || uri.authority().userinfo() != null
                || !uri.authority().sameHostAndPort(origin.authority(), scheme)) {
            throw mismatch(
                    "URI '"
                            + LogText.quote(m.uri())
                            + "' is not on the node's origin '"
                            + expected.origin()
                            + "'");
        }
        if (!expected.chainIds().contains(m.chainId())) {
            throw mismatch(
                    "chain id "
                            + m.chainId()
                            + " is not one this node accepts "
                            + expected.chainIds().stream().sorted().toList());
        }
    }

    private static void checkValidity(SiweMessage m, Instant now, Duration skew)
            throws AuthenticationException {
        if (m.expirationTime() != null && !now.isBefore(m.expirationTime())) {
            throw new AuthenticationException(
                    Reason.EXPIRED,
                    "message expired at " + m.expirationTime() + " (now " + now + ")");
        }
        Instant late = now.plus(skew);
        if (m.notBefore() != null && late.isBefore(m.notBefore())) {
            throw new AuthenticationException(
                    Reason.EXPIRED,
                    "message not valid before "
                            + m.notBefore()
                            + " (now "
                            + now
                            + ", clock skew allowed "
                            + skew.toSeconds()
                            + " s)");
        }
        if (m.issuedAt().isAfter(late)) {
            throw new AuthenticationException(
                    Reason.EXPIRED,
                    "message issued in the future, at "
                            + m.issuedAt()
                            + " (now "
                            + now
                            + ", clock skew allowed "
                            + skew.toSeconds()
                            + " s)");
        }
    }

    /**
     * Only the message's own account can vouch for it: an EOA signature must recover to exactly
     * that address, and ERC-1271 is asked of that address alone, on the message's chain. Asking any
     * other contract (such as one at the recovered address) would let a smart account that approves
     * every hash prove someone else's address.
     */
    private void checkSignature(SiweMessage m, byte[] signature) throws AuthenticationException {
        if (signature.length == 0 || signature.length > MAX_SIGNATURE_BYTES) {
            throw new AuthenticationException(
                    Reason.BAD_SIGNATURE,
                    "signature of "
                            + signature.length
                            + " bytes (1 to "
                            + MAX_SIGNATURE_BYTES
                            + " accepted)");
        }
        byte[] text = m.text().getBytes(StandardCharsets.UTF_8);
        String account = m.address().toLowerCase(Locale.ROOT);
        Optional<String> signer = signatures.recoverPersonalSign(text, signature);
        if (signer.isPresent() && signer.get().equalsIgnoreCase(account)) {
            return;
        }
        boolean accepted;
        try {
            accepted =
                    signatures.isValidSignature(
                            m.chainId(), account, Keccak256.eip191(text), signature);
        } catch (ChainException e) {
            // Either way the signature could not be judged: it is no EOA signature of the
            // account, and whether the account is a contract that accepts it is unknown.
            throw new AuthenticationException(
                    Reason.CHAIN_UNAVAILABLE,
                    "cannot ask "
                            + account
                            + " on chain "
                            + m.chainId()
                            + " about its ERC-1271 signature ("
                            + (e.unreachable() ? "chain unreachable" : "chain error")
                            + "): "
                            + e.getMessage(),
                    e);
        }
        if (!accepted) {
            throw new AuthenticationException(
                    Reason.BAD_SIGNATURE,
                    "signature "
                            + signer.map(s -> "recovers to " + s + ", not " + account)
                                    .orElse("recovers no key (malformed or high-s)")
                            + ", and "
                            + account
                            + " on chain "
                            + m.chainId()
                            + " is no ERC-1271 contract that accepts it");
        }
    }

    private static AuthenticationException mismatch(String reason) {
        return new AuthenticationException(Reason.DOMAIN_MISMATCH, reason);
    }
}
