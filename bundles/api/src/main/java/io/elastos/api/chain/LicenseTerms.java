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
 * @param issuer the wallet address whose EIP-712 signature makes an offline {@link LicenseReceipt}
 *     valid, in lowercase; {@code null} if the license accepts no receipts
 * @param ownerMayRunWhileRented for {@link LicenseStandard#ERC4907}: whether the token's owner of
 *     record may run the app while the token is rented out to someone else (by default only the
 *     current renter may)
 */
public record LicenseTerms(
        long chainId,
        String contract,
        LicenseStandard standard,
        BigInteger tokenId,
        String issuer,
        boolean ownerMayRunWhileRented) {

    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

    /**
     * Validates the terms and normalizes the contract address to lowercase.
     *
     * @throws NullPointerException if {@code contract} or {@code standard} is {@code null}
     * @throws IllegalArgumentException if the chain id is not positive, the contract is not an
     *     address, the token id is negative or wider than 256 bits, the standard needs a token id
     *     and none is given, or the issuer is not an address
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
        if (issuer != null) {
            if (!ADDRESS.matcher(issuer).matches()) {
                throw new IllegalArgumentException("not a license issuer address: " + issuer);
            }
            issuer = issuer.toLowerCase(Locale.ROOT);
        }
        if (tokenId == null) {
            if (standard.tokenIdRequired()) {
                throw new IllegalArgumentException(standard + " license needs a token id");
            }
        } else if (tokenId.signum() < 0 || tokenId.bitLength() > 256) {
            throw new IllegalArgumentException("token id out of uint256 range: " + tokenId);
        }
    }

    /**
     * Terms with no receipt issuer and the default rental rule.
     *
     * @param chainId the EIP-155 chain id
     * @param contract the token contract's address
     * @param standard the token standard
     * @param tokenId the token id, or {@code null} for any token where allowed
     */
    public LicenseTerms(
            long chainId, String contract, LicenseStandard standard, BigInteger tokenId) {
        this(chainId, contract, standard, tokenId, null, false);
    }

    /**
     * Tells whether an address is {@code 0x} followed by 40 hex digits.
     *
     * @param address the text to check
     * @return whether it has the form of an EVM address
     */
    public static boolean isAddress(String address) {
        return address != null && ADDRESS.matcher(address).matches();
    }
}
