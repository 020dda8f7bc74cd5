// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.license;

import io.elastos.api.chain.LicenseTerms;
import java.time.Instant;

/**
 * What the node knows about one installed app's license.
 *
 * @param appId the app
 * @param terms the license its head version names
 * @param valid whether the last answer (chain or receipt) said the owner holds it
 * @param reason one line from that answer, or why no answer came
 * @param holder the wallet that holds it, if valid
 * @param expiresAt when the held license ends on its own (rental, subscription, receipt), if known
 * @param checkedAt when the last answer came
 * @param problemSince when the license was first seen lapsed or the chain unreachable, since the
 *     last valid answer: the start of the grace period; {@code null} while all is well
 * @param unreachable whether the last attempt could not reach the chain
 * @param suspended whether the license policy suspended the app (and so may resume it)
 * @param royalty ERC-2981 royalty information, shown and never enforced; {@code null} if none
 */
public record LicenseRecord(
        String appId,
        LicenseTerms terms,
        boolean valid,
        String reason,
        String holder,
        Instant expiresAt,
        Instant checkedAt,
        Instant problemSince,
        boolean unreachable,
        boolean suspended,
        String royalty) {

    /** One word for the owner: valid, lapsed, unreachable or suspended. */
    public String status() {
        if (suspended) {
            return "suspended";
        }
        if (unreachable) {
            return "unreachable";
        }
        return valid ? "valid" : "lapsed";
    }
}
