// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.chain;

import java.util.Objects;

/**
 * ERC-2981 royalty information of a license contract, shown to the owner and never enforced.
 *
 * @param receiver the address royalties are paid to, in lowercase
 * @param basisPoints the royalty in hundredths of a percent of the sale price (500 is 5%)
 */
public record Royalty(String receiver, long basisPoints) {

    /**
     * Validates the royalty.
     *
     * @throws NullPointerException if the receiver is {@code null}
     * @throws IllegalArgumentException if the basis points are negative
     */
    public Royalty {
        Objects.requireNonNull(receiver, "receiver");
        if (basisPoints < 0) {
            throw new IllegalArgumentException("negative royalty");
        }
    }

    @Override
    public String toString() {
        return String.format("%d.%02d%% to %s", basisPoints / 100, basisPoints % 100, receiver);
    }
}
