// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.license;

/** Where license decisions are recorded: SuperEXE's audit trail. */
public interface LicenseEvents {

    /** A license check or action that succeeded. */
    void allowed(String actor, String action, String subject, String detail);

    /** A license that was refused or lapsed. */
    void denied(String actor, String action, String subject, String reason);

    /** A check that could not be done, such as with the chain unreachable. */
    void failed(String actor, String action, String subject, String reason);
}
