// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.chain;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Checks on chain whether the owner holds a mini-app's license, by the rule of its {@link
 * LicenseStandard}.
 *
 * <p>An implementation may answer from a cache of verdicts no older than its configured time to
 * live; {@link LicenseVerdict#checkedAt()} tells how fresh the answer is. Implementations are
 * thread-safe.
 */
@ProviderType
public interface LicenseChecker {

    /**
     * Checks whether any of the wallets holds the license. {@link LicenseStandard#ERC2981} terms
     * are informational: the verdict is always valid and its reason carries the royalty
     * information.
     *
     * @param terms the license to check
     * @param wallets the owner's wallet addresses, {@code 0x} and 40 hex digits each; may be empty,
     *     which gives an invalid verdict
     * @return the verdict; when it is valid, its reason names the wallet that holds the license
     * @throws ChainException if the chain cannot be reached ({@link ChainException#unreachable()})
     *     or the contract does not answer as the standard requires
     * @throws IllegalArgumentException if a wallet is not an address
     */
    LicenseVerdict check(LicenseTerms terms, List<String> wallets) throws ChainException;

    /**
     * Tells whether the node can reach a chain, that is, has an RPC endpoint configured for it.
     *
     * @param chainId the EIP-155 chain id
     * @return whether an endpoint is configured for the chain
     */
    boolean supports(long chainId);

    /**
     * Verifies an offline receipt without any network access: the EIP-712 signature must recover to
     * the terms' issuer, and the receipt must name this app, one of the wallets, the terms' chain,
     * contract and token, and an expiry still ahead.
     *
     * @param terms the license the app's manifest names
     * @param appId the app the receipt must be for
     * @param receipt the receipt
     * @param wallets the owner's wallet addresses
     * @return a valid verdict naming the holder and expiring with the receipt, or an invalid one
     *     saying which check failed
     */
    LicenseVerdict checkReceipt(
            LicenseTerms terms, String appId, LicenseReceipt receipt, List<String> wallets);

    /**
     * Reads ERC-2981 royalty information for the terms' token, if the contract declares it.
     *
     * @param terms the license
     * @return the royalty, or empty if the contract does not support ERC-2981
     * @throws ChainException if the chain cannot be reached
     */
    Optional<Royalty> royalty(LicenseTerms terms) throws ChainException;

    /**
     * Drops cached verdicts so the next check asks the chain, as when the owner asks for a fresh
     * check.
     */
    void forget();
}
