// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.chain;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Checks wallet signatures: by plain key-pair accounts (EOAs) off chain with ecrecover, and by
 * smart-contract accounts (account-abstraction wallets such as Particle Network's) with ERC-1271,
 * whose validity only the account's contract can decide.
 */
@ProviderType
public interface SignatureChecker {

    /**
     * Calls ERC-1271 {@code isValidSignature(bytes32, bytes)} on the account's contract.
     *
     * @param chainId the EIP-155 chain id the account lives on
     * @param account the contract account's address, {@code 0x} and 40 hex digits
     * @param hash the 32-byte hash that was signed, such as the EIP-191 hash of a SIWE message
     * @param signature the signature bytes, in whatever format the account expects
     * @return {@code true} only if the call returned the magic value {@code 0x1626ba7e}; {@code
     *     false} if it returned anything else, reverted, or the address holds no contract
     * @throws ChainException if the chain cannot be reached
     * @throws IllegalArgumentException if the address is malformed or the hash is not 32 bytes
     */
    boolean isValidSignature(long chainId, String account, byte[] hash, byte[] signature)
            throws ChainException;

    /**
     * Recovers the address that signed a message with EIP-191 {@code personal_sign}, as wallets
     * sign Sign-In with Ethereum messages. No network access. Malleable (high-s) signatures are
     * refused.
     *
     * @param message the exact message bytes that were signed (before the EIP-191 prefix)
     * @param signature the 65-byte signature {@code r || s || v}, {@code v} 27/28 or 0/1
     * @return the signer's address, {@code 0x} and 40 lowercase hex digits, or empty if the
     *     signature is malformed or recovers no key
     */
    java.util.Optional<String> recoverPersonalSign(byte[] message, byte[] signature);
}
