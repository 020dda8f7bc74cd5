// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.audit;

/**
 * The result of checking the audit log's hash chain.
 *
 * @param intact whether every row links to its predecessor and matches its own hash
 * @param rows how many rows were checked before the first break, or in total if intact
 * @param brokenSeq the first sequence number at which the chain breaks, or -1 if intact
 * @param problem why the chain breaks there, or {@code ""} if intact
 * @param head the hash of the last intact row, which can be kept elsewhere to detect truncation
 */
public record ChainCheck(boolean intact, long rows, long brokenSeq, String problem, String head) {

    static ChainCheck ok(long rows, String head) {
        return new ChainCheck(true, rows, -1, "", head);
    }

    static ChainCheck broken(long rows, long seq, String problem, String head) {
        return new ChainCheck(false, rows, seq, problem, head);
    }
}
