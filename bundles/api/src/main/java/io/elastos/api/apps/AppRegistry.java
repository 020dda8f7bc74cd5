// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.apps;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The installed mini-apps. Only SuperEXE's installer changes the registry; everyone else reads it.
 * An app's stored versions never change, and its head, the version requests go to, is the only
 * mutable pointer. Reads are cheap and thread-safe.
 */
@ProviderType
public interface AppRegistry {

    /**
     * Lists the installed apps.
     *
     * @return the apps sorted by id, including removed apps whose data is kept
     */
    List<InstalledApp> list();

    /**
     * Looks up an app.
     *
     * @param id the app id
     * @return the app, or empty if it was never installed or is removed without kept data
     */
    Optional<InstalledApp> get(String id);

    /**
     * Reads an app's head pointer. Requests read it once and stay on that version until they
     * finish, even if the head moves meanwhile.
     *
     * @param id the app id
     * @return the head version, or empty if the app is not installed
     */
    Optional<String> head(String id);

    /**
     * Lists the stored versions of an app, those it can be rolled back to included.
     *
     * @param id the app id
     * @return the versions, oldest first by semantic-version order; empty if none are stored
     */
    List<String> versions(String id);
}
