// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.chain;

import java.time.Instant;
import java.util.Objects;

/**
 * The answer to a license check.
 *
 * @param valid whether one of the wallets held the license when it was checked
 * @param reason one human-readable line saying why, for the owner and the audit log
 * @param expiresAt when the license lapses on its own (a rental or subscription end), or {@code
 *     null} if it does not expire
 * @param checkedAt when the chain (or a receipt) was consulted
 * @param holder the wallet that holds the license, in lowercase, or {@code null} if none does
 */
public record LicenseVerdict(
        boolean valid, String reason, Instant expiresAt, Instant checkedAt, String holder) {

    /**
     * Validates the verdict.
     *
     * @throws NullPointerException if {@code reason} or {@code checkedAt} is {@code null}
     * @throws IllegalArgumentException if the reason is blank
     */
    public LicenseVerdict {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(checkedAt, "checkedAt");
        if (reason.isBlank()) {
            throw new IllegalArgumentException("a license verdict needs a reason");
        }
    }

    /**
     * Tells whether the license still holds at a given time, by this verdict alone: it was valid
     * and has not reached its expiry. Whether the verdict is too old to trust is the caller's
     * policy, using {@link #checkedAt()}.
     *
     * @param now the time to check at
     * @return whether the verdict was valid and {@code now} is before {@link #expiresAt()}, if set
     */
    public boolean validAt(Instant now) {
        return valid && (expiresAt == null || now.isBefore(expiresAt));
    }
}
