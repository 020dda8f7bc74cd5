// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.identity;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A single-use nonce for a Sign-In with Ethereum (EIP-4361) message, issued by the node.
 *
 * @param value the nonce: at least 8 letters and digits, as EIP-4361 requires
 * @param expiresAt after this the nonce is refused
 */
public record SiweNonce(String value, Instant expiresAt) {

    private static final Pattern SYNTAX = Pattern.compile("[A-Za-z0-9]{8,128}");

    /**
     * Validates the nonce.
     *
     * @throws NullPointerException if either component is {@code null}
     * @throws IllegalArgumentException if the value is not 8 to 128 letters and digits
     */
    public SiweNonce {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (!SYNTAX.matcher(value).matches()) {
            throw new IllegalArgumentException("SIWE nonce must be 8-128 letters and digits");
        }
    }
}
