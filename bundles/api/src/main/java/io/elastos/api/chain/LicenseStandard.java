// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.chain;

/** The token standards a mini-app license can be expressed in, and how each is checked. */
public enum LicenseStandard {
    /** An NFT: {@code ownerOf(tokenId)} is a holder wallet, or any token if no id is given. */
    ERC721(true, false),
    /** A multi-token: {@code balanceOf(wallet, id) > 0}. */
    ERC1155(true, true),
    /** A rentable NFT: {@code userOf(tokenId)} is a holder wallet and not yet expired. */
    ERC4907(true, true),
    /** A subscription NFT: the wallet owns the token and {@code expiresAt(tokenId)} is ahead. */
    ERC5643(true, true),
    /** An Unlock Protocol lock: {@code getHasValidKey(wallet)}. */
    UNLOCK(true, false),
    /** Royalty information ({@code royaltyInfo}), shown to the owner but never enforced. */
    ERC2981(false, false);

    private final boolean enforced;
    private final boolean tokenIdRequired;

    LicenseStandard(boolean enforced, boolean tokenIdRequired) {
        this.enforced = enforced;
        this.tokenIdRequired = tokenIdRequired;
    }

    /**
     * Tells whether a license in this standard decides if the app may run.
     *
     * @return {@code false} only for informational standards such as {@link #ERC2981}
     */
    public boolean enforced() {
        return enforced;
    }

    /**
     * Tells whether terms in this standard must name a token id.
     *
     * @return whether {@link LicenseTerms#tokenId()} must be set
     */
    public boolean tokenIdRequired() {
        return tokenIdRequired;
    }
}
