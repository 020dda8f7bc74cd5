// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.runtime;

/**
 * Who a call runs for, as host functions such as {@code identity_caller} report it.
 *
 * @param callerDid the DID of the signed-in user the call serves, or null for none
 * @param role the caller's role ({@code owner}, {@code member}, {@code guest}), or null
 */
public record CallContext(String callerDid, String role) {

    /** A call on nobody's behalf, such as a health check. */
    public static final CallContext ANONYMOUS = new CallContext(null, null);
}
