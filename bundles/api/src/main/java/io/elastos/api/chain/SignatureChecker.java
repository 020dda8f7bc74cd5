// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.chain;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Checks signatures by smart-contract accounts (account-abstraction wallets such as Particle
 * Network's) with ERC-1271, whose validity only the account's contract can decide. Signatures by
 * plain key-pair accounts (EOAs) are checked off chain with ecrecover and need no chain access.
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
}
