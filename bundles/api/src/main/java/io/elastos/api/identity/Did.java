// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.identity;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A W3C decentralized identifier. The node uses two methods: {@code did:key} for Ed25519 keys (the
 * node itself and key-holding users) and {@code did:pkh:eip155:<chainId>:<address>} for Ethereum
 * wallets.
 *
 * <p>The constructor checks the generic DID syntax and, for {@code did:pkh} with the {@code eip155}
 * namespace, the chain id and address. Wallet addresses are kept in lowercase so that the same
 * wallet always gives an equal {@code Did}, whatever checksum casing it was written with.
 *
 * @param value the DID string, such as {@code did:key:z6Mk...}
 */
public record Did(String value) {

    /** The {@code did:key} method. */
    public static final String METHOD_KEY = "key";

    /** The {@code did:pkh} method. */
    public static final String METHOD_PKH = "pkh";

    /** Upper bound on the string form, well above the longest DID the node handles. */
    public static final int MAX_LENGTH = 2048;

    private static final Pattern SYNTAX =
            Pattern.compile("did:([a-z0-9]+):((?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2}|:)*)");
    private static final Pattern IDCHAR_END =
            Pattern.compile(".*(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2})");
    private static final Pattern EIP155 =
            Pattern.compile("eip155:([1-9][0-9]{0,17}):(0x[0-9A-Fa-f]{40})");

    /**
     * Checks the syntax and normalizes {@code did:pkh:eip155} addresses to lowercase.
     *
     * @throws NullPointerException if {@code value} is {@code null}
     * @throws IllegalArgumentException if {@code value} is not a DID, or is a malformed {@code
     *     did:pkh:eip155} DID
     */
    public Did {
        Objects.requireNonNull(value, "value");
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("DID longer than " + MAX_LENGTH + " characters");
        }
        Matcher m = SYNTAX.matcher(value);
        if (!m.matches() || !IDCHAR_END.matcher(m.group(2)).matches()) {
            throw new IllegalArgumentException("not a DID: " + value);
        }
        if (m.group(1).equals(METHOD_PKH) && m.group(2).startsWith("eip155:")) {
            Matcher pkh = EIP155.matcher(m.group(2));
            if (!pkh.matches()) {
                throw new IllegalArgumentException("malformed did:pkh:eip155: " + value);
            }
            value = "did:pkh:eip155:" + pkh.group(1) + ":" + pkh.group(2).toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Parses a DID string; the same as the constructor, for readability at call sites.
     *
     * @param value the DID string
     * @return the DID
     * @throws IllegalArgumentException if the string is not a DID
     */
    public static Did of(String value) {
        return new Did(value);
    }

    /**
     * Makes the {@code did:pkh} of an Ethereum account.
     *
     * @param chainId the EIP-155 chain id, such as 1 for Ethereum mainnet
     * @param address the account address, {@code 0x} and 40 hex digits, in any casing
     * @return {@code did:pkh:eip155:<chainId>:<lowercase address>}
     * @throws IllegalArgumentException if the chain id is not positive or the address is malformed
     */
    public static Did pkh(long chainId, String address) {
        if (chainId < 1) {
            throw new IllegalArgumentException("chain id must be positive: " + chainId);
        }
        return new Did("did:pkh:eip155:" + chainId + ":" + address);
    }

    /**
     * Returns the DID method.
     *
     * @return the method name, such as {@value #METHOD_KEY} or {@value #METHOD_PKH}
     */
    public String method() {
        return value.substring(4, value.indexOf(':', 4));
    }

    /**
     * Returns the method-specific identifier.
     *
     * @return everything after {@code did:<method>:}
     */
    public String methodSpecificId() {
        return value.substring(value.indexOf(':', 4) + 1);
    }

    /**
     * Returns the Ethereum address of a {@code did:pkh:eip155} DID.
     *
     * @return the lowercase {@code 0x} address, or empty for any other kind of DID
     */
    public Optional<String> evmAddress() {
        return isEvmAccount()
                ? Optional.of(value.substring(value.lastIndexOf(':') + 1))
                : Optional.empty();
    }

    /**
     * Returns the EIP-155 chain id of a {@code did:pkh:eip155} DID.
     *
     * @return the chain id, or empty for any other kind of DID
     */
    public Optional<Long> evmChainId() {
        if (!isEvmAccount()) {
            return Optional.empty();
        }
        String id = methodSpecificId();
        return Optional.of(Long.parseLong(id.substring(7, id.lastIndexOf(':'))));
    }

    /**
     * Returns the DID string.
     *
     * @return the same string as {@link #value()}
     */
    @Override
    public String toString() {
        return value;
    }

    private boolean isEvmAccount() {
        return value.startsWith("did:pkh:eip155:");
    }
}
