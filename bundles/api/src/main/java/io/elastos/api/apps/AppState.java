// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.apps;

/** The life-cycle state of an installed mini-app. */
public enum AppState {
    /** Installed and allowed to run, with no instance running right now. */
    INSTALLED,
    /** Installed with at least one live instance. */
    RUNNING,
    /** Installed but not allowed to run, such as after its license lapsed; its data is kept. */
    SUSPENDED,
    /** Removed; listed only while its data is kept for a later reinstall. */
    REMOVED
}
