// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.chain;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * An offline proof of a license: the license issuer's EIP-712 signature over the typed data {@code
 * LicenseReceipt(string appId,address holder,uint256 chainId,address contract,uint256
 * tokenId,uint64 expiresAt)} in the domain {@code {name: "ElastOS License", version: "1", chainId,
 * verifyingContract: contract}}. A NAS that cannot reach the chain can still prove its owner holds
 * the license until {@code expiresAt}.
 *
 * @param appId the mini-app the receipt is for
 * @param holder the wallet the license was issued to, in lowercase
 * @param chainId the chain of the license contract
 * @param contract the license contract, in lowercase
 * @param tokenId the token id, {@code 0} when the license names no token
 * @param expiresAt when the receipt stops proving anything; whole seconds
 * @param signature the 65-byte signature {@code r || s || v}
 */
public record LicenseReceipt(
        String appId,
        String holder,
        long chainId,
        String contract,
        BigInteger tokenId,
        Instant expiresAt,
        byte[] signature) {

    /** The EIP-712 domain name of receipts. */
    public static final String DOMAIN_NAME = "ElastOS License";

    /** The EIP-712 domain version of receipts. */
    public static final String DOMAIN_VERSION = "1";

    /**
     * Validates the receipt and normalizes addresses to lowercase.
     *
     * @throws NullPointerException if a component is {@code null}
     * @throws IllegalArgumentException if an address is malformed, the chain id is not positive,
     *     the token id is out of uint256 range, the expiry is out of uint64 seconds or the
     *     signature is not 65 bytes
     */
    public LicenseReceipt {
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(signature, "signature");
        if (!LicenseTerms.isAddress(holder)) {
            throw new IllegalArgumentException("receipt holder is not an address: " + holder);
        }
        if (!LicenseTerms.isAddress(contract)) {
            throw new IllegalArgumentException("receipt contract is not an address: " + contract);
        }
        holder = holder.toLowerCase(Locale.ROOT);
        contract = contract.toLowerCase(Locale.ROOT);
        if (chainId < 1) {
            throw new IllegalArgumentException("receipt chain id must be positive: " + chainId);
        }
        if (tokenId.signum() < 0 || tokenId.bitLength() > 256) {
            throw new IllegalArgumentException("receipt token id out of uint256 range");
        }
        if (expiresAt.getEpochSecond() < 0 || expiresAt.getNano() != 0) {
            throw new IllegalArgumentException("receipt expiry must be whole seconds after 1970");
        }
        if (signature.length != 65) {
            throw new IllegalArgumentException("receipt signature must be 65 bytes");
        }
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }
}
