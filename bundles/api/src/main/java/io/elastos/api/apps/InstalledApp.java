// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.apps;

import java.time.Instant;
import java.util.Objects;

/**
 * An app as the registry knows it.
 *
 * @param id the app id, such as {@code org.example.notes}
 * @param name the name shown to users, from the head version's manifest
 * @param version the head version: the one requests are routed to
 * @param state the app's state
 * @param installedAt when the head version was installed
 */
public record InstalledApp(
        String id, String name, String version, AppState state, Instant installedAt) {

    /**
     * Validates the record.
     *
     * @throws NullPointerException if any component is {@code null}
     */
    public InstalledApp {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(installedAt, "installedAt");
    }
}
