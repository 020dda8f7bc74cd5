// SPDX-License-Identifier: Apache-2.0
package io.elastos.identity.internal.siwe;

import io.elastos.api.identity.AuthenticationException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A Sign-In with Ethereum (EIP-4361) message, parsed strictly by {@link #parse(String)}.
 *
 * <p>The record keeps the exact text it was parsed from, because the wallet's signature covers that
 * text byte for byte; the fields are only a reading of it. The version is always 1, the only one
 * EIP-4361 defines. Records should come from {@link #parse(String)}: the canonical constructor does
 * not check that the fields agree with the text.
 *
 * @param text the exact message text
 * @param scheme the scheme written before the domain, such as {@code https}, or {@code null}
 * @param domain the RFC 3986 authority that asked for the signature, such as {@code nas.local:8443}
 * @param address the account, {@code 0x} and 40 hex digits as written (checksum or one case)
 * @param statement the human-readable statement, possibly empty, or {@code null} if absent
 * @param uri the RFC 3986 URI the sign-in is for
 * @param chainId the EIP-155 chain id the session is bound to and smart accounts are resolved on
 * @param nonce the nonce: at least 8 letters and digits
 * @param issuedAt when the message was made
 * @param expirationTime after this the message is no longer valid, or {@code null}
 * @param notBefore before this the message is not yet valid, or {@code null}
 * @param requestId the request id, possibly empty, or {@code null} if absent
 * @param resources the resource URIs, empty if there are none
 */
public record SiweMessage(
        String text,
        String scheme,
        String domain,
        String address,
        String statement,
        String uri,
        long chainId,
        String nonce,
        Instant issuedAt,
        Instant expirationTime,
        Instant notBefore,
        String requestId,
        List<String> resources) {

    /** The longest message accepted, in bytes; real messages are a few hundred. */
    public static final int MAX_BYTES = 8 * 1024;

    /**
     * Checks that the required fields are present and copies the resources.
     *
     * @throws NullPointerException if a required field is {@code null}
     */
    public SiweMessage {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(issuedAt, "issuedAt");
        resources = List.copyOf(resources);
    }

    /**
     * Parses a message, refusing anything that does not conform exactly to the EIP-4361 ABNF: a
     * missing, duplicated or misplaced field, an unknown version, an address with a wrong EIP-55
     * checksum, a short nonce, a timestamp that is not RFC 3339, a carriage return, a line break at
     * the end, anything after the last field, or more than {@value #MAX_BYTES} bytes.
     *
     * @param text the message text as the wallet signed it
     * @return the message
     * @throws AuthenticationException with {@link AuthenticationException.Reason#MALFORMED_MESSAGE}
     *     and the precise reason and line if the text is not a conforming message
     * @throws NullPointerException if {@code text} is {@code null}
     */
    public static SiweMessage parse(String text) throws AuthenticationException {
        return SiweParser.parse(text);
    }
}
