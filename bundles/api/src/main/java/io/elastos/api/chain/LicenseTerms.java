// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.chain;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The license a mini-app's manifest names: which token on which chain the owner must hold.
 *
 * @param chainId the EIP-155 chain id, such as 1 for Ethereum mainnet
 * @param contract the token contract's address, {@code 0x} and 40 hex digits; kept in lowercase
 * @param standard the token standard, which decides how holding is checked
 * @param tokenId the token id, or {@code null} for "any token of the collection" where the standard
 *     allows it (see {@link LicenseStandard#tokenIdRequired()})
 */
public record LicenseTerms(
        long chainId, String contract, LicenseStandard standard, BigInteger tokenId) {

    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

    /**
     * Validates the terms and normalizes the contract address to lowercase.
     *
     * @throws NullPointerException if {@code contract} or {@code standard} is {@code null}
     * @throws IllegalArgumentException if the chain id is not positive, the contract is not an
     *     address, the token id is negative or wider than 256 bits, or the standard needs a token
     *     id and none is given
     */
    public LicenseTerms {
        Objects.requireNonNull(contract, "contract");
        Objects.requireNonNull(standard, "standard");
        if (chainId < 1) {
            throw new IllegalArgumentException("chain id must be positive: " + chainId);
        }
        if (!ADDRESS.matcher(contract).matches()) {
            throw new IllegalArgumentException("not a contract address: " + contract);
        }
        contract = contract.toLowerCase(Locale.ROOT);
        if (tokenId == null) {
            if (standard.tokenIdRequired()) {
                throw new IllegalArgumentException(standard + " license needs a token id");
            }
        } else if (tokenId.signum() < 0 || tokenId.bitLength() > 256) {
            throw new IllegalArgumentException("token id out of uint256 range: " + tokenId);
        }
    }
}
